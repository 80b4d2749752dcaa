// The live model against the test API server: state changes and every fault, with recovery.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClusterModel, type ClusterModel } from '../../cluster/src/model';
import { endpointSlice, service } from '../kube-api-server/fixtures';
import { makeCerts } from '../kube-api-server/certs';
import { startEnv, until, eventually, type Env } from './helpers';

let env: Env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env.cleanup();
});

function model(extra: Partial<Parameters<typeof createClusterModel>[0]> = {}): ClusterModel {
  return createClusterModel({
    source: { path: env.kubeconfig, env: {} },
    timeoutMs: 1000,
    watchTimeoutSeconds: 2,
    backoff: { initialMs: 20, maxMs: 200 },
    ...(process.env.KUBE_HA_TEST_LOG ? { log: (l: string) => console.log(l) } : {}),
    ...extra,
  });
}
const svcOf = (m: ClusterModel, ns: string, name: string) => m.view(ns)?.services.items.find((s) => s.name === name);
const ready = (m: ClusterModel, ns: string) =>
  m.view(ns)?.services.state.phase === 'ready' && m.view(ns)?.workloads.state.phase === 'ready';
const errorKind = (m: ClusterModel, ns: string) => {
  const s = m.view(ns)?.services.state;
  return s?.phase === 'error' ? s.error.kind : undefined;
};

const CHECKOUT = (thirdReady: boolean, thirdNode = 'node-c1') =>
  endpointSlice('shop', 'checkout', [
    { ip: '10.244.1.30', pod: 'checkout-6f7d8-k1l2m', node: 'node-a2', zone: 'eu-west-1a' },
    { ip: '10.244.2.31', pod: 'checkout-6f7d8-n3o4p', node: 'node-b1', zone: 'eu-west-1b' },
    { ip: '10.244.3.32', pod: 'checkout-6f7d8-q5r6s', node: thirdNode, zone: 'eu-west-1c', ready: thirdReady },
  ]);

test('a watched namespace shows Services and workloads; state changes arrive by watch, not by relisting', async () => {
  const m = model();
  try {
    m.watchNamespace('shop');
    await until(m, () => ready(m, 'shop'), 'shop synced');
    assert.equal(svcOf(m, 'shop', 'frontend')?.health, 'green');
    assert.equal(svcOf(m, 'shop', 'checkout')?.health, 'yellow');
    assert.equal(svcOf(m, 'shop', 'legacy-db')?.health, 'grey');
    assert.deepEqual(
      m.view('shop')!.workloads.items.map((w) => `${w.kind}/${w.name}:${w.ready}/${w.desired}`),
      ['Deployment/cart:2/2', 'Deployment/checkout:2/3', 'Deployment/frontend:3/3'],
    );
    const lists = () => env.server.requests.filter((r) => r.verb === 'list').length;
    const listsBefore = lists();

    // an endpoint turns ready, then unready
    env.server.upsert(CHECKOUT(true));
    await until(m, () => svcOf(m, 'shop', 'checkout')?.health === 'green', 'checkout green');
    env.server.upsert(CHECKOUT(false));
    await until(m, () => svcOf(m, 'shop', 'checkout')?.health === 'yellow', 'checkout yellow again');
    assert.equal(svcOf(m, 'shop', 'checkout')?.ready, 2);

    // a pod moves: cart's endpoint on node-a1 reappears on node-b1 (zone b) → spread
    env.server.upsert(
      endpointSlice('shop', 'cart', [
        { ip: '10.244.1.20', pod: 'cart-5c8f6-abcde', node: 'node-a1', zone: 'eu-west-1a' },
        { ip: '10.244.2.22', pod: 'cart-5c8f6-zzzzz', node: 'node-b1', zone: 'eu-west-1b' },
      ]),
    );
    await until(m, () => svcOf(m, 'shop', 'cart')?.health === 'green', 'cart green after the pod moved');
    assert.deepEqual(svcOf(m, 'shop', 'cart')?.nodes, ['node-a1', 'node-b1']);

    // a Service is deleted
    env.server.remove('Service', 'shop', 'legacy-db');
    await until(m, () => !svcOf(m, 'shop', 'legacy-db'), 'legacy-db gone');
    assert.equal(lists(), listsBefore, 'no relist for ordinary changes');
  } finally {
    m.dispose();
  }
});

test('unwatching a namespace and switching context stop its watches', async () => {
  const m = model();
  try {
    await eventually(() => env.server.activeWatches === 0, 'earlier tests closed their watches');
    const base = 0;
    m.watchNamespace('payments');
    await until(m, () => ready(m, 'payments'), 'payments synced');
    await eventually(() => env.server.activeWatches === base + 5, 'five watches open');
    m.unwatchNamespace('payments');
    await eventually(() => env.server.activeWatches === base, 'watches closed after unwatch');
    m.watchNamespace('payments');
    await eventually(() => env.server.activeWatches === base + 5, 'five watches again');
    m.setContext('other');
    assert.deepEqual(m.watched(), []);
    await eventually(() => env.server.activeWatches === base, 'watches closed after context change');
  } finally {
    m.dispose();
  }
});

test('dropped watches reconnect and miss nothing', async () => {
  const m = model();
  try {
    m.watchNamespace('shop');
    await until(m, () => ready(m, 'shop'), 'synced');
    env.server.dropWatches();
    env.server.upsert(service('shop', 'after-drop'));
    await until(m, () => svcOf(m, 'shop', 'after-drop'), 'change made during the reconnect');
    env.server.remove('Service', 'shop', 'after-drop');
    await until(m, () => !svcOf(m, 'shop', 'after-drop'), 'removed');
  } finally {
    m.dispose();
  }
});

test('410 Gone: an expired watch relists, including changes made meanwhile', async () => {
  const m = model();
  try {
    m.watchNamespace('shop');
    await until(m, () => ready(m, 'shop'), 'synced');
    const lists = () => env.server.requests.filter((r) => r.verb === 'list').length;
    const before = lists();
    env.server.hangWatches(true);
    env.server.dropWatches();
    await eventually(() => env.server.activeWatches >= 5, 'hung watches open');
    env.server.upsert(service('shop', 'during-gap'));
    env.server.compact();
    env.server.hangWatches(false);
    env.server.expireWatches(); // hung watches end with ERROR 410 → relist
    await until(m, () => svcOf(m, 'shop', 'during-gap'), 'object created during the gap is seen');
    assert.ok(lists() > before, 'it relisted');
    env.server.remove('Service', 'shop', 'during-gap');
    await until(m, () => !svcOf(m, 'shop', 'during-gap'), 'and its deletion after the relist');
  } finally {
    m.dispose();
  }
});

test('410 as an HTTP status on watch (older apiservers) also relists', async () => {
  const e2 = await startEnv({ watchGoneAsStatus: true });
  const m = createClusterModel({
    source: { path: e2.kubeconfig, env: {} },
    timeoutMs: 1000,
    watchTimeoutSeconds: 2,
    backoff: { initialMs: 20, maxMs: 200 },
  });
  try {
    m.watchNamespace('shop');
    await until(m, () => ready(m, 'shop'), 'synced');
    e2.server.hangWatches(true);
    e2.server.dropWatches();
    await eventually(() => e2.server.activeWatches >= 5, 'hung watches');
    e2.server.upsert(service('shop', 'x'));
    e2.server.compact();
    e2.server.hangWatches(false);
    e2.server.dropWatches(); // reconnects with an old resourceVersion → 410 status → relist
    await until(m, () => svcOf(m, 'shop', 'x'), 'seen after 410 status');
  } finally {
    m.dispose();
    await e2.cleanup();
  }
});

test('a watch that hangs without data is cut at its deadline and rewatched', async () => {
  const m = model({ watchTimeoutSeconds: 1, timeoutMs: 500 });
  try {
    m.watchNamespace('payments');
    await until(m, () => ready(m, 'payments'), 'synced');
    env.server.hangWatches(true);
    env.server.dropWatches();
    await eventually(() => env.server.activeWatches >= 5, 'hung watches open');
    env.server.hangWatches(false);
    env.server.upsert(service('payments', 'after-hang'));
    await until(m, () => svcOf(m, 'payments', 'after-hang'), 'seen after the hung watch was cut', 8000);
    env.server.remove('Service', 'payments', 'after-hang');
  } finally {
    m.dispose();
  }
});

for (const [status, kind] of [
  [500, 'server'],
  [401, 'unauthorized'],
  [403, 'forbidden'],
] as const) {
  test(`${status} on list becomes a '${kind}' error and recovers when the server does`, async () => {
    const off = env.server.failWith(status, (r) => r.namespace === 'monitoring');
    const m = model();
    try {
      m.watchNamespace('monitoring');
      await until(m, () => errorKind(m, 'monitoring') === kind, `${kind} error`);
      const s = m.view('monitoring')!.services.state;
      assert.ok(s.phase === 'error' && !s.error.message.includes(env.server.token));
      off();
      m.retry('monitoring');
      await until(m, () => ready(m, 'monitoring'), 'recovered');
      assert.equal(svcOf(m, 'monitoring', 'prometheus')?.health, 'yellow');
    } finally {
      off();
      m.dispose();
    }
  });
}

test('403 on one resource only fails its section', async () => {
  const off = env.server.failWith(403, (r) => r.resource?.plural === 'daemonsets');
  const m = model();
  try {
    m.watchNamespace('monitoring');
    await until(
      m,
      () =>
        m.view('monitoring')?.workloads.state.phase === 'error' &&
        m.view('monitoring')?.services.state.phase === 'ready',
      'workloads forbidden, services fine',
    );
  } finally {
    off();
    m.dispose();
  }
});

test('server stopped: unreachable, then recovery on restart with changes made while down', async () => {
  const m = model();
  try {
    m.watchNamespace('shop');
    await until(m, () => ready(m, 'shop'), 'synced');
    await env.server.stop();
    await until(m, () => errorKind(m, 'shop') === 'unreachable', 'unreachable');
    env.server.upsert(service('shop', 'while-down'));
    await env.server.start();
    await until(m, () => ready(m, 'shop') && svcOf(m, 'shop', 'while-down'), 'recovered with the new Service', 10_000);
    env.server.remove('Service', 'shop', 'while-down');
  } finally {
    m.dispose();
  }
});

test('slow server: timeout, then recovery', async () => {
  env.server.setDelay(800);
  const m = model({ timeoutMs: 300 });
  try {
    m.watchNamespace('payments');
    await until(m, () => errorKind(m, 'payments') === 'timeout', 'timeout');
    env.server.setDelay(0);
    await until(m, () => ready(m, 'payments'), 'recovered');
  } finally {
    env.server.setDelay(0);
    m.dispose();
  }
});

test('a certificate from another CA is rejected, never bypassed', async () => {
  const other = await makeCerts('someone-else');
  const file = join(env.dir, 'wrong-ca');
  await writeFile(file, env.server.kubeconfig({ context: 'sim', caCert: other.caCert }));
  const m = createClusterModel({
    source: { path: file, env: {} },
    timeoutMs: 1000,
    backoff: { initialMs: 20, maxMs: 200 },
  });
  try {
    m.watchNamespace('shop');
    await until(m, () => errorKind(m, 'shop') === 'certificate', 'certificate error');
    await assert.rejects(m.listNamespaces(), (e: any) => e.kind === 'certificate');
  } finally {
    m.dispose();
  }
});

test('listNamespaces, and 403 on it', async () => {
  const m = model();
  try {
    assert.deepEqual(await m.listNamespaces(), ['default', 'kube-system', 'monitoring', 'payments', 'shop']);
    const off = env.server.failWith(403, (r) => r.resource?.plural === 'namespaces' && r.verb === 'list');
    await assert.rejects(
      m.listNamespaces(),
      (e: any) => e.kind === 'forbidden' && /cannot list resource "namespaces"/.test(e.message),
    );
    off();
  } finally {
    m.dispose();
  }
});

test('worst health over watched namespaces', async () => {
  const m = model();
  try {
    m.watchNamespace('shop');
    await until(m, () => ready(m, 'shop'), 'synced');
    assert.equal(m.worstHealth(), 'yellow');
    m.watchNamespace('payments');
    await until(m, () => ready(m, 'payments'), 'payments synced');
    assert.equal(m.worstHealth(), 'red');
  } finally {
    m.dispose();
  }
});
