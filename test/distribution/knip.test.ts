// knip (knip.jsonc) as part of `npm test`: no file nothing imports, no export nothing imports
// outside its own file, no unused or unlisted dependency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../../server/src/engine/testing';

const root = repoRoot();
const knipBin = path.join(root, 'node_modules', 'knip', 'bin', 'knip.js');

function knip(cwd: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [knipBin, '--no-progress', '--no-config-hints'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('knip: no unused files, exports or dependencies in the tree', { timeout: 300_000 }, () => {
  const r = knip(root);
  assert.equal(r.status, 0, r.out);
});

test('knip.jsonc names every bundle of scripts/bundles.json as an entry', () => {
  const config = fs.readFileSync(path.join(root, 'knip.jsonc'), 'utf8');
  const bundles: { entry: string }[] = JSON.parse(fs.readFileSync(path.join(root, 'scripts', 'bundles.json'), 'utf8'));
  for (const b of bundles) assert.ok(config.includes(`"${b.entry}"`), `${b.entry} is a knip entry`);
});

test('knip fails on an unused export and an unused file', { timeout: 120_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-knip-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'knip-probe', private: true }));
    fs.writeFileSync(
      path.join(dir, 'knip.json'),
      JSON.stringify({ entry: ['main.ts'], project: ['*.ts'], ignoreExportsUsedInFile: true }),
    );
    fs.writeFileSync(path.join(dir, 'main.ts'), "import { used } from './lib';\nconsole.log(used);\n");
    fs.writeFileSync(path.join(dir, 'lib.ts'), 'export const used = 1;\nexport const forgotten = 2;\n');
    fs.writeFileSync(path.join(dir, 'orphan.ts'), 'export const alone = 3;\n');
    const r = knip(dir);
    assert.notEqual(r.status, 0, r.out);
    assert.match(r.out, /forgotten/);
    assert.match(r.out, /orphan\.ts/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
