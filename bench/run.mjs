#!/usr/bin/env node
// npm run bench: builds dist/ (scripts/build.mjs), bundles the benchmark (bench/*.ts) with esbuild
// into out/bench-dist/, then runs it. Arguments are passed on (see bench/main.ts).
// Bundling instead of tsc keeps the benchmark runnable while other files are mid-edit; the
// sources are still type-checked by the root tsconfig (`npm run typecheck`).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { baseOptions } from '../scripts/esbuild-config.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'out', 'bench-dist');

process.stderr.write('[bench] node scripts/build.mjs\n');
// The build's stdout goes to stderr: stdout carries only the results table.
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {
  cwd: root,
  stdio: ['ignore', 2, 2],
});
if (build.status !== 0) process.exit(build.status ?? 1);

// The same options as dist/ (scripts/esbuild-config.mjs): the parse floor runs what kube-ha runs.
await esbuild.build({
  ...baseOptions(),
  entryPoints: ['main', 'parse-floor', 'cluster-server', 'cluster-model', 'activation-probe'].map(
    (e) => `bench/${e}.ts`,
  ),
  outdir,
});

const r = spawnSync(process.execPath, [path.join(outdir, 'main.js'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
