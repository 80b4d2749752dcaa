// The workspace scan's plan (the cap, open files' folders first) and the file URIs of byte names
// (issue 16). The walk itself is files/discovery.ts's, tested in files/discovery.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { capNotice, fileUriOf, fsPathOfUri, planScan } from './workspace-files';

test('file URIs of byte names lead back to the same bytes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-ws-'));
  const odd = Buffer.concat([Buffer.from(dir + '/caf'), Buffer.from([0xe9]), Buffer.from('.yaml')]);
  fs.writeFileSync(odd, 'a: 1\n');
  fs.writeFileSync(path.join(dir, 'two\nlines.yaml'), 'a: 1\n');
  for (const f of [odd, path.join(dir, 'two\nlines.yaml')]) {
    const uri = fileUriOf(f);
    assert.ok(uri.startsWith('file:///') && !uri.includes('\n'), uri);
    assert.deepEqual(fsPathOfUri(uri), f, 'the URI leads back to the same bytes');
    assert.deepEqual(fs.readFileSync(fsPathOfUri(uri)!), Buffer.from('a: 1\n'));
  }
  assert.match(fileUriOf(odd), /\/caf%E9\.yaml$/);
  assert.equal(fsPathOfUri('untitled:x'), null);
  fs.rmSync(dir, { recursive: true, force: true });
});

function tree(files: string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-plan-'));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), 'kind: ConfigMap\n');
  }
  return root;
}

test('planScan: under the cap every file, no notice; above it the folders of open files first', async () => {
  const root = tree(['a/1.yaml', 'a/2.yaml', 'b/1.yaml', 'b/deep/2.yml', 'c/1.json', 'node_modules/x.yaml']);
  try {
    const all = await planScan([root], [], 10);
    assert.equal(all.total, 5);
    assert.equal(all.left, 0);
    assert.equal(capNotice(all, 10), null);
    const capped = await planScan([root], [path.join(root, 'b', '1.yaml')], 3);
    assert.deepEqual(
      capped.files
        .slice(0, 2)
        .map((f) => path.relative(root, String(f)))
        .sort(),
      ['b/1.yaml', 'b/deep/2.yml'],
    );
    assert.equal(capped.files.length, 3);
    assert.equal(capped.left, 2);
    assert.match(capNotice(capped, 3)!, /5 manifest files.*indexed 3.*2 left for later/);
    // More near files than the cap: only near files.
    const tight = await planScan([root], [path.join(root, 'b', '1.yaml')], 1);
    assert.equal(path.dirname(path.relative(root, String(tight.files[0]))).startsWith('b'), true);
    assert.equal(tight.left, 4);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
