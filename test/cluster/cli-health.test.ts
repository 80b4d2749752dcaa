// `kube-ha cluster health` against the test API server: JSON shape, state changes, every fault
// (exit 2 with a one-line reason that never leaks the token) and recovery.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runClusterHealth } from '../../cluster/src/cli-health';
import { endpointSlice } from '../kube-api-server/fixtures';
import { makeCerts } from '../kube-api-server/certs';
import { startEnv, type Env } from './helpers';

let env: Env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env.cleanup();
});

async function run(
  args: string[],
  envVars: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runClusterHealth(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), env: envVars });
  return { code, out, err };
}
const json = async (args: string[] = []) => {
  const r = await run(['--kubeconfig', env.kubeconfig, '--format', 'json', '--request-timeout', '2', ...args]);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as { context: string; services: Array<Record<string, unknown>> };
};
async function fails(args: string[], kind: RegExp): Promise<string> {
  const r = await run(['--kubeconfig', env.kubeconfig, '--format', 'json', '--request-timeout', '1', ...args]);
  assert.equal(r.code, 2, `expected exit 2, got ${r.code}: ${r.out}`);
  assert.equal(r.out, '');
  assert.match(r.err, kind);
  assert.equal(r.err.trim().split('\n').length, 1, 'one line');
  assert.ok(!r.err.includes(env.server.token), 'the token never appears');
  return r.err;
}

test('JSON shape as the issue specifies', async () => {
  const j = await json(['--namespace', 'shop']);
  assert.equal(j.context, 'sim');
  const frontend = j.services.find((s) => s.name === 'frontend');
  assert.deepEqual(frontend, {
    namespace: 'shop',
    name: 'frontend',
    health: 'green',
    ready: 3,
    total: 3,
    nodes: ['node-a1', 'node-b1', 'node-c1'],
    zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    reason: '3 ready across 3 nodes and 3 zones',
  });
  assert.deepEqual(
    j.services.map((s) => `${s.name}:${s.health}`),
    ['cart:yellow', 'checkout:yellow', 'frontend:green', 'legacy-db:grey'],
  );
});

test('all namespaces without --namespace; text format; KUBECONFIG with several paths; --context', async () => {
  const all = await json();
  assert.ok(all.services.some((s) => s.namespace === 'payments' && s.name === 'api' && s.health === 'red'));
  const second = join(env.dir, 'second');
  await writeFile(second, env.server.kubeconfig({ context: 'second' }));
  const r = await run(['--namespace', 'payments', '--context', 'second'], {
    KUBECONFIG: `${join(env.dir, 'missing')}:${env.kubeconfig}:${second}`,
  });
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^context: second\n/);
  assert.match(r.out, /payments\s+api\s+red\s+0\/2/);
  const bad = await run(['--context', 'nope'], { KUBECONFIG: env.kubeconfig });
  assert.equal(bad.code, 2);
  assert.match(bad.err, /context "nope"/);
});

test('follows state changes: endpoint unready, pod moves node, Service deleted', async () => {
  const s = env.server;
  const cart = (eps: Parameters<typeof endpointSlice>[2]) => s.upsert(endpointSlice('shop', 'cart', eps));
  cart([
    { ip: '10.244.1.20', pod: 'cart-1', node: 'node-a1', zone: 'eu-west-1a' },
    { ip: '10.244.2.21', pod: 'cart-2', node: 'node-b1', zone: 'eu-west-1b' },
  ]);
  let c = (await json(['-n', 'shop'])).services.find((x) => x.name === 'cart')!;
  assert.equal(c.health, 'green');
  cart([
    { ip: '10.244.1.20', pod: 'cart-1', node: 'node-a1', zone: 'eu-west-1a' },
    { ip: '10.244.2.21', pod: 'cart-2', node: 'node-b1', zone: 'eu-west-1b', ready: false },
  ]);
  c = (await json(['-n', 'shop'])).services.find((x) => x.name === 'cart')!;
  assert.deepEqual([c.health, c.ready, c.total], ['yellow', 1, 2]);
  // the pod on node-b1 is rescheduled onto node-a1: both ready but on one node
  cart([
    { ip: '10.244.1.20', pod: 'cart-1', node: 'node-a1', zone: 'eu-west-1a' },
    { ip: '10.244.1.22', pod: 'cart-3', node: 'node-a1', zone: 'eu-west-1a' },
  ]);
  c = (await json(['-n', 'shop'])).services.find((x) => x.name === 'cart')!;
  assert.deepEqual([c.health, c.nodes], ['yellow', ['node-a1']]);
  s.remove('Service', 'shop', 'cart');
  assert.ok(!(await json(['-n', 'shop'])).services.some((x) => x.name === 'cart'));
});

test('every fault exits 2 with a one-line reason, and the next run after recovery exits 0', async () => {
  const s = env.server;
  let off = s.failWith(401);
  await fails([], /unauthorized.*401/);
  off();
  off = s.failWith(403, (r) => r.resource?.plural === 'services' && !r.namespace);
  assert.match(await fails([], /forbidden/), /try --namespace/);
  assert.equal((await json(['-n', 'shop'])).context, 'sim', 'a namespace the user may read still works');
  off();
  off = s.failWith(500);
  await fails([], /server.*500/);
  off();
  s.setDelay(1500);
  await fails([], /timeout/);
  s.setDelay(0);
  s.hangRequests((r) => r.verb === 'list');
  await fails([], /timeout/);
  s.clearFaults();
  await s.stop();
  await fails([], /unreachable.*ECONNREFUSED/);
  await s.start();
  await json();
});

test('wrong token and wrong CA', async () => {
  const wrongToken = join(env.dir, 'wrong-token');
  await env.server.writeKubeconfig(wrongToken, { context: 'sim', token: 'not-the-token-abcdef' });
  const r = await run(['--kubeconfig', wrongToken]);
  assert.equal(r.code, 2);
  assert.match(r.err, /401/);
  assert.ok(!r.err.includes('not-the-token-abcdef'));
  const other = await makeCerts('other-ca');
  const wrongCa = join(env.dir, 'wrong-ca');
  await env.server.writeKubeconfig(wrongCa, { context: 'sim', caCert: other.caCert });
  const c = await run(['--kubeconfig', wrongCa]);
  assert.equal(c.code, 2);
  assert.match(c.err, /certificate/);
});

test('usage errors exit 2; missing kubeconfig exits 2', async () => {
  assert.equal((await run(['--format', 'yaml'])).code, 2);
  assert.equal((await run(['--bogus'])).code, 2);
  const r = await run(['--kubeconfig', join(env.dir, 'nope')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /does not exist/);
  const h = await run([], { HOME: env.dir });
  assert.equal(h.code, 2);
  assert.match(h.err, /no kubeconfig found/);
});
