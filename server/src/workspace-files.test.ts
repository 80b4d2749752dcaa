// The workspace scan's file names are bytes (issue 16: a name that is not valid UTF-8 was
// silently skipped): found, given a URI of their bytes, and that URI leads back to them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { fileUriOf, fsPathOfUri, yamlFiles } from './workspace-files';

test('the scan finds names that are not valid UTF-8, and says what it leaves out', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-ws-'));
  const odd = Buffer.concat([Buffer.from(dir + '/caf'), Buffer.from([0xe9]), Buffer.from('.yaml')]);
  fs.writeFileSync(odd, 'a: 1\n');
  fs.writeFileSync(path.join(dir, 'plain.yaml'), 'a: 1\n');
  fs.writeFileSync(path.join(dir, 'two\nlines.yaml'), 'a: 1\n');
  fs.writeFileSync(path.join(dir, '.kube-ha.yaml'), 'a: 1\n');
  assert.equal(spawnSync('mkfifo', [path.join(dir, 'pipe.yaml')]).status, 0);
  const skipped: string[] = [];
  const found: (string | Buffer)[] = [];
  for await (const f of yamlFiles(dir, (m) => skipped.push(m))) found.push(f);
  const names = found.map((f) => (typeof f === 'string' ? path.basename(f) : `<bytes ${f.subarray(dir.length + 1).toString('hex')}>`)).sort();
  assert.deepEqual(names, ['<bytes 636166e92e79616d6c>', 'plain.yaml', 'two\nlines.yaml']);
  assert.equal(skipped.length, 1);
  assert.match(skipped[0], /pipe\.yaml: skipped, not a regular file$/);
  for (const f of found) {
    const uri = fileUriOf(f);
    assert.ok(uri.startsWith('file:///') && !uri.includes('\n'), uri);
    assert.deepEqual(fsPathOfUri(uri), f, 'the URI leads back to the same bytes');
    assert.deepEqual(fs.readFileSync(fsPathOfUri(uri)!), Buffer.from('a: 1\n'));
  }
  assert.match(fileUriOf(odd), /\/caf%E9\.yaml$/);
  assert.equal(fsPathOfUri('untitled:x'), null);
});
