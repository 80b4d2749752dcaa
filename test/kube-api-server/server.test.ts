import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { KubeConfig, CoreV1Api, makeInformer, type V1Service } from '@kubernetes/client-node';
import { TestApiServer } from './server';
import { service } from './fixtures';
import { seedDemo } from './demo-state';

let s: TestApiServer;
before(async () => {
  s = await TestApiServer.start({ bookmarkIntervalMs: 50 });
  seedDemo(s);
});
after(async () => {
  await s.stop();
});

function get(path: string, token: string | null = s.token): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      s.url + path,
      { ca: s.certs.caCert, headers: token ? { authorization: `Bearer ${token}` } : {} },
      (res) => {
        let b = '';
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b ? JSON.parse(b) : undefined }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens a watch and collects events until `stopWhen` says so or the server ends the stream. */
function watch(
  path: string,
  stopWhen: (evs: any[]) => boolean = () => false,
): Promise<{ status: number; events: any[]; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const events: any[] = [];
    const req = request(
      s.url + path,
      { ca: s.certs.caCert, headers: { authorization: `Bearer ${s.token}` } },
      (res) => {
        let buf = '';
        res.on('data', (c) => {
          buf += c;
          let i;
          while ((i = buf.indexOf('\n')) >= 0) {
            events.push(JSON.parse(buf.slice(0, i)));
            buf = buf.slice(i + 1);
          }
          if (stopWhen(events)) {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, events, ended: false });
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, events, ended: true }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('discovery answers /version, /api, /apis and group versions', async () => {
  assert.match((await get('/version')).body.gitVersion, /simulated/);
  assert.deepEqual((await get('/api')).body.versions, ['v1']);
  const groups = (await get('/apis')).body.groups.map((g: any) => g.name);
  assert.deepEqual(groups.sort(), ['apps', 'discovery.k8s.io', 'policy']);
  const apps = (await get('/apis/apps/v1')).body.resources.map((r: any) => r.name);
  assert.deepEqual(apps.sort(), [
    'daemonsets',
    'daemonsets/status',
    'deployments',
    'deployments/status',
    'statefulsets',
    'statefulsets/status',
  ]);
  const policy = (await get('/apis/policy/v1')).body.resources.map((r: any) => r.name);
  assert.deepEqual(policy, ['poddisruptionbudgets', 'poddisruptionbudgets/status']);
});

test('lists carry a resourceVersion; items carry none of kind/apiVersion; namespaced and cluster-wide paths', async () => {
  const l = await get('/api/v1/namespaces/shop/services');
  assert.equal(l.status, 200);
  assert.equal(l.body.kind, 'ServiceList');
  assert.equal(l.body.metadata.resourceVersion, s.resourceVersion);
  assert.deepEqual(
    l.body.items.map((i: any) => i.metadata.name),
    ['cart', 'checkout', 'frontend', 'legacy-db'],
  );
  assert.equal(l.body.items[0].kind, undefined);
  const all = await get('/apis/discovery.k8s.io/v1/endpointslices');
  assert.ok(all.body.items.length > 8);
  const sel = await get(
    '/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dcart',
  );
  assert.deepEqual(
    sel.body.items.map((i: any) => i.metadata.name),
    ['cart-abcde'],
  );
  assert.equal((await get('/apis/apps/v1/namespaces/shop/deployments/cart')).body.kind, 'Deployment');
  assert.equal((await get('/apis/apps/v1/namespaces/shop/deployments/nope')).status, 404);
  assert.equal((await get('/api/v1/namespaces')).body.items.length, 5);
});

test('401 without or with a wrong token, as a Status object', async () => {
  for (const t of [null, 'wrong']) {
    const r = await get('/api/v1/namespaces', t);
    assert.equal(r.status, 401);
    assert.equal(r.body.kind, 'Status');
    assert.equal(r.body.code, 401);
  }
});

test('fault rules: 403 on one path, 500 everywhere, and removal', async () => {
  const off = s.failWith(403, (r) => r.resource?.plural === 'namespaces' && r.verb === 'list');
  const f = await get('/api/v1/namespaces');
  assert.equal(f.status, 403);
  assert.match(f.body.message, /namespaces is forbidden: .* cannot list resource "namespaces" .* at the cluster scope/);
  assert.equal((await get('/api/v1/namespaces/shop/services')).status, 200);
  off();
  const off500 = s.failWith(500);
  assert.equal((await get('/api/v1/namespaces/shop/services')).status, 500);
  off500();
  assert.equal((await get('/api/v1/namespaces')).status, 200);
});

test('watch from a resourceVersion streams later changes; without one it starts with ADDED for the current state', async () => {
  const rv = s.resourceVersion;
  const w = watch(`/api/v1/namespaces/shop/services?watch=true&resourceVersion=${rv}`, (e) => e.length >= 2);
  s.upsert(service('shop', 'new-svc'));
  s.remove('Service', 'shop', 'new-svc');
  const r = await w;
  assert.deepEqual(
    r.events.map((e) => [e.type, e.object.metadata.name]),
    [
      ['ADDED', 'new-svc'],
      ['DELETED', 'new-svc'],
    ],
  );
  assert.equal(r.events[0].object.kind, 'Service');
  assert.ok(Number(r.events[1].object.metadata.resourceVersion) > Number(r.events[0].object.metadata.resourceVersion));
  const initial = await watch('/api/v1/namespaces/shop/services?watch=1', (e) => e.length >= 4);
  assert.ok(initial.events.every((e) => e.type === 'ADDED'));
  // replay: a watch from an older resourceVersion gets the events since then
  const replay = await watch(`/api/v1/namespaces/shop/services?watch=true&resourceVersion=${rv}`, (e) => e.length >= 2);
  assert.deepEqual(
    replay.events.map((e) => e.type),
    ['ADDED', 'DELETED'],
  );
});

test('bookmarks when allowed, and timeoutSeconds ends the watch', async () => {
  const r = await watch(
    `/api/v1/namespaces/shop/services?watch=true&resourceVersion=${s.resourceVersion}&allowWatchBookmarks=true&timeoutSeconds=1`,
  );
  assert.ok(r.ended);
  assert.ok(r.events.length > 0 && r.events.every((e) => e.type === 'BOOKMARK'));
  assert.equal(r.events[0].object.metadata.resourceVersion, s.resourceVersion);
});

test('compaction: a stale watch gets an ERROR event with 410; an exact list 410 Gone', async () => {
  const old = s.resourceVersion;
  s.upsert(service('shop', 'bump'));
  s.compact();
  const r = await watch(`/api/v1/namespaces/shop/services?watch=true&resourceVersion=${old}`);
  assert.ok(r.ended);
  assert.equal(r.events.length, 1);
  assert.equal(r.events[0].type, 'ERROR');
  assert.equal(r.events[0].object.code, 410);
  const l = await get(`/api/v1/namespaces/shop/services?resourceVersion=${old}&resourceVersionMatch=Exact`);
  assert.equal(l.status, 410);
  assert.equal(l.body.kind, 'Status');
  s.remove('Service', 'shop', 'bump');
});

test('expireWatches sends ERROR 410 to open watches; dropWatches cuts them', async () => {
  const w = watch(`/api/v1/namespaces/shop/services?watch=true&resourceVersion=${s.resourceVersion}`);
  while (s.activeWatches === 0) await new Promise((r) => setImmediate(r));
  s.expireWatches();
  const r = await w;
  assert.equal(r.events[0].object.code, 410);
  const w2 = watch(`/api/v1/namespaces/shop/services?watch=true&resourceVersion=${s.resourceVersion}`).then(
    () => 'ended',
    (e) => e.code,
  );
  while (s.activeWatches === 0) await new Promise((r) => setImmediate(r));
  s.dropWatches();
  assert.ok(['ECONNRESET', 'ended'].includes(await w2));
});

test('stop and restart on the same port keep state', async () => {
  const url = s.url;
  await s.stop();
  await assert.rejects(get('/version'), (e: any) => e.code === 'ECONNREFUSED');
  await s.start();
  assert.equal(s.url, url);
  assert.equal((await get('/api/v1/namespaces/shop/services')).body.items.length, 4);
});

test('@kubernetes/client-node itself lists and informs against it', async () => {
  const kc = new KubeConfig();
  kc.loadFromString(s.kubeconfig());
  const api = kc.makeApiClient(CoreV1Api);
  const list = await api.listNamespacedService({ namespace: 'payments' });
  assert.deepEqual(
    list.items.map((i) => i.metadata?.name),
    ['api', 'fraud-check', 'ledger'],
  );
  const inf = makeInformer<V1Service>(kc, '/api/v1/namespaces/payments/services', () =>
    api.listNamespacedService({ namespace: 'payments' }),
  );
  const added = new Promise<string>((resolve) =>
    inf.on('add', (o) => {
      if (o.metadata?.name === 'late') resolve('late');
    }),
  );
  await inf.start();
  s.upsert(service('payments', 'late'));
  assert.equal(await added, 'late');
  await inf.stop();
  s.remove('Service', 'payments', 'late');
});
