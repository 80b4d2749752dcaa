// The one walk of the workspace scan and `kube-ha lint` (files/discovery.ts): which directories,
// which names, which symlinks, what is said of what is left out. The editor and the CLI over the
// same trees: test/lsp/discovery-parity.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { discover, isDiscoverable, skipMessage, type Found, type Skip } from './discovery';
import type { FsPath } from '../read-file';

function tree(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-disc-')));
  for (const [f, t] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), t);
  }
  return root;
}

const rel = (root: string, p: FsPath) =>
  typeof p === 'string' ? path.relative(root, p) : `<bytes ${p.subarray(root.length + 1).toString('hex')}>`;

async function walk(root: string, start = root) {
  const found: Found[] = [],
    skipped: Skip[] = [],
    configs: FsPath[] = [];
  for await (const f of discover(start, { skipped: (s) => skipped.push(s), config: (p) => configs.push(p) }))
    found.push(f);
  return {
    files: found.map((f) => rel(root, f.path)),
    reals: found.map((f) => rel(root, f.real)),
    skipped: skipped.map((s) => skipMessage(s, (p) => rel(root, p) || '.')),
    configs: configs.map((p) => rel(root, p)).sort(),
  };
}

test('discovery: manifests by name, in listing order; dist/ and out/ walked, dependencies and VCS metadata not', async () => {
  const root = tree({
    'b.yaml': 'a: 1\n',
    'a.yml': 'a: 1\n',
    'c.json': '{}',
    'notes.txt': 'x',
    'README.md': 'x',
    Kustomization: 'x',
    'dist/rendered.yaml': 'a: 1\n',
    'out/all.yaml': 'a: 1\n',
    'deploy/Web.YAML': 'a: 1\n',
    'deploy/sub/x.yaml': 'a: 1\n',
    'node_modules/pkg/chart.yaml': 'a: 1\n',
    '.git/x.yaml': 'a: 1\n',
    '.hg/x.yaml': 'a: 1\n',
    '.svn/x.yaml': 'a: 1\n',
    '.vscode-test/x.yaml': 'a: 1\n',
    '.github/workflows/ci.yml': 'a: 1\n',
    '.kube-ha.yaml': 'minReplicas: 2\n',
    'deploy/.kube-ha.yml': 'minReplicas: 3\n',
  });
  try {
    const r = await walk(root);
    assert.deepEqual(r.files, [
      '.github/workflows/ci.yml',
      'a.yml',
      'b.yaml',
      'c.json',
      'deploy/sub/x.yaml',
      'deploy/Web.YAML',
      'dist/rendered.yaml',
      'out/all.yaml',
    ]);
    assert.deepEqual(r.reals, r.files);
    assert.deepEqual(r.skipped, []);
    // Configs are never manifests; the walk says where it met them (config.ts decides which applies).
    assert.deepEqual(r.configs, ['.kube-ha.yaml', 'deploy/.kube-ha.yml']);
    for (const f of r.files) assert.equal(isDiscoverable(path.join(root, f), root), true, f);
    for (const f of [
      'node_modules/pkg/chart.yaml',
      '.git/x.yaml',
      '.vscode-test/x.yaml',
      '.kube-ha.yaml',
      'notes.txt',
      'no-such.yaml',
    ])
      assert.equal(isDiscoverable(path.join(root, f), root), false, f);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('discovery: names are bytes; FIFOs are said, not read', async () => {
  const root = tree({ 'plain.yaml': 'a: 1\n', 'two\nlines.yaml': 'a: 1\n' });
  try {
    fs.writeFileSync(Buffer.concat([Buffer.from(root + '/caf'), Buffer.from([0xe9]), Buffer.from('.yaml')]), 'a: 1\n');
    assert.equal(spawnSync('mkfifo', [path.join(root, 'pipe.yaml')]).status, 0);
    assert.equal(spawnSync('mkfifo', [path.join(root, 'pipe.txt')]).status, 0);
    const found: Found[] = [];
    for await (const f of discover(root)) found.push(f);
    const r = await walk(root);
    assert.deepEqual([...r.files].sort(), ['<bytes 636166e92e79616d6c>', 'plain.yaml', 'two\nlines.yaml']);
    assert.ok(
      Buffer.isBuffer(found.find((f) => typeof f.path !== 'string')!.path),
      'a name that is not UTF-8 is handed out as bytes',
    );
    assert.deepEqual(
      r.skipped,
      ['pipe.yaml: skipped, not a regular file'],
      'a FIFO without a manifest name is not a manifest either',
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('discovery: symlinks inside are followed once, by the real name where there is one; out of the root never', async () => {
  const outside = tree({ 'secret.yaml': 'a: 1\n', 'dir/s.yaml': 'a: 1\n' });
  const root = tree({
    'apps/web.yaml': 'a: 1\n',
    'lib/shared.yaml': 'a: 1\n',
    'lib/data.txt': 'a: 1\n',
    'node_modules/chart/manifests/vendored.yaml': 'a: 1\n',
    'node_modules/chart/manifests/vendored2.yaml': 'a: 1\n',
  });
  const link = (target: string, at: string) => fs.symlinkSync(target, path.join(root, at));
  try {
    link('../lib/shared.yaml', 'apps/shared.yaml'); // a file walked under its own name
    link('lib/data.txt', 'renamed.yaml'); // a file with no manifest name of its own
    link('lib/data.txt', 'renamed-too.yaml'); // the same file again: once
    link('node_modules/chart/manifests', 'vendor'); // a directory the walk skips: followed
    link('node_modules/chart/manifests/vendored2.yaml', 'v2.yaml'); // a file in it, also reached through vendor/
    link('..', 'apps/loop'); // loops
    link('.', 'self');
    link('lib', 'lib-alias'); // walked as lib/ anyway
    link(path.join(outside, 'secret.yaml'), 'out-file.yaml'); // out of the root, absolute
    link(path.join('..', path.basename(outside), 'dir'), 'out-dir'); // out, relative
    link(path.join(outside, 'notes'), 'dangling.yaml'); // broken
    link(path.join(outside, 'notes'), 'dangling'); // broken, no manifest name: quiet
    const r = await walk(root);
    assert.deepEqual(r.files, [
      'apps/web.yaml',
      'lib/shared.yaml',
      'renamed-too.yaml',
      'v2.yaml',
      'vendor/vendored.yaml',
    ]);
    assert.deepEqual(r.reals, [
      'apps/web.yaml',
      'lib/shared.yaml',
      'lib/data.txt',
      'node_modules/chart/manifests/vendored2.yaml',
      'node_modules/chart/manifests/vendored.yaml',
    ]);
    // Files that appear later (watcher, closed documents) are judged as the walk would have.
    for (const f of r.files) assert.equal(isDiscoverable(path.join(root, f), root), true, f);
    for (const f of [
      'apps/shared.yaml',
      'lib-alias/shared.yaml',
      'self/apps/web.yaml',
      'apps/loop/lib/shared.yaml',
      'node_modules/chart/manifests/vendored.yaml',
      'out-file.yaml',
      'out-dir/s.yaml',
      'dangling.yaml',
      'lib/data.txt',
      'apps',
      path.join('..', path.basename(outside), 'secret.yaml'),
    ]) {
      assert.equal(isDiscoverable(path.join(root, f), root), false, f);
    }
    assert.deepEqual(r.skipped.sort(), [
      'dangling.yaml: skipped, broken symlink',
      'out-dir: skipped, symlink leads out of .',
      'out-file.yaml: skipped, symlink leads out of .',
    ]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('discovery: a root given by a symlink is walked, bounded by its real folder', async () => {
  const real = tree({ 'deploy/web.yaml': 'a: 1\n', 'other/x.yaml': 'a: 1\n' });
  const holder = tree({});
  try {
    fs.symlinkSync(path.join(real, 'deploy'), path.join(holder, 'to-deploy'));
    fs.symlinkSync('../other', path.join(real, 'deploy', 'up'));
    const r = await walk(holder, path.join(holder, 'to-deploy'));
    assert.deepEqual(r.files, ['to-deploy/web.yaml']);
    assert.deepEqual(r.reals, [path.relative(holder, path.join(real, 'deploy', 'web.yaml'))]);
    assert.deepEqual(r.skipped, ['to-deploy/up: skipped, symlink leads out of to-deploy']);
  } finally {
    fs.rmSync(real, { recursive: true, force: true });
    fs.rmSync(holder, { recursive: true, force: true });
  }
});

test('discovery: a root that cannot be read is said, not thrown', async () => {
  const r = await walk(os.tmpdir(), path.join(os.tmpdir(), 'kube-ha-no-such-dir-' + process.pid));
  assert.deepEqual(r.files, []);
  assert.match(r.skipped[0], /cannot read directory \(ENOENT\)$/);
});
