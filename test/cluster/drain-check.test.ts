// `kube-ha cluster drain-check` against the test API server seeded with the examples' storefront:
// exit codes and JSON for each disruption kind, and exit 2 with one line naming what could not be read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runDrainCheck } from '../../cluster/src/cli-health';
import { seedStorefront } from '../kube-api-server/demo-state';
import { node, pdbStatus } from '../kube-api-server/fixtures';
import { startEnv, type Env } from './helpers';

let env: Env;
before(async () => {
  env = await startEnv();
  seedStorefront(env.server);
});
after(async () => {
  await env.cleanup();
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  const code = await runDrainCheck(['--kubeconfig', env.kubeconfig, '--request-timeout', '2', ...args], {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    env: {},
  });
  return { code, out, err };
}
async function json(...args: string[]): Promise<{ code: number; j: any }> {
  const r = await run('--format', 'json', ...args);
  assert.equal(r.err, '');
  return { code: r.code, j: JSON.parse(r.out) };
}
const verdicts = (j: any) =>
  Object.fromEntries(j.services.map((s: any) => [s.name, `${s.verdict}:${s.before}>${s.after}`]));

test('--node: postgres goes dark and postgres-pdb blocks: exit 1, with the eviction order', async () => {
  const { code, j } = await json('--node', 'node-b1', '-n', 'storefront');
  assert.equal(code, 1);
  assert.deepEqual(j.disruption, { kind: 'node', node: 'node-b1' });
  assert.equal(j.context, 'sim');
  assert.deepEqual(verdicts(j), {
    api: 'degraded:3>2',
    pgbouncer: 'keeps:2>2',
    postgres: 'dark:1>0',
    rabbitmq: 'degraded:3>2',
    'rabbitmq-management': 'down:0>0',
    web: 'degraded:2>1',
  });
  const pg = j.pdbs.find((p: any) => p.name === 'postgres-pdb');
  assert.deepEqual([pg.blocks, pg.allowedNow, pg.workloads], [true, false, ['StatefulSet postgres']]);
  assert.deepEqual(
    pg.evictions.map((e: any) => [e.order, e.pod, e.node, e.when]),
    [[1, 'postgres-0', 'node-b1', 'blocked']],
  );
  const web = j.pdbs.find((p: any) => p.name === 'web-pdb');
  assert.deepEqual([web.blocks, web.allowedNow, web.evictions.length], [false, true, 1]);
  assert.deepEqual(j.summary, { dark: 1, degraded: 3, blocked: 1, safe: false });
});

test('--node on a node whose loss is safe: exit 0; text output', async () => {
  const r = await run('--node', 'node-c1', '-n', 'storefront');
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /^context: sim\nwhat if: drain node node-c1\n/);
  assert.match(r.out, /SAFE: 0 go dark, 2 degraded, 3 keep serving, 0 PDBs block\n$/);
  assert.doesNotMatch(r.out, /GOES DARK/);
});

test('--zone: pgbouncer (both pods in eu-west-1a) goes dark: exit 1', async () => {
  const { code, j } = await json('--zone', 'eu-west-1a', '-n', 'storefront');
  assert.equal(code, 1);
  assert.equal(verdicts(j).pgbouncer, 'dark:2>0');
  assert.equal(verdicts(j).postgres, 'keeps:1>1');
  // api-worker has no Service: its pods (read from Pods, not EndpointSlices) are on node-a1 and node-c1.
  const worker = j.pdbs.find((p: any) => p.name === 'api-worker-pdb');
  assert.deepEqual(
    worker.evictions.map((e: any) => `${e.pod}@${e.node}:${e.when}`),
    ['api-worker-5d9f7c-bn0@node-a1:now'],
  );
  assert.equal(j.summary.blocked, 0);
});

test('--any-node and --any-zone name the worst node/zone per Service', async () => {
  const n = await json('--any-node', '-n', 'storefront');
  assert.equal(n.code, 1);
  assert.deepEqual(n.j.scenarios, ['node-a1', 'node-a2', 'node-b1', 'node-c1']);
  const pg = n.j.services.find((s: any) => s.name === 'postgres');
  assert.deepEqual([pg.verdict, pg.where], ['dark', 'node-b1']);
  const z = await json('--any-zone', '-n', 'storefront');
  assert.equal(z.code, 1);
  assert.deepEqual(z.j.scenarios, ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  assert.deepEqual(
    z.j.services.filter((s: any) => s.verdict === 'dark').map((s: any) => `${s.name}@${s.where}`),
    ['pgbouncer@eu-west-1a', 'postgres@eu-west-1b'],
  );
});

test('a namespace where nothing goes dark: exit 0; all namespaces without --namespace', async () => {
  const { code, j } = await json('--node', 'node-c1', '-n', 'monitoring');
  assert.equal(code, 0);
  assert.deepEqual(j.summary, { dark: 0, degraded: 1, blocked: 0, safe: true });
  const all = await json('--node', 'node-a1');
  assert.equal(all.code, 1, 'shop/cart is only on node-a1');
  assert.ok(all.j.services.some((s: any) => s.namespace === 'shop' && s.name === 'cart' && s.verdict === 'dark'));
});

test('a cordoned node counts as lost; the PDB marker follows the status the controller writes', async () => {
  env.server.upsert(node('node-c1', 'eu-west-1c', { cordoned: true }));
  try {
    const { j } = await json('--node', 'node-a2', '-n', 'storefront');
    assert.deepEqual(j.alreadyLost, [{ node: 'node-c1', why: 'cordoned' }]);
    assert.equal(verdicts(j).api, 'degraded:3>1');
  } finally {
    env.server.upsert(node('node-c1', 'eu-west-1c'));
  }
  const was = env.server.get('PodDisruptionBudget', 'storefront', 'web-pdb')!.status as any;
  env.server.updateStatus(
    'PodDisruptionBudget',
    'storefront',
    'web-pdb',
    pdbStatus({ ...was, disruptionsAllowed: 0, currentHealthy: 1 }),
  );
  try {
    const { code, j } = await json('--node', 'node-a1', '-n', 'storefront');
    assert.equal(code, 1);
    assert.ok(j.pdbs.find((p: any) => p.name === 'web-pdb').blocks);
  } finally {
    env.server.updateStatus('PodDisruptionBudget', 'storefront', 'web-pdb', was);
  }
});

test('exit 2 with one line naming what could not be read: a 403 on nodes, on PDBs, a dead server, an unknown node', async () => {
  const oneLine = (r: { code: number; out: string; err: string }, re: RegExp) => {
    assert.equal(r.code, 2, r.out + r.err);
    assert.equal(r.out, '');
    assert.equal(r.err.trimEnd().split('\n').length, 1, r.err);
    assert.match(r.err, re);
    assert.ok(!r.err.includes(env.server.token));
  };
  let off = env.server.failWith(403, (q) => q.resource?.plural === 'nodes');
  oneLine(
    await run('--any-node', '-n', 'storefront'),
    /cannot read the cluster \(forbidden\): cannot read nodes: 403 Forbidden: nodes is forbidden/,
  );
  off();
  off = env.server.failWith(403, (q) => q.resource?.plural === 'poddisruptionbudgets');
  oneLine(await run('--any-zone', '-n', 'storefront'), /cannot read PodDisruptionBudgets and Pods: 403/);
  off();
  oneLine(await run('--node', 'node-z9'), /no node named "node-z9"/);
  oneLine(await run('--zone', 'mars-1a'), /no node is in zone "mars-1a"/);
  await env.server.stop();
  try {
    oneLine(await run('--node', 'node-a1'), /\(unreachable\).*ECONNREFUSED/);
  } finally {
    await env.server.start();
  }
  assert.equal((await run('--node', 'node-c1', '-n', 'storefront')).code, 0, 'readable again');
});

test('usage errors exit 2', async () => {
  assert.equal((await run()).code, 2);
  assert.equal((await run('--node', 'a', '--zone', 'b')).code, 2);
  assert.equal((await run('--any-node', '--format', 'yaml')).code, 2);
});
