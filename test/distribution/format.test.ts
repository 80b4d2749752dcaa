// Prettier (.prettierrc.json, .prettierignore) as part of `npm test`: the tree is formatted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../../server/src/engine/testing';

const root = repoRoot();
const prettierBin = path.join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs');

function check(cwd: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [prettierBin, '--check', '.'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('prettier: every file of the tree is formatted (npm run format fixes it)', { timeout: 300_000 }, () => {
  const r = check(root);
  assert.equal(r.status, 0, r.out);
});

test('prettier --check fails on a file that is not formatted, with the same config', { timeout: 120_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-prettier-'));
  try {
    fs.copyFileSync(path.join(root, '.prettierrc.json'), path.join(dir, '.prettierrc.json'));
    fs.writeFileSync(path.join(dir, 'ok.ts'), "export const a = 'x';\n");
    assert.equal(check(dir).status, 0, 'a formatted file passes');
    fs.writeFileSync(path.join(dir, 'bad.ts'), 'export const b = "x"  ;\n');
    const r = check(dir);
    assert.notEqual(r.status, 0, r.out);
    assert.match(r.out, /bad\.ts/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
