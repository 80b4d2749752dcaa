// PDBs, Pods and Nodes through the model's informers against the test API server: list + watch,
// status writes arriving by watch, 410 relists, faults and recovery, and the tree's PDB marker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClusterModel, type ClusterModel } from '../../cluster/src/model';
import { createClusterTree } from '../../cluster/src/tree';
import type { TreeNode } from '../../cluster/src/tree-nodes';
import { seedStorefront } from '../kube-api-server/demo-state';
import { node, pdbStatus } from '../kube-api-server/fixtures';
import { startEnv, until, eventually, type Env } from './helpers';

let env: Env;
before(async () => {
  env = await startEnv();
  seedStorefront(env.server);
});
after(async () => {
  await env.cleanup();
});

function model(): ClusterModel {
  return createClusterModel({
    source: { path: env.kubeconfig, env: {} },
    timeoutMs: 1000,
    watchTimeoutSeconds: 2,
    backoff: { initialMs: 20, maxMs: 200 },
  });
}
const pdbOf = (m: ClusterModel, name: string) => m.view('storefront')?.pdbs.items.find((p) => p.name === name);
const nodeOf = (m: ClusterModel, name: string) => m.nodes().items.find((n) => n.name === name);
const synced = (m: ClusterModel) =>
  m.view('storefront')?.pdbs.state.phase === 'ready' && m.nodes().state.phase === 'ready';

test('PDBs (status from the server), slim Pods and Nodes are listed, and changes arrive by watch', async () => {
  const m = model();
  try {
    m.watchNamespace('storefront', ['services', 'workloads', 'pdbs']);
    await until(m, () => synced(m), 'synced');
    assert.deepEqual(
      m.view('storefront')!.pdbs.items.map((p) => `${p.name}:${p.disruptionsAllowed}:${p.workloads.join('+')}`),
      [
        'api-pdb:1:Deployment api',
        'api-worker-pdb:1:Deployment api-worker',
        'postgres-pdb:0:StatefulSet postgres',
        'rabbitmq-pdb:1:StatefulSet rabbitmq',
        'web-pdb:1:Deployment web',
      ],
    );
    assert.ok(pdbOf(m, 'postgres-pdb')!.fromStatus);
    assert.equal(m.view('storefront')!.pods.length, 13);
    assert.deepEqual(
      m.view('storefront')!.pods.find((p) => p.name === 'postgres-0'),
      {
        namespace: 'storefront',
        name: 'postgres-0',
        labels: {
          'app.kubernetes.io/name': 'postgres',
          'app.kubernetes.io/component': 'database',
          'app.kubernetes.io/part-of': 'storefront',
        },
        node: 'node-b1',
        phase: 'Running',
        ready: true,
        terminating: false,
      },
    );
    assert.deepEqual(nodeOf(m, 'node-a1'), {
      name: 'node-a1',
      zone: 'eu-west-1a',
      region: 'eu-west-1',
      unschedulable: false,
      ready: true,
    });
    const lists = () => env.server.requests.filter((r) => r.verb === 'list').length;
    const before = lists();

    // The disruption controller writes the status subresource: the spec (and generation) stay.
    const gen = env.server.get('PodDisruptionBudget', 'storefront', 'postgres-pdb')!.metadata.generation;
    env.server.updateStatus(
      'PodDisruptionBudget',
      'storefront',
      'postgres-pdb',
      pdbStatus({ disruptionsAllowed: 1, currentHealthy: 1, desiredHealthy: 0, expectedPods: 1 }),
    );
    await until(m, () => pdbOf(m, 'postgres-pdb')?.disruptionsAllowed === 1, 'status update');
    assert.equal(env.server.get('PodDisruptionBudget', 'storefront', 'postgres-pdb')!.metadata.generation, gen);
    env.server.upsert(node('node-b1', 'eu-west-1b', { cordoned: true }));
    await until(m, () => nodeOf(m, 'node-b1')?.unschedulable, 'cordon');
    env.server.upsert(node('node-b1', 'eu-west-1b', { notReady: true }));
    await until(m, () => nodeOf(m, 'node-b1')?.ready === false && !nodeOf(m, 'node-b1')?.unschedulable, 'NotReady');
    env.server.upsert(node('node-b1', 'eu-west-1b'));
    await until(m, () => nodeOf(m, 'node-b1')?.ready, 'Ready again');
    assert.equal(lists(), before, 'no relist for ordinary changes');
    env.server.updateStatus(
      'PodDisruptionBudget',
      'storefront',
      'postgres-pdb',
      pdbStatus({ disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 }),
    );
    await until(m, () => pdbOf(m, 'postgres-pdb')?.disruptionsAllowed === 0, 'back to 0');

    // Unwatching the last namespace with PDBs stops the Nodes too.
    m.unwatchNamespace('storefront');
    assert.equal(m.nodes().items.length, 0);
  } finally {
    m.dispose();
  }
});

test('410 Gone: PDB and Node watches relist and catch up with what changed meanwhile', async () => {
  const m = model();
  try {
    m.watchNamespace('storefront', ['pdbs']);
    await until(m, () => synced(m), 'synced');
    await eventually(() => env.server.activeWatches === 3, 'PDB, Pod and Node watches open');
    const relists = () =>
      env.server.requests.filter(
        (r) => r.verb === 'list' && (r.resource?.plural === 'poddisruptionbudgets' || r.resource?.plural === 'nodes'),
      ).length;
    const before = relists();
    env.server.compact();
    env.server.expireWatches();
    env.server.updateStatus(
      'PodDisruptionBudget',
      'storefront',
      'web-pdb',
      pdbStatus({ disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 2 }),
    );
    env.server.upsert(node('node-c1', 'eu-west-1c', { cordoned: true }));
    await until(
      m,
      () => pdbOf(m, 'web-pdb')?.disruptionsAllowed === 0 && nodeOf(m, 'node-c1')?.unschedulable,
      'caught up after 410',
    );
    assert.ok(relists() >= before + 2, `both relisted (${before} → ${relists()} lists)`);
  } finally {
    env.server.updateStatus(
      'PodDisruptionBudget',
      'storefront',
      'web-pdb',
      pdbStatus({ disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 }),
    );
    env.server.upsert(node('node-c1', 'eu-west-1c'));
    m.dispose();
  }
});

test('faults: a 403 on nodes and a 500 on PDBs are errors of their own; retry recovers', async () => {
  const m = model();
  const offNodes = env.server.failWith(403, (r) => r.resource?.plural === 'nodes');
  const offPdb = env.server.failWith(500, (r) => r.resource?.plural === 'poddisruptionbudgets');
  try {
    m.watchNamespace('storefront', ['services', 'pdbs']);
    await until(
      m,
      () => m.nodes().state.phase === 'error' && m.view('storefront')?.pdbs.state.phase === 'error',
      'errors',
    );
    const ns = m.nodes().state;
    assert.ok(ns.phase === 'error' && ns.error.kind === 'forbidden' && /nodes is forbidden/.test(ns.error.message));
    await until(m, () => m.view('storefront')?.services.state.phase === 'ready', 'the Services are not affected');
    offNodes();
    offPdb();
    m.retry();
    await until(m, () => synced(m), 'recovered');
    assert.equal(pdbOf(m, 'postgres-pdb')?.disruptionsAllowed, 0);
  } finally {
    offNodes();
    offPdb();
    m.dispose();
  }
});

test('tree: the PDB marker appears and disappears with disruptionsAllowed; Services say what they survive', async () => {
  const m = model();
  const t = createClusterTree(m);
  const walk = async (...labels: string[]): Promise<TreeNode[]> => {
    let nodes = await t.children();
    for (const l of labels) {
      const n = nodes.find((x) => x.label === l);
      if (!n) return [];
      nodes = await t.children(n);
    }
    return nodes;
  };
  const waitFor = (labels: string[], cond: (n: TreeNode[]) => boolean, what: string) =>
    new Promise<TreeNode[]>((resolve, reject) => {
      const check = async () => {
        const n = await walk(...labels);
        if (cond(n)) {
          off();
          clearTimeout(timer);
          resolve(n);
        }
      };
      const off = t.onDidChange(() => {
        void check();
      });
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out waiting for: ${what}`));
      }, 10_000);
      void check();
    });
  try {
    const sections = await waitFor(
      ['sim', 'storefront'],
      (n) => n.some((x) => x.label === 'Disruption budgets' && x.description === '5 · 1 blocking'),
      'section',
    );
    assert.equal(sections.find((x) => x.label === 'Disruption budgets')!.health, 'red');
    const pdbs = await walk('sim', 'storefront', 'Disruption budgets');
    const pg = pdbs.find((p) => p.label === 'postgres-pdb')!;
    assert.deepEqual(
      [pg.kind, pg.contextValue, pg.health, pg.objectKind],
      ['pdb', 'kubeHa.pdb.blocking', 'red', 'PodDisruptionBudget'],
    );
    assert.equal(pg.description, 'blocks drains of StatefulSet postgres · 0 disruptions allowed · 1/1 healthy');
    assert.match(
      pg.tooltip!,
      /maxUnavailable 0\n1 of 1 healthy, 1 required\n0 disruptions allowed now: a drain of any node running these pods blocks \(node-b1\)/,
    );
    assert.equal(pdbs.find((p) => p.label === 'web-pdb')!.description, '1 disruption allowed · 2/2 healthy');
    const services = await waitFor(
      ['sim', 'storefront', 'Services'],
      (n) => n.some((x) => x.label === 'pgbouncer'),
      'services',
    );
    assert.equal(
      services.find((s) => s.label === 'pgbouncer')!.description,
      '2/2 ready · survives 1 node · not 1 zone: eu-west-1a holds 2 of 2 ready',
    );
    assert.equal(
      services.find((s) => s.label === 'postgres')!.description,
      '1/1 ready · not 1 node · not 1 zone: node-b1 holds 1 of 1 ready',
    );
    assert.equal(services.find((s) => s.label === 'api')!.description, '3/3 ready · survives 1 node · 1 zone');

    env.server.updateStatus(
      'PodDisruptionBudget',
      'storefront',
      'postgres-pdb',
      pdbStatus({ disruptionsAllowed: 1, currentHealthy: 1, desiredHealthy: 0, expectedPods: 1 }),
    );
    const after = await waitFor(
      ['sim', 'storefront', 'Disruption budgets'],
      (n) => n.find((p) => p.label === 'postgres-pdb')?.contextValue === 'kubeHa.pdb',
      'marker gone',
    );
    assert.equal(after.find((p) => p.label === 'postgres-pdb')!.health, undefined);
    env.server.updateStatus(
      'PodDisruptionBudget',
      'storefront',
      'postgres-pdb',
      pdbStatus({ disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 }),
    );
    await waitFor(
      ['sim', 'storefront', 'Disruption budgets'],
      (n) => n.find((p) => p.label === 'postgres-pdb')?.contextValue === 'kubeHa.pdb.blocking',
      'marker back',
    );

    // A cordoned node is already lost: api (node-a2, node-b1, node-c1) no longer survives node-a2's loss... it degrades.
    env.server.upsert(node('node-b1', 'eu-west-1b', { cordoned: true }));
    await waitFor(
      ['sim', 'storefront', 'Services'],
      (n) => n.find((s) => s.label === 'postgres')?.description === '1/1 ready · not 1 node · not 1 zone',
      'postgres already lost',
    );
  } finally {
    env.server.upsert(node('node-b1', 'eu-west-1b'));
    t.dispose();
    m.dispose();
  }
});
