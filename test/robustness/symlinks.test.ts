// The CLI reads only what it is given: directory symlinks leading out of a linted directory are
// skipped, symlink loops do not hang or duplicate, a symlink to a directory inside is read once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../server/src/cli/main';
import { SINGLE, tmpDir } from './hostile';

async function lint(args: string[], cwd: string) {
  let stdout = '',
    stderr = '';
  const code = await runCli(['lint', '--format', 'json', ...args], {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readStdin: async () => '',
    cwd,
    env: {},
  });
  return { code, out: JSON.parse(stdout) as { files: number; findings: { file: string; rule: string }[] }, stderr };
}

test('directory symlinks: out of the tree skipped with a message, loops and inside links read once', async () => {
  const outside = tmpDir('kube-ha-outside-');
  fs.mkdirSync(path.join(outside, 'secrets'));
  fs.writeFileSync(path.join(outside, 'secrets', 'secret.yaml'), SINGLE.replace('name: web', 'name: outside'));
  const dir = tmpDir('kube-ha-tree-');
  fs.mkdirSync(path.join(dir, 'deploy', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'deploy', 'web.yaml'), SINGLE);
  fs.symlinkSync(path.join(outside, 'secrets'), path.join(dir, 'deploy', 'sub', 'linked-out')); // absolute, out
  fs.symlinkSync(path.join('..', '..', path.basename(outside)), path.join(dir, 'deploy', 'up')); // relative, out
  fs.symlinkSync('..', path.join(dir, 'deploy', 'sub', 'loop')); // loop inside
  fs.symlinkSync('.', path.join(dir, 'deploy', 'self')); // loop to itself
  fs.symlinkSync(path.join(dir, 'deploy', 'sub'), path.join(dir, 'deploy', 'alias')); // inside
  const r = await lint(['deploy'], dir);
  assert.equal(r.out.files, 1, `only deploy/web.yaml; stderr: ${r.stderr}`);
  assert.deepEqual([...new Set(r.out.findings.map((f) => f.file))], ['deploy/web.yaml']);
  assert.ok(!r.out.findings.some((f) => /outside|secret/.test(f.file)));
  assert.match(r.stderr, /deploy\/sub\/linked-out: skipped, symlink leads out of/);
  assert.match(r.stderr, /deploy\/up: skipped, symlink leads out of/);
  // A directory given by a symlink is what the user pointed at: read, but not what leads out of it.
  fs.symlinkSync(path.join(dir, 'deploy'), path.join(outside, 'to-deploy'));
  const viaLink = await lint(['to-deploy'], outside);
  assert.equal(viaLink.out.files, 1, viaLink.stderr);
});
