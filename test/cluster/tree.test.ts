// The tree logic (what the VS Code view shows) against the test API server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClusterModel, type ClusterModel } from '../../cluster/src/model';
import { createClusterTree, type ClusterTree } from '../../cluster/src/tree';
import { COMMANDS, type TreeNode } from '../../cluster/src/tree-nodes';
import { endpointSlice } from '../kube-api-server/fixtures';
import { startEnv, until, untilRead, eventually, type Env } from './helpers';

let env: Env;
let twoContexts: string;
before(async () => {
  env = await startEnv();
  twoContexts = join(env.dir, 'two');
  // two contexts on the same server: "sim" (current) and "second"
  const a = env.server.kubeconfig({ context: 'sim' });
  const b = env.server.kubeconfig({ context: 'second' });
  const part = (y: string, key: string) =>
    y
      .split('\n')
      .slice(y.split('\n').indexOf(`${key}:`) + 1)
      .join('\n')
      .split(/\n(?=[a-z])/)[0];
  await writeFile(
    twoContexts,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      part(a, 'clusters'),
      part(b, 'clusters'),
      'users:',
      part(a, 'users'),
      part(b, 'users'),
      'contexts:',
      part(a, 'contexts'),
      part(b, 'contexts'),
      'current-context: sim',
      '',
    ].join('\n'),
  );
});
after(async () => {
  await env.cleanup();
});

function setup(file = twoContexts): { m: ClusterModel; t: ClusterTree } {
  const m = createClusterModel({
    source: { path: file, env: {} },
    timeoutMs: 1000,
    watchTimeoutSeconds: 5,
    backoff: { initialMs: 20, maxMs: 200 },
  });
  return { m, t: createClusterTree(m) };
}
const find = (nodes: TreeNode[], label: string) => {
  const n = nodes.find((x) => x.label === label);
  assert.ok(n, `no node ${label} in ${nodes.map((x) => x.label).join(', ')}`);
  return n;
};
/** Walks the tree by labels, as a user expanding nodes would. */
async function walk(t: ClusterTree, ...labels: string[]): Promise<TreeNode[]> {
  let nodes = await t.children();
  for (const l of labels) nodes = await t.children(find(nodes, l));
  return nodes;
}
/** Re-reads a tree path on every tree change until `cond` holds. */
const waitTree = (
  t: ClusterTree,
  labels: string[],
  cond: (n: TreeNode[]) => boolean,
  what: string,
  timeoutMs = 10_000,
) =>
  untilRead(
    (l) => t.onDidChange(l),
    () => walk(t, ...labels),
    cond,
    what,
    timeoutMs,
  );

test('the simulated demo cluster covers every colour', async () => {
  const { m, t } = setup();
  try {
    const colours = new Set<string>();
    for (const ns of ['shop', 'payments', 'monitoring']) {
      await walk(t, 'sim', ns);
      await until(m, () => m.view(ns)?.services.state.phase === 'ready', ns);
      for (const s of m.view(ns)!.services.items) colours.add(s.health);
    }
    assert.deepEqual([...colours].sort(), ['green', 'grey', 'red', 'yellow']);
  } finally {
    t.dispose();
    m.dispose();
  }
});

test('contexts → namespaces → Services/Workloads → endpoints, with health, and the status bar', async () => {
  const { m, t } = setup();
  try {
    const roots = await t.children();
    assert.deepEqual(
      roots.map((r) => [r.label, r.contextValue, r.collapsible]),
      [
        ['sim', 'kubeHa.context.current', 'expanded'],
        ['second', 'kubeHa.context', 'none'],
      ],
    );
    assert.equal(roots[1].command?.command, COMMANDS.switchContext);
    const nss = await walk(t, 'sim');
    assert.deepEqual(
      nss.map((n) => n.label),
      ['default', 'kube-system', 'monitoring', 'payments', 'shop'],
    );
    assert.deepEqual(m.watched(), [], 'nothing is watched before a namespace is expanded');
    const sections = await walk(t, 'sim', 'shop');
    assert.deepEqual(
      sections.map((s) => s.label),
      ['Services', 'Workloads', 'Disruption budgets'],
    );
    assert.deepEqual(m.watched(), ['shop']);
    const services = await waitTree(
      t,
      ['sim', 'shop', 'Services'],
      (n) => n.some((x) => x.kind === 'service'),
      'services listed',
    );
    assert.deepEqual(
      services.map((s) => [s.label, s.health, s.description]),
      [
        ['cart', 'yellow', '2/2 ready · not 1 node · not 1 zone: node-a1 holds 2 of 2 ready'],
        ['checkout', 'yellow', '2/3 ready · survives 1 node · 1 zone'],
        ['frontend', 'green', '3/3 ready · survives 1 node · 1 zone'],
        ['legacy-db', 'grey', '1/1 ready'],
      ],
    );
    const eps = await walk(t, 'sim', 'shop', 'Services', 'checkout');
    assert.deepEqual(
      eps.map((e) => [e.label, e.health]),
      [
        ['10.244.1.30', 'green'],
        ['10.244.2.31', 'green'],
        ['10.244.3.32', 'red'],
      ],
    );
    assert.match(eps[2].description!, /checkout-6f7d8-q5r6s · node-c1 · eu-west-1c · not ready/);
    assert.match(eps[2].tooltip!, /ready=false serving=false terminating=false/);
    const workloads = await waitTree(
      t,
      ['sim', 'shop', 'Workloads'],
      (n) => n.some((x) => x.kind === 'workload'),
      'workloads listed',
    );
    assert.deepEqual(
      workloads.map((w) => [w.label, w.description, w.health, w.objectKind]),
      [
        ['cart', 'Deployment · 2/2 ready', 'green', 'Deployment'],
        ['checkout', 'Deployment · 2/3 ready', 'yellow', 'Deployment'],
        ['frontend', 'Deployment · 3/3 ready', 'green', 'Deployment'],
      ],
    );
    assert.deepEqual(t.status(), { text: 'K8s: sim · yellow', tooltip: t.status().tooltip, health: 'yellow' });
  } finally {
    t.dispose();
    m.dispose();
  }
});

test('live: an endpoint turning ready, a pod moving and a Service deleted show up; collapse stops the watches', async () => {
  const { m, t } = setup();
  try {
    await walk(t, 'sim', 'payments');
    await waitTree(
      t,
      ['sim', 'payments', 'Services'],
      (n) => n.some((x) => x.label === 'api' && x.health === 'red'),
      'api red',
    );
    env.server.upsert(
      endpointSlice('payments', 'api', [
        { ip: '10.244.1.40', pod: 'api-1', node: 'node-a1', zone: 'eu-west-1a' },
        { ip: '10.244.2.41', pod: 'api-2', node: 'node-b1', zone: 'eu-west-1b', ready: false },
      ]),
    );
    await waitTree(
      t,
      ['sim', 'payments', 'Services'],
      (n) =>
        n.some(
          (x) =>
            x.label === 'api' &&
            x.health === 'yellow' &&
            x.description === '1/2 ready · not 1 node · not 1 zone: node-a1 holds 1 of 1 ready',
        ),
      'api yellow',
    );
    // api-2 is rescheduled onto node-c1 and becomes ready
    env.server.upsert(
      endpointSlice('payments', 'api', [
        { ip: '10.244.1.40', pod: 'api-1', node: 'node-a1', zone: 'eu-west-1a' },
        { ip: '10.244.3.45', pod: 'api-3', node: 'node-c1', zone: 'eu-west-1c' },
      ]),
    );
    const eps = await waitTree(
      t,
      ['sim', 'payments', 'Services', 'api'],
      (n) => n.some((x) => x.label === '10.244.3.45'),
      'moved endpoint',
    );
    assert.match(eps.find((e) => e.label === '10.244.3.45')!.description!, /node-c1/);
    env.server.remove('Service', 'payments', 'fraud-check');
    await waitTree(
      t,
      ['sim', 'payments', 'Services'],
      (n) => n.length > 0 && !n.some((x) => x.label === 'fraud-check'),
      'fraud-check gone',
    );
    const ns = find(await walk(t, 'sim'), 'payments');
    t.collapsed(ns);
    assert.deepEqual(m.watched(), []);
    await eventually(() => env.server.activeWatches === 1, 'only the namespace watch is left after collapse');
  } finally {
    t.dispose();
    m.dispose();
  }
});

test('namespaces are live: one created or deleted appears without a refresh', async () => {
  const { m, t } = setup();
  try {
    await walk(t, 'sim');
    env.server.upsert({ kind: 'Namespace', metadata: { name: 'brand-new' } });
    await waitTree(t, ['sim'], (n) => n.some((x) => x.label === 'brand-new'), 'new namespace');
    env.server.remove('Namespace', undefined, 'brand-new');
    await waitTree(t, ['sim'], (n) => n.length > 0 && !n.some((x) => x.label === 'brand-new'), 'namespace deleted');
  } finally {
    t.dispose();
    m.dispose();
  }
});

test('switching context stops watches and re-roots the tree', async () => {
  const { m, t } = setup();
  try {
    await walk(t, 'sim', 'shop');
    assert.deepEqual(m.watched(), ['shop']);
    t.switchContext('second');
    assert.deepEqual(m.watched(), []);
    const roots = await t.children();
    assert.equal(find(roots, 'second').contextValue, 'kubeHa.context.current');
    assert.deepEqual(await walk(t, 'sim'), [], 'the old context has no children any more');
    assert.ok((await walk(t, 'second')).some((n) => n.label === 'shop'));
    assert.match(t.status().text, /^K8s: second/);
  } finally {
    t.dispose();
    m.dispose();
  }
});

test('403 listing namespaces: an error item, the default namespace, "Enter namespace…", then retry recovers', async () => {
  const file = join(env.dir, 'with-ns');
  await env.server.writeKubeconfig(file, { context: 'sim', namespace: 'payments' });
  const off = env.server.failWith(403, (r) => r.resource?.plural === 'namespaces');
  const { m, t } = setup(file);
  try {
    let nss = await walk(t, 'sim');
    assert.deepEqual(
      nss.map((n) => [n.kind, n.label]),
      [
        ['error', 'Forbidden (403)'],
        ['enterNamespace', 'Enter namespace…'],
        ['namespace', 'payments'],
      ],
    );
    assert.match(nss[0].description!, /cannot list resource "namespaces"/);
    assert.equal(nss[1].command?.command, COMMANDS.enterNamespace);
    t.addNamespace('shop');
    nss = await walk(t, 'sim');
    assert.deepEqual(
      nss.filter((n) => n.kind === 'namespace').map((n) => n.label),
      ['payments', 'shop'],
    );
    const services = await waitTree(
      t,
      ['sim', 'shop', 'Services'],
      (n) => n.some((x) => x.kind === 'service'),
      'shop readable',
    );
    assert.ok(services.length >= 3);
    off();
    t.retry(nss[0]);
    nss = await waitTree(
      t,
      ['sim'],
      (n) => n.filter((x) => x.kind === 'namespace').length === 5,
      'all namespaces after retry',
    );
    assert.ok(!nss.some((n) => n.kind === 'error'));
  } finally {
    off();
    t.dispose();
    m.dispose();
  }
});

test('faults become error items with retry, and the tree recovers', async () => {
  const { m, t } = setup();
  try {
    await walk(t, 'sim', 'monitoring');
    await waitTree(t, ['sim', 'monitoring', 'Services'], (n) => n.some((x) => x.kind === 'service'), 'loaded');
    for (const [status, label] of [
      [401, 'Unauthorized (401)'],
      [500, 'API server error'],
    ] as const) {
      const off = env.server.failWith(status);
      env.server.dropWatches();
      const [err] = await waitTree(
        t,
        ['sim', 'monitoring', 'Services'],
        (n) => n[0]?.kind === 'error',
        `${status} error item`,
      );
      assert.equal(err.label, label);
      assert.equal(err.command?.command, COMMANDS.retry);
      assert.ok(!JSON.stringify(err).includes(env.server.token));
      off();
      t.retry(err.command!.arguments[0] as TreeNode);
      await waitTree(
        t,
        ['sim', 'monitoring', 'Services'],
        (n) => n.some((x) => x.kind === 'service'),
        `recovered from ${status}`,
      );
    }
    await env.server.stop();
    const [err] = await waitTree(t, ['sim', 'monitoring', 'Services'], (n) => n[0]?.kind === 'error', 'unreachable');
    assert.equal(err.label, 'Cluster unreachable');
    await env.server.start();
    t.retry(err);
    await waitTree(
      t,
      ['sim', 'monitoring', 'Services'],
      (n) => n.some((x) => x.label === 'prometheus' && x.health === 'yellow'),
      'recovered after restart',
    );
  } finally {
    t.dispose();
    m.dispose();
  }
});

test('no kubeconfig: one error item at the root', async () => {
  const { m, t } = setup(join(env.dir, 'missing'));
  try {
    const roots = await t.children();
    assert.deepEqual(
      roots.map((r) => [r.kind, r.label]),
      [['error', 'Kubeconfig problem']],
    );
    assert.equal(t.status().text, 'K8s: no kubeconfig');
  } finally {
    t.dispose();
    m.dispose();
  }
});
