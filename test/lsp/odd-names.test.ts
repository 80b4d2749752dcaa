// Issue 16: the workspace scan skipped a file whose name is not valid UTF-8, silently. It is
// indexed under the URI of its bytes and gets its diagnostics like any other file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { codes, startServer } from './client';
import { SINGLE } from '../../server/src/engine/testing';
import { fileUriOf } from '../../server/src/workspace-files';
import { tmpDir } from '../robustness/hostile';

test('LSP: a workspace file whose name is not valid UTF-8 is scanned and diagnosed', async () => {
  const dir = tmpDir('kube-ha-odd-ws-');
  const odd = Buffer.concat([Buffer.from(path.join(dir, 'caf')), Buffer.from([0xe9]), Buffer.from('.yaml')]);
  fs.writeFileSync(odd, SINGLE);
  fs.writeFileSync(path.join(dir, 'new\nline.yaml'), SINGLE.replace(/web/g, 'other'));
  const s = await startServer({ folders: [dir] });
  try {
    const uris = [fileUriOf(odd), fileUriOf(path.join(dir, 'new\nline.yaml'))];
    const waits = uris.map((u) =>
      s.diagnostics.get(u)
        ? Promise.resolve(s.diagnostics.get(u)!)
        : s.waitForDiagnostics(u, (d) => d.length > 0, 30_000),
    );
    for (const d of await Promise.all(waits)) assert.ok(codes(d).includes('single-replica'), JSON.stringify(codes(d)));
    assert.match(uris[0], /caf%E9\.yaml$/);
  } finally {
    await s.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
