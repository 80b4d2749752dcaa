// Table tests of the what-if model's PDB answers over hand-built states: the budget's numbers and
// which evictions a drain may make now, must wait for, or is blocked on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computePdbStatus, pdbInfo, podInfo, slimPod } from './disruption';
import { whatIf, type Disruption } from './whatif';
import { ANY_NODE, ANY_ZONE, input, N, pdb, pods, Z } from './whatif-testing';

// ---------------------------------------------------------------- PDB arithmetic

test('PDB status: maxUnavailable/minAvailable as number and percent, rounded up like the controller', () => {
  const four = pods('x', ['a1', 'a2', 'b1', 'c1']);
  const st = (spec: Record<string, unknown>, ps = four, expected?: number) =>
    computePdbStatus(spec as never, ps, expected);
  assert.deepEqual(st({ maxUnavailable: 1 }), {
    disruptionsAllowed: 1,
    currentHealthy: 4,
    desiredHealthy: 3,
    expectedPods: 4,
  });
  assert.equal(st({ maxUnavailable: '25%' }).desiredHealthy, 3);
  assert.equal(st({ maxUnavailable: '30%' }).desiredHealthy, 2, 'ceil(1.2) = 2 unavailable');
  assert.equal(st({ minAvailable: 2 }).disruptionsAllowed, 2);
  assert.equal(st({ minAvailable: '60%' }).desiredHealthy, 3, 'ceil(2.4)');
  assert.equal(st({ minAvailable: '100%' }).disruptionsAllowed, 0);
  assert.equal(st({ maxUnavailable: 0 }).disruptionsAllowed, 0);
  assert.equal(
    st({ minAvailable: 3 }, pods('x', ['a1', 'a2!', 'b1', 'c1!'])).disruptionsAllowed,
    0,
    'unhealthy pods do not count',
  );
  assert.equal(st({ maxUnavailable: 1 }, four, 5).desiredHealthy, 4, "expected from the controllers' scale");
});

test('PDB numbers come from the status when the controller wrote one', () => {
  const p = pdb('x', { maxUnavailable: 1 }, pods('x', ['a1', 'b1']), {
    disruptionsAllowed: 0,
    currentHealthy: 1,
    desiredHealthy: 1,
    expectedPods: 2,
  });
  assert.deepEqual([p.fromStatus, p.disruptionsAllowed, p.currentHealthy], [true, 0, 1]);
  assert.equal(pdb('x', { maxUnavailable: 1 }, pods('x', ['a1', 'b1'])).fromStatus, false);
  assert.equal(
    pdbInfo({ metadata: { name: 'n', namespace: 'ns' }, spec: { maxUnavailable: 1 } }, pods('x', ['a1'])).expectedPods,
    0,
    'no selector: no pods',
  );
});

// ---------------------------------------------------------------- PDB evictions

const PDB_TABLE: Array<{
  name: string;
  spec: Record<string, unknown>;
  pods: string[];
  d: Disruption;
  status?: Record<string, number>;
  want: string[];
  blocks: boolean;
  allowedNow: boolean;
  reason?: RegExp;
}> = [
  {
    name: 'maxUnavailable 1, one pod on the node: now',
    spec: { maxUnavailable: 1 },
    pods: ['a1', 'b1', 'c1'],
    d: N('a1'),
    want: ['x-0:now'],
    blocks: false,
    allowedNow: true,
  },
  {
    name: 'maxUnavailable 1, two pods on the node: the second waits',
    spec: { maxUnavailable: 1 },
    pods: ['a1', 'a1', 'b1'],
    d: N('a1'),
    want: ['x-0:now', 'x-1:waits'],
    blocks: false,
    allowedNow: false,
  },
  {
    name: 'maxUnavailable 0: blocked, never allows',
    spec: { maxUnavailable: 0 },
    pods: ['a1', 'b1'],
    d: N('a1'),
    want: ['x-0:blocked'],
    blocks: true,
    allowedNow: false,
    reason: /1 blocked/,
  },
  {
    name: 'minAvailable 2 of 2: blocked',
    spec: { minAvailable: 2 },
    pods: ['a1', 'b1'],
    d: N('b1'),
    want: ['x-1:blocked'],
    blocks: true,
    allowedNow: false,
  },
  {
    name: 'minAvailable 50% of 4, both pods of a zone: now',
    spec: { minAvailable: '50%' },
    pods: ['a1', 'a2', 'b1', 'c1'],
    d: Z('za'),
    want: ['x-0:now', 'x-1:now'],
    blocks: false,
    allowedNow: true,
  },
  {
    name: 'maxUnavailable 25% of 4 over a zone: one now, one waits',
    spec: { maxUnavailable: '25%' },
    pods: ['a1', 'a2', 'b1', 'c1'],
    d: Z('za'),
    want: ['x-0:now', 'x-1:waits'],
    blocks: false,
    allowedNow: false,
  },
  {
    name: 'an unhealthy pod elsewhere spends the budget: blocked now',
    spec: { maxUnavailable: 1 },
    pods: ['a1', 'b1!', 'c1'],
    d: N('a1'),
    want: ['x-0:blocked'],
    blocks: true,
    allowedNow: false,
    reason: /1 blocked/,
  },
  {
    name: 'an unhealthy pod on the node, IfHealthyBudget, budget not met: blocked',
    spec: { minAvailable: 3 },
    pods: ['a1!', 'b1', 'c1'],
    d: N('a1'),
    want: ['x-0:blocked'],
    blocks: true,
    allowedNow: false,
  },
  {
    name: 'an unhealthy pod on the node, AlwaysAllow: now',
    spec: { minAvailable: 3, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    pods: ['a1!', 'b1', 'c1'],
    d: N('a1'),
    want: ['x-0:now'],
    blocks: false,
    allowedNow: true,
  },
  {
    name: 'an unhealthy pod while the budget is met: now, without spending it',
    spec: { minAvailable: 1 },
    pods: ['a1!', 'a1', 'b1'],
    d: N('a1'),
    want: ['x-0:now', 'x-1:now'],
    blocks: false,
    allowedNow: true,
  },
  {
    name: 'a Pending pod ignores the budget',
    spec: { maxUnavailable: 0 },
    pods: ['a1p', 'b1'],
    d: N('a1'),
    want: ['x-0:now'],
    blocks: false,
    allowedNow: true,
  },
  {
    name: 'the status says 0 allowed: blocked',
    spec: { maxUnavailable: 1 },
    pods: ['a1', 'b1'],
    status: { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 3 },
    d: N('a1'),
    want: ['x-0:blocked'],
    blocks: true,
    allowedNow: false,
  },
  {
    name: 'any node: the node with the most pods is the worst',
    spec: { maxUnavailable: 1 },
    pods: ['a1', 'b1', 'b1', 'c1'],
    d: ANY_NODE,
    want: ['x-1:now', 'x-2:waits'],
    blocks: false,
    allowedNow: false,
  },
  {
    name: 'any zone: a zone drain',
    spec: { maxUnavailable: 0 },
    pods: ['a1', 'a2', 'c1'],
    d: ANY_ZONE,
    want: ['x-0:blocked', 'x-1:blocked'],
    blocks: true,
    allowedNow: false,
  },
];

for (const c of PDB_TABLE) {
  test(`pdb: ${c.name}`, () => {
    const ps = pods('x', c.pods);
    const r = whatIf(
      input({
        pdbs: [pdb('x', c.spec, ps, c.status)],
        pods: ps,
        pdbWorkloads: new Map([['ns/x-pdb', ['Deployment x']]]),
      }),
      c.d,
    );
    assert.equal(r.pdbs.length, 1);
    const o = r.pdbs[0];
    assert.deepEqual(
      o.evictions.map((e) => `${e.pod}:${e.when}`),
      c.want,
      o.reason,
    );
    assert.deepEqual(
      o.evictions.map((e) => e.order),
      c.want.map((_, i) => i + 1),
    );
    assert.equal(o.blocks, c.blocks);
    assert.equal(o.allowedNow, c.allowedNow);
    assert.deepEqual(o.workloads, ['Deployment x']);
    assert.equal(r.summary.blocked, c.blocks ? 1 : 0);
    assert.equal(r.summary.safe, !c.blocks);
    if (c.reason) assert.match(o.reason, c.reason);
  });
}

test('a PDB with no pod on the drained node is not listed; a PDB of another namespace does not cover these pods', () => {
  const ps = pods('x', ['a1', 'b1']);
  assert.equal(whatIf(input({ pdbs: [pdb('x', { maxUnavailable: 0 }, ps)], pods: ps }), N('c1')).pdbs.length, 0);
  const other = pdbInfo(
    {
      metadata: { name: 'o', namespace: 'other' },
      spec: { selector: { matchLabels: { app: 'x' } }, maxUnavailable: 0 },
    },
    [],
  );
  assert.equal(whatIf(input({ pdbs: [other], pods: ps }), N('a1')).pdbs.length, 0);
});

test('the blocked reason tells "never" from "not now"', () => {
  const ps = pods('x', ['a1', 'b1']);
  const never = whatIf(input({ pdbs: [pdb('x', { maxUnavailable: 0 }, ps)], pods: ps }), N('a1')).pdbs[0];
  assert.match(never.evictions[0].reason, /maxUnavailable 0 never allows an eviction/);
  const ps2 = pods('x', ['a1', 'b1!', 'c1']);
  const notNow = whatIf(input({ pdbs: [pdb('x', { maxUnavailable: 1 }, ps2)], pods: ps2 }), N('a1')).pdbs[0];
  assert.match(notNow.evictions[0].reason, /0 disruptions allowed now \(2 of 3 healthy, 2 required\)/);
});

test('slimPod keeps what podInfo reads and nothing else (bounded memory per watched Pod)', () => {
  const full = {
    metadata: {
      name: 'p',
      namespace: 'ns',
      resourceVersion: '7',
      labels: { app: 'x' },
      annotations: { big: 'x'.repeat(10_000) },
      ownerReferences: [{ kind: 'ReplicaSet' }],
    },
    spec: { nodeName: 'a1', containers: [{ name: 'c', image: 'i', env: [{ name: 'A', value: 'B' }] }], volumes: [] },
    status: {
      phase: 'Running',
      podIP: '10.0.0.1',
      conditions: [
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
      containerStatuses: [{ name: 'c' }],
    },
  };
  const slim = slimPod(full);
  assert.deepEqual(slim, {
    metadata: { name: 'p', namespace: 'ns', resourceVersion: '7', labels: { app: 'x' } },
    spec: { nodeName: 'a1' },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  });
  assert.deepEqual(podInfo(slim), podInfo(full));
  assert.ok(JSON.stringify(slim).length < 200);
});
