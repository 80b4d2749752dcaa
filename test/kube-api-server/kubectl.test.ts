// The real kubectl (a client nobody here wrote) reads the test API server's Nodes and PDBs:
// server-side Table columns with their status, -o json/jsonpath, describe, the status subresource.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TestApiServer } from './server';
import { seedDemo, seedStorefront } from './demo-state';
import { node, pdbStatus } from './fixtures';

const run = promisify(execFile);
const HAS_KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const skip = HAS_KUBECTL ? false : 'kubectl is not on PATH';

let s: TestApiServer;
let dir: string;
before(async () => {
  s = await TestApiServer.start();
  seedDemo(s);
  seedStorefront(s);
  dir = await mkdtemp(join(tmpdir(), 'kube-ha-kubectl-'));
  await writeFile(join(dir, 'config'), s.kubeconfig({ context: 'sim' }));
});
after(async () => {
  await s.stop();
  await rm(dir, { recursive: true, force: true });
});

async function kubectl(...args: string[]): Promise<string> {
  const r = await run('kubectl', ['--kubeconfig', join(dir, 'config'), '--cache-dir', join(dir, 'cache'), ...args], {
    env: { ...process.env, HOME: dir },
    timeout: 30_000,
  });
  return r.stdout;
}
const rows = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s{2,}/));

test('kubectl get nodes: STATUS from the Ready condition and spec.unschedulable', { skip }, async () => {
  s.upsert(node('node-c1', 'eu-west-1c', { cordoned: true }));
  s.upsert(node('node-a2', 'eu-west-1a', { notReady: true }));
  try {
    const t = rows(await kubectl('get', 'nodes'));
    assert.deepEqual(t[0], ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    assert.deepEqual(
      t.slice(1).map((r) => [r[0], r[1]]),
      [
        ['node-a1', 'Ready'],
        ['node-a2', 'NotReady'],
        ['node-b1', 'Ready'],
        ['node-c1', 'Ready,SchedulingDisabled'],
      ],
    );
    const zones = await kubectl(
      'get',
      'nodes',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.metadata.labels.topology\\.kubernetes\\.io/zone}{" "}{end}',
    );
    assert.equal(zones.trim(), 'node-a1=eu-west-1a node-a2=eu-west-1a node-b1=eu-west-1b node-c1=eu-west-1c');
    assert.equal((await kubectl('get', 'node', 'node-c1', '-o', 'jsonpath={.spec.unschedulable}')).trim(), 'true');
  } finally {
    s.upsert(node('node-c1', 'eu-west-1c'));
    s.upsert(node('node-a2', 'eu-west-1a'));
  }
});

test(
  'kubectl get pdb: MIN AVAILABLE, MAX UNAVAILABLE, ALLOWED DISRUPTIONS; a status write shows',
  { skip },
  async () => {
    const t = rows(await kubectl('get', 'pdb', '-n', 'storefront'));
    assert.deepEqual(t[0], ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE']);
    assert.deepEqual(
      t.slice(1).map((r) => r.slice(0, 4)),
      [
        ['api-pdb', 'N/A', '1', '1'],
        ['api-worker-pdb', 'N/A', '1', '1'],
        ['postgres-pdb', 'N/A', '0', '0'],
        ['rabbitmq-pdb', 'N/A', '1', '1'],
        ['web-pdb', 'N/A', '1', '1'],
      ],
    );
    s.updateStatus(
      'PodDisruptionBudget',
      'storefront',
      'web-pdb',
      pdbStatus({ disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 2 }),
    );
    assert.equal(
      await kubectl(
        'get',
        'pdb',
        'web-pdb',
        '-n',
        'storefront',
        '-o',
        'jsonpath={.status.disruptionsAllowed}/{.status.currentHealthy}/{.status.expectedPods}/{.status.conditions[0].reason}',
      ),
      '0/1/2/InsufficientPods',
    );
    const all = rows(await kubectl('get', 'poddisruptionbudgets', '-A'));
    assert.deepEqual(all[0].slice(0, 2), ['NAMESPACE', 'NAME']);
    const d = await kubectl('describe', 'pdb', 'postgres-pdb', '-n', 'storefront');
    assert.match(d, /Max unavailable:\s+0/);
    assert.match(d, /Allowed disruptions:\s+0/);
    const json = JSON.parse(
      await kubectl('get', '--raw', '/apis/policy/v1/namespaces/storefront/poddisruptionbudgets/postgres-pdb/status'),
    );
    assert.equal(json.kind, 'PodDisruptionBudget');
    assert.equal(json.status.desiredHealthy, 1);
    const res = await kubectl('api-resources', '--api-group', 'policy');
    assert.match(res, /poddisruptionbudgets\s+pdb\s+policy\/v1\s+true\s+PodDisruptionBudget/);
  },
);
