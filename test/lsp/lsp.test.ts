// The language server through a real JSON-RPC client over stdio.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { codes, fileUri, startServer } from './client';

const DEPLOY = (labels = 'app: web', replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {${labels}}
  template:
    metadata:
      labels: {${labels}}
    spec:
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {${labels}}}}
      containers:
      - name: web
        image: nginx:1.27
        ports: [{name: http, containerPort: 80}]
        readinessProbe: {httpGet: {path: /ready, port: http}}
        livenessProbe: {tcpSocket: {port: http}}
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
        lifecycle: {preStop: {exec: {command: [sleep, "5"]}}}
`;
const PDB =
  'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n';
const SERVICE =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: http\n';

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-lsp-'));
  for (const [f, t] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), t);
  return dir;
}

test('open, change and close a document: diagnostics arrive and update', async () => {
  const dir = workspace({});
  const s = await startServer({ folders: [dir] });
  try {
    const uri = fileUri(path.join(dir, 'web.yaml'));
    s.open(uri, DEPLOY('app: web', 1));
    const first = await s.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codes(first), ['single-replica']);
    const d = first[0];
    assert.equal(d.source, 'kube-ha');
    assert.deepEqual(
      d.range,
      { start: { line: 5, character: 2 }, end: { line: 5, character: 13 } },
      'on the offending key',
    );
    assert.match(String(d.codeDescription?.href), /docs\/rules\/single-replica\.md$/);
    // Incremental change: replicas 1 → 2. Now missing-pdb appears (no PDB in the workspace).
    s.change(uri, 2, [{ range: { start: { line: 5, character: 12 }, end: { line: 5, character: 13 } }, text: '2' }]);
    const second = await s.waitForDiagnostics(uri, (x) => !codes(x).includes('single-replica'));
    assert.deepEqual(codes(second), ['missing-pdb']);
  } finally {
    await s.stop();
  }
});

test('cross-file: a Service and its Deployment in different files are analysed together', async () => {
  // Two selector labels: the renamed pods still share app=web, so the nearest workload is named
  // (rules.md v1.2: only a workload sharing a label pair is a hint).
  const service = SERVICE.replace('    app: web\n', '    app: web\n    tier: front\n');
  const dir = workspace({ 'deploy.yaml': DEPLOY('app: web, tier: front') + '---\n' + PDB, 'service.yaml': service });
  const s = await startServer({ folders: [dir] });
  try {
    const svc = fileUri(path.join(dir, 'service.yaml'));
    const dep = fileUri(path.join(dir, 'deploy.yaml'));
    await s.indexed;
    s.open(svc, service);
    s.open(dep, DEPLOY('app: web, tier: front') + '---\n' + PDB);
    // Both files are clean once indexed together.
    assert.deepEqual(codes(await s.currentDiagnostics(svc)), []);
    // Rename the pods' label in the Deployment file: the Service file turns red, with related info.
    const renamed = DEPLOY('app: web, tier: back') + '---\n' + PDB;
    s.change(dep, 2, [{ text: renamed }]);
    const broken = await s.waitForDiagnostics(svc, (d) => codes(d).includes('service-selects-nothing'));
    const d = broken.find((x) => x.code === 'service-selects-nothing')!;
    assert.equal(d.severity, 1);
    assert.equal(d.relatedInformation?.[0].location.uri, dep);
    assert.deepEqual(d.range.start, { line: 5, character: 2 });
    // And back.
    s.change(dep, 3, [{ text: DEPLOY('app: web, tier: front') + '---\n' + PDB }]);
    await s.waitForDiagnostics(svc, (x) => x.length === 0);
  } finally {
    await s.stop();
  }
});

test('cross-file: an HTTPRoute follows its Service in another file while the Service is renamed keystroke by keystroke', async () => {
  const route =
    'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: shop\nspec:\n  rules:\n  - backendRefs:\n    - name: web\n      port: 80\n';
  const dir = workspace({ 'route.yaml': route, 'service.yaml': SERVICE, 'deploy.yaml': DEPLOY() + '---\n' + PDB });
  const s = await startServer({ folders: [dir] });
  try {
    const rt = fileUri(path.join(dir, 'route.yaml'));
    const svc = fileUri(path.join(dir, 'service.yaml'));
    await s.indexed;
    s.open(rt, route);
    s.open(svc, SERVICE);
    assert.deepEqual(codes(await s.currentDiagnostics(rt)), []);
    // Type "-v2" after "name: web" (line 3), one character per change, as an editor sends them.
    let version = 1;
    '-v2'
      .split('')
      .forEach((ch, i) =>
        s.change(svc, ++version, [
          { range: { start: { line: 3, character: 11 + i }, end: { line: 3, character: 11 + i } }, text: ch },
        ]),
      );
    const broken = await s.waitForDiagnostics(
      rt,
      (d) => codes(d).includes('ingress-backend-missing') && /web-v2/.test(d[0].message),
    );
    const d = broken.find((x) => x.code === 'ingress-backend-missing')!;
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range.start, { line: 7, character: 6 }, 'on the backendRef name');
    assert.match(d.message, /Service web, which does not exist in namespace default; nearest is Service web-v2/);
    assert.equal(d.relatedInformation?.[0].location.uri, svc, 'the related information points at the renamed Service');
    // Backspace three times: the route is clean again.
    for (let i = 2; i >= 0; i--)
      s.change(svc, ++version, [
        { range: { start: { line: 3, character: 11 + i }, end: { line: 3, character: 12 + i } }, text: '' },
      ]);
    await s.waitForDiagnostics(rt, (x) => x.length === 0);
  } finally {
    await s.stop();
  }
});

test('a file re-analysed after an edit elsewhere is published again only when its diagnostics changed', async () => {
  const nothing =
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: gone\nspec:\n  selector:\n    app: gone\n  ports:\n  - port: 80\n';
  const dir = workspace({ 'deploy.yaml': DEPLOY() + '---\n' + PDB, 'service.yaml': SERVICE + '---\n' + nothing });
  const s = await startServer({ folders: [dir] });
  try {
    const svc = fileUri(path.join(dir, 'service.yaml'));
    const dep = fileUri(path.join(dir, 'deploy.yaml'));
    await s.indexed;
    await s.waitForDiagnostics(svc, (d) => codes(d).includes('service-selects-nothing'));
    const publishesOf = (uri: string) => s.publishes.filter((p) => p.uri === uri).length;
    const before = publishesOf(svc);
    s.open(dep, DEPLOY() + '---\n' + PDB);
    // More replicas: the namespace's workloads changed, so the Service file is analysed again,
    // but what it reports is the same: nothing is sent for it.
    s.change(dep, 2, [{ text: DEPLOY('app: web', 3) + '---\n' + PDB }]);
    await s.waitForDiagnostics(dep, () => true);
    // Renamed pods: now the Service file's diagnostics change, and exactly that publish arrives.
    s.change(dep, 3, [{ text: DEPLOY('app: web2', 3) + '---\n' + PDB }]);
    await s.waitForDiagnostics(svc, (d) => codes(d).filter((c) => c === 'service-selects-nothing').length === 2);
    assert.equal(publishesOf(svc), before + 1);
  } finally {
    await s.stop();
  }
});

test('the workspace is indexed on start: unopened files get diagnostics and inform open ones', async () => {
  const dir = workspace({
    'web.yaml': DEPLOY('app: web', 1),
    'notes.yaml': 'title: just a YAML file\nitems: [1, 2]\n',
    'sub.yml': PDB,
  });
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'node_modules', 'x.yaml'), DEPLOY('app: x', 1));
  const s = await startServer({ folders: [dir] });
  try {
    const web = fileUri(path.join(dir, 'web.yaml'));
    const d = await s.waitForDiagnostics(web, (x) => x.length > 0);
    assert.deepEqual(codes(d), ['single-replica']);
    // A YAML file with no Kubernetes object gets no diagnostics and no noise.
    assert.equal(s.diagnostics.has(fileUri(path.join(dir, 'notes.yaml'))), false);
    assert.equal(s.diagnostics.has(fileUri(path.join(dir, 'node_modules', 'x.yaml'))), false);
  } finally {
    await s.stop();
  }
});

test('watched file changes update the index', async () => {
  const dir = workspace({ 'web.yaml': DEPLOY('app: web', 2) });
  const s = await startServer({ folders: [dir] });
  try {
    const web = fileUri(path.join(dir, 'web.yaml'));
    await s.waitForDiagnostics(web, (x) => codes(x).includes('missing-pdb'));
    fs.writeFileSync(path.join(dir, 'pdb.yaml'), PDB);
    s.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: fileUri(path.join(dir, 'pdb.yaml')), type: 1 }],
    });
    await s.waitForDiagnostics(web, (x) => x.length === 0);
    fs.unlinkSync(path.join(dir, 'pdb.yaml'));
    s.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: fileUri(path.join(dir, 'pdb.yaml')), type: 3 }],
    });
    await s.waitForDiagnostics(web, (x) => codes(x).includes('missing-pdb'));
  } finally {
    await s.stop();
  }
});

test('watched JSON manifests update the index too (the scan and kube-ha lint read them)', async () => {
  const dir = workspace({ 'web.yaml': DEPLOY('app: web', 2) });
  const s = await startServer({ folders: [dir] });
  try {
    const web = fileUri(path.join(dir, 'web.yaml'));
    await s.waitForDiagnostics(web, (x) => codes(x).includes('missing-pdb'));
    const pdb = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } },
    };
    fs.writeFileSync(path.join(dir, 'pdb.json'), JSON.stringify(pdb, null, 2));
    s.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: fileUri(path.join(dir, 'pdb.json')), type: 1 }],
    });
    await s.waitForDiagnostics(web, (x) => x.length === 0);
  } finally {
    await s.stop();
  }
});

test('code actions: a quick fix per diagnostic and fix-all for the file', async () => {
  // The Service sends the Deployment traffic: raising its replicas is a safe fix, so fix-all applies it.
  const dir = workspace({ 'svc.yaml': SERVICE });
  const s = await startServer({ folders: [dir] });
  try {
    await s.indexed;
    const uri = fileUri(path.join(dir, 'web.yaml'));
    const text = DEPLOY('app: web', 1);
    s.open(uri, text);
    const diags = await s.waitForDiagnostics(uri, (d) => d.length > 0);
    const actions: any[] = await s.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diags[0].range,
      context: { diagnostics: diags },
    });
    const preferred = actions.find((a) => a.isPreferred);
    assert.equal(preferred.title, 'Set replicas to 2');
    assert.equal(preferred.kind, 'quickfix');
    assert.deepEqual(preferred.edit.changes[uri], [
      { range: { start: { line: 5, character: 12 }, end: { line: 5, character: 13 } }, newText: '2' },
    ]);
    const titles = actions.map((a) => a.title);
    for (const t of [
      'Ignore single-replica for this object',
      'Ignore single-replica on this line',
      'Turn single-replica off in this workspace',
    ]) {
      assert.ok(titles.includes(t), `offers "${t}"; got ${JSON.stringify(titles)}`);
    }
    const off = actions.find((a) => a.title === 'Turn single-replica off in this workspace');
    const created = off.edit.documentChanges;
    assert.equal(created[0].kind, 'create');
    assert.equal(created[0].uri, fileUri(path.join(dir, '.kube-ha.yaml')));
    assert.match(created[1].edits[0].newText, /single-replica: "off"/);
    const all: any[] = await s.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.kube-ha'] },
    });
    assert.equal(all.length, 1);
    assert.equal(all[0].kind, 'source.fixAll.kube-ha');
  } finally {
    await s.stop();
  }
});

test('kubeHa/findManifest answers from the workspace index', async () => {
  const dir = workspace({ 'svc.yaml': SERVICE });
  const s = await startServer({ folders: [dir] });
  try {
    await s.indexed;
    const res: any[] = await s.conn.sendRequest('kubeHa/findManifest', {
      kind: 'Service',
      name: 'web',
      namespace: 'default',
    });
    assert.equal(res.length, 1);
    assert.equal(res[0].uri, fileUri(path.join(dir, 'svc.yaml')));
  } finally {
    await s.stop();
  }
});

test('kube-ha lsp --stdio starts the same server', async () => {
  const dir = workspace({});
  const s = await startServer({
    folders: [dir],
    command: [process.execPath, path.resolve(__dirname, '..', '..', '..', 'bin', 'kube-ha.js'), 'lsp', '--stdio'],
  });
  try {
    const uri = fileUri(path.join(dir, 'web.yaml'));
    s.open(uri, DEPLOY('app: web', 1));
    assert.deepEqual(codes(await s.waitForDiagnostics(uri, (d) => d.length > 0)), ['single-replica']);
  } finally {
    await s.stop();
  }
});

test('live Service health from the cluster view becomes an info diagnostic on the Service', async () => {
  const dir = workspace({ 'svc.yaml': SERVICE, 'deploy.yaml': DEPLOY() + '---\n' + PDB });
  const s = await startServer({ folders: [dir] });
  try {
    await s.indexed;
    const svc = fileUri(path.join(dir, 'service.yaml'.replace('service', 'svc')));
    s.conn.sendNotification('kubeHa/liveHealth', {
      context: 'prod',
      services: [
        { namespace: 'default', name: 'web', health: 'yellow', ready: 1, total: 3, reason: '2 endpoints not ready' },
      ],
    });
    const d = await s.waitForDiagnostics(svc, (x) => x.some((y) => y.code === 'live-health'));
    const live = d.find((y) => y.code === 'live-health')!;
    assert.equal(live.severity, 3);
    assert.equal(live.message, 'Live in prod: 1/3 endpoints ready — degraded (2 endpoints not ready).');
    assert.deepEqual(live.range.start, { line: 3, character: 2 });
  } finally {
    await s.stop();
  }
});
