// Test helpers of the rendered-sources tests: the shop fixture's files and a Kustomize that counts
// its runs.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { kustomizeCommand } from './render';

export function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** A kustomize command that counts its runs (a line each in `dir`/count), then runs the real one. */
export function countingKustomize(dir: string): { command: string[]; runs(): number } {
  const real = kustomizeCommand({
    kustomizeCommand: null,
    helmCommand: null,
    helmValues: [],
    timeoutMs: 0,
    env: process.env,
  });
  assert.ok(real, 'kubectl or kustomize on PATH');
  const counter = path.join(dir, 'count');
  const wrapper = path.join(dir, 'kustomize.sh');
  fs.writeFileSync(wrapper, `#!/bin/sh\necho x >> '${counter}'\nexec ${real.map((w) => `'${w}'`).join(' ')} "$@"\n`, {
    mode: 0o755,
  });
  return {
    command: [wrapper],
    runs: () => (fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').split('\n').length - 1 : 0),
  };
}
