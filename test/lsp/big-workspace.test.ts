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
    for (let i = 0; i < perDir; i++)
      fs.writeFileSync(path.join(root, d, `app-${i}.yaml`), deployment(`${d}-app-${i}`, d, 1));
  }
  return root;
}

const isProgress = (kind: string) => (e: LspEvent) => e.kind === 'progress' && e.value.kind === kind;

test('an edit of an open file is answered while a large workspace scan is still running', async () => {
  const root = workspace(
    Array.from({ length: 8 }, (_, i) => `ns-${i}`),
    500,
  );
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
    assert.ok(
      s.events.slice(at).some(isProgress('report')),
      'the scan reported more progress after the edit was answered',
    );
    // Files scanned after the edit are published when the scan ends, as before.
    const last = fileUri(path.join(root, 'ns-7', 'app-499.yaml'));
    if (!codes(s.diagnostics.get(last) ?? []).includes('single-replica'))
      await s.waitForDiagnostics(last, (d) => codes(d).includes('single-replica'), 60_000);
  } finally {
    await s.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

/** The Deployments of `names` the server's index holds (kubeHa/findManifest answers from it). */
async function indexed(s: Awaited<ReturnType<typeof startServer>>, ns: string, names: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const name of names) {
    const r = await s.conn.sendRequest<unknown[]>('kubeHa/findManifest', { kind: 'Deployment', name, namespace: ns });
    if (r.length) out.push(name);
  }
  return out;
}

test('above kubeHa.maxWorkspaceFiles the folders of open files are indexed first, and the server says what it left', async () => {
  const root = workspace(['a', 'b', 'c'], 3);
  const s = await startServer({ folders: [root], initializationOptions: { settings: { maxWorkspaceFiles: 4 } } });
  try {
    // Opened right after `initialized`: the scan lists files once it has pulled the settings.
    const open = path.join(root, 'b', 'app-0.yaml');
    s.open(fileUri(open), fs.readFileSync(open, 'utf8'), 1);
    await s.indexed;
    assert.deepEqual(await indexed(s, 'b', ['b-app-0', 'b-app-1', 'b-app-2']), ['b-app-0', 'b-app-1', 'b-app-2']);
    const others = [
      ...(await indexed(
        s,
        'a',
        [0, 1, 2].map((i) => `a-app-${i}`),
      )),
      ...(await indexed(
        s,
        'c',
        [0, 1, 2].map((i) => `c-app-${i}`),
      )),
    ];
    assert.equal(others.length, 1, `one file of the other folders fills the cap: ${others.join(', ')}`);
    const notice = s.popups.filter((m) => m.includes('kubeHa.maxWorkspaceFiles'));
    assert.equal(notice.length, 1, 'said once');
    assert.match(notice[0], /9 manifest files.*\(4\).*indexed 4.*5 left for later/);
    assert.ok(
      s.logs.some((m) => m === notice[0]),
      'and in the output',
    );
    const end = s.events
      .filter((e) => e.kind === 'progress')
      .map((e) => (e.kind === 'progress' ? e.value.message : ''))
      .pop();
    assert.ok(
      s.events.some((e) => e.kind === 'progress' && e.value.message === '4 of 4 files (5 left for later) indexed'),
      `progress says it too; last: ${end}`,
    );
    // A file left for later is analysed once opened.
    const later = path.join(root, 'c', 'app-2.yaml');
    const uri = fileUri(later);
    const wait = s.waitForDiagnostics(uri, (d) => codes(d).includes('single-replica'));
    s.open(uri, fs.readFileSync(later, 'utf8'), 1);
    await wait;
  } finally {
    await s.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('progress says how many files of how many are indexed', async () => {
  const root = workspace(['x', 'y'], 250);
  const s = await startServer({ folders: [root] });
  try {
    await s.indexed;
    const values = s.events.flatMap((e) => (e.kind === 'progress' ? [e.value] : []));
    assert.equal(values[0].kind, 'begin');
    assert.equal(values.at(-1)!.kind, 'end');
    const reports = values.filter((v) => v.kind === 'report');
    assert.deepEqual(
      reports.map((r) => r.message),
      ['0 of 500 files', '200 of 500 files', '400 of 500 files', '500 of 500 files indexed'],
    );
    assert.deepEqual(
      reports.map((r) => r.percentage),
      [0, 40, 80, 100],
    );
    assert.equal(s.popups.filter((m) => m.includes('maxWorkspaceFiles')).length, 0, 'no notice under the cap');
  } finally {
    await s.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('an open file analysed before the scan reached the rest of its namespace is published again, complete, when the scan ends', async () => {
  // Folder a (the open file's) goes first; the PDB that covers the open file's Deployment is in z.
  const root = workspace(['a', 'm', 'z'], 400);
  const open = path.join(root, 'a', 'open.yaml');
  const text = deployment('edited', 'z', 3);
  fs.writeFileSync(open, text);
  fs.writeFileSync(
    path.join(root, 'z', 'pdb.yaml'),
    'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: edited, namespace: z}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: edited}}\n',
  );
  const s = await startServer({ folders: [root] });
  try {
    const uri = fileUri(open);
    const first = s.nextEvent((e) => e.kind === 'publish' && e.uri === uri);
    s.open(uri, text, 1);
    const partial = await first;
    assert.ok(
      partial.kind === 'publish' && codes(partial.diagnostics).includes('missing-pdb'),
      'analysed before its PDB was indexed',
    );
    await s.indexed;
    const complete = await s.waitForDiagnostics(uri, (d) => !codes(d).includes('missing-pdb'), 60_000);
    assert.ok(!codes(complete).includes('missing-pdb'));
    const end = s.events.findIndex(isProgress('end'));
    assert.ok(
      s.events.slice(end).some((e) => e.kind === 'publish' && e.uri === uri),
      'published again after the scan ended',
    );
  } finally {
    await s.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
