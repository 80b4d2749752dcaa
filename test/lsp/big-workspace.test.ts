// Big workspaces (issue 22): the open file is answered while the scan runs, the workspace cap,
// and progress in files of files. Order of events is asserted, never time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { codes, fileUri, startServer, type LspEvent } from './client';

const deployment = (name: string, ns: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: app, image: "registry.example/${name}:1.0"}]
`;

/** `perDir` single-replica Deployments in each of `dirs` folders (one namespace per folder). */
function workspace(dirs: string[], perDir: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-big-'));
  for (const d of dirs) {
    fs.mkdirSync(path.join(root, d));
    for (let i = 0; i < perDir; i++) fs.writeFileSync(path.join(root, d, `app-${i}.yaml`), deployment(`${d}-app-${i}`, d, 1));
  }
  return root;
}

const isProgress = (kind: string) => (e: LspEvent) => e.kind === 'progress' && e.value.kind === kind;

test('an edit of an open file is answered while a large workspace scan is still running', async () => {
  const root = workspace(Array.from({ length: 8 }, (_, i) => `ns-${i}`), 500);
  const open = path.join(root, 'open.yaml');
  fs.writeFileSync(open, deployment('edited', 'ns-0', 3));
  const s = await startServer({ folders: [root] });
  try {
    // Well into the scan (its first report comes after 200 of 4,001 files)...
    await s.nextEvent(isProgress('report'));
    const uri = fileUri(open);
    s.open(uri, deployment('edited', 'ns-0', 3), 1);
    s.change(uri, 2, [{ text: deployment('edited', 'ns-0', 1) }]);
    const answered = await s.nextEvent((e) => e.kind === 'publish' && e.uri === uri && e.version === 2);
    assert.ok(answered.kind === 'publish' && codes(answered.diagnostics).includes('single-replica'));
    await s.indexed;
    // ...the edit's diagnostics arrived before the scan's end, and before more of its progress.
    const at = s.events.indexOf(answered);
    const end = s.events.findIndex(isProgress('end'));
    assert.ok(at < end, `edit answered at event ${at}, scan ended at ${end}`);
    assert.ok(s.events.slice(at).some(isProgress('report')), 'the scan reported more progress after the edit was answered');
    // Files scanned after the edit are published when the scan ends, as before.
    const last = fileUri(path.join(root, 'ns-7', 'app-499.yaml'));
    if (!codes(s.diagnostics.get(last) ?? []).includes('single-replica')) await s.waitForDiagnostics(last, (d) => codes(d).includes('single-replica'), 60_000);
  } finally {
    await s.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
