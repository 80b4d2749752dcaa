// A .kube-ha.yaml above the workspace folder (the nearest one up in the repository) is outside
// the client's own watcher: the server asks for one, and follows the file's changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { codes, fileUri, startServer } from './client';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx:1.27}]
`;

const WORKSPACE = {
  configuration: true,
  workspaceFolders: true,
  didChangeConfiguration: { dynamicRegistration: true },
};

function repoWithConfigAbove(config: string): { repo: string; folder: string } {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-cfgwatch-'));
  fs.mkdirSync(path.join(repo, '.git'));
  fs.mkdirSync(path.join(repo, 'apps'));
  fs.writeFileSync(path.join(repo, '.kube-ha.yaml'), config);
  fs.writeFileSync(path.join(repo, 'apps', 'web.yaml'), DEPLOY);
  return { repo, folder: path.join(repo, 'apps') };
}

test('a .kube-ha.yaml above the workspace folder gets a watcher, and its changes apply', async () => {
  const { repo, folder } = repoWithConfigAbove('rules:\n  missing-pdb: off\n');
  const s = await startServer({
    folders: [folder],
    capabilities: {
      workspace: { ...WORKSPACE, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } },
    },
  });
  try {
    const web = fileUri(path.join(folder, 'web.yaml'));
    await s.waitForDiagnostics(web, (d) => d.length > 0 && !codes(d).includes('missing-pdb'));
    const watch = s.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.ok(watch, `no watcher registered: ${JSON.stringify(s.registrations)}`);
    assert.deepEqual(watch.registerOptions, {
      watchers: [{ globPattern: { baseUri: fileUri(repo), pattern: '{.kube-ha.yaml,.kube-ha.yml}' } }],
    });
    // What the client sends for that watcher when the file changes.
    fs.writeFileSync(path.join(repo, '.kube-ha.yaml'), 'rules:\n  missing-pdb: warning\n');
    s.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: fileUri(path.join(repo, '.kube-ha.yaml')), type: 2 }],
    });
    await s.waitForDiagnostics(web, (d) => codes(d).includes('missing-pdb'));
  } finally {
    await s.stop();
  }
});

test('no watcher is asked of a client without relative-pattern watchers, nor for a config inside the folder', async () => {
  const { folder } = repoWithConfigAbove('rules:\n  missing-pdb: off\n');
  fs.writeFileSync(path.join(folder, '.kube-ha.yaml'), 'rules:\n  missing-pdb: off\n');
  const inside = await startServer({
    folders: [folder],
    capabilities: {
      workspace: { ...WORKSPACE, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } },
    },
  });
  // The test client's default capabilities have no didChangeWatchedFiles.
  const plain = await startServer({ folders: [repoWithConfigAbove('rules: {}\n').folder] });
  try {
    await inside.indexed;
    await plain.indexed;
    for (const s of [inside, plain])
      assert.deepEqual(
        s.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles'),
        [],
      );
  } finally {
    await Promise.all([inside.stop(), plain.stop()]);
  }
});
