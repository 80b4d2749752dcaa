// Table tests of the what-if model over hand-built states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceHealth, type ServiceHealth } from './health';
import {
  computePdbStatus,
  nodeInfo,
  pdbInfo,
  podInfo,
  slimPod,
  type NodeInfo,
  type PdbInfo,
  type PodInfo,
} from './disruption';
import { whatIf, survival, nodeContext, type Disruption, type WhatIfInput } from './whatif';

// ---------------------------------------------------------------- builders

/** node name → zone ('' = no zone label); flags: c = cordoned, n = NotReady. */
function nodes(spec: Record<string, string>): NodeInfo[] {
  return Object.entries(spec).map(([name, z]) => {
    const [zone, flags = ''] = z.split(':');
    return nodeInfo({
      metadata: { name, labels: zone ? { 'topology.kubernetes.io/zone': zone } : {} },
      spec: flags.includes('c') ? { unschedulable: true } : {},
      status: { conditions: [{ type: 'Ready', status: flags.includes('n') ? 'False' : 'True' }] },
    });
  });
}
const NODES = nodes({ a1: 'za', a2: 'za', b1: 'zb', c1: 'zc' });
const ZONE: Record<string, string> = { a1: 'za', a2: 'za', b1: 'zb', c1: 'zc' };

/** Endpoints as "node[!][~][?]": ! not ready, ~ terminating (and not ready), ? no zone on the endpoint. '-' = no node. */
function svc(name: string, eps: string[], selector: Record<string, string> | null = { app: name }): ServiceHealth {
  return serviceHealth({ metadata: { name, namespace: 'ns' }, spec: selector ? { selector } : {} }, [
    {
      metadata: { name: `${name}-x`, namespace: 'ns', labels: { 'kubernetes.io/service-name': name } },
      endpoints: eps.map((e, i) => {
        const node = e.replace(/[!~?]/g, '');
        const ready = !/[!~]/.test(e);
        return {
          addresses: [`10.0.0.${i + 1}`],
          conditions: { ready, serving: ready, terminating: e.includes('~') },
          targetRef: { kind: 'Pod', name: `${name}-${i}` },
          ...(node !== '-' ? { nodeName: node } : {}),
          ...(node !== '-' && !e.includes('?') && ZONE[node] ? { zone: ZONE[node] } : {}),
        };
      }),
    },
  ]);
}

/** Pods as "node[!][p]": ! not Ready, p Pending. */
function pods(app: string, spec: string[]): PodInfo[] {
  return spec.map((s, i) =>
    podInfo({
      metadata: { name: `${app}-${i}`, namespace: 'ns', labels: { app } },
      spec: { nodeName: s.replace(/[!p]/g, '') },
      status: {
        phase: s.includes('p') ? 'Pending' : 'Running',
        conditions: [{ type: 'Ready', status: /[!p]/.test(s) ? 'False' : 'True' }],
      },
    }),
  );
}

function pdb(app: string, spec: Record<string, unknown>, ps: PodInfo[], status?: Record<string, number>): PdbInfo {
  return pdbInfo(
    {
      metadata: { name: `${app}-pdb`, namespace: 'ns' },
      spec: { selector: { matchLabels: { app } }, ...spec },
      ...(status ? { status } : {}),
    },
    ps,
  );
}

const input = (o: Partial<WhatIfInput>): WhatIfInput => ({ services: [], nodes: NODES, pdbs: [], pods: [], ...o });
const N = (node: string): Disruption => ({ kind: 'node', node });
const Z = (zone: string): Disruption => ({ kind: 'zone', zone });
const ANY_NODE: Disruption = { kind: 'any-node' };
const ANY_ZONE: Disruption = { kind: 'any-zone' };

// ---------------------------------------------------------------- Services

const SERVICE_TABLE: Array<{
  name: string;
  eps: string[];
  nodes?: NodeInfo[];
  d: Disruption;
  want: [string, number, number, string?];
  reason?: RegExp;
  selector?: null;
}> = [
  {
    name: 'spread: drain one node',
    eps: ['a1', 'b1', 'c1'],
    d: N('a1'),
    want: ['degraded', 3, 2, 'a1'],
    reason: /a1 holds 1 of 3 ready: 2 of 3 left/,
  },
  {
    name: 'spread: a node it is not on',
    eps: ['a1', 'b1', 'c1'],
    d: N('a2'),
    want: ['keeps', 3, 3],
    reason: /no ready endpoint on a2/,
  },
  { name: 'spread: lose a zone', eps: ['a1', 'b1', 'c1'], d: Z('zb'), want: ['degraded', 3, 2, 'zb'] },
  {
    name: 'spread: any one zone',
    eps: ['a1', 'a2', 'b1'],
    d: ANY_ZONE,
    want: ['degraded', 3, 1, 'za'],
    reason: /za holds 2 of 3 ready/,
  },
  { name: 'unspread: every endpoint on one node', eps: ['a1', 'a1'], d: N('a1'), want: ['dark', 2, 0, 'a1'] },
  {
    name: 'unspread: any one node finds the node',
    eps: ['b1', 'a1', 'a1'],
    d: ANY_NODE,
    want: ['degraded', 3, 1, 'a1'],
  },
  { name: 'one zone, two nodes: any node degrades', eps: ['a1', 'a2'], d: ANY_NODE, want: ['degraded', 2, 1, 'a1'] },
  { name: 'one zone, two nodes: any zone goes dark', eps: ['a1', 'a2'], d: ANY_ZONE, want: ['dark', 2, 0, 'za'] },
  {
    name: 'a not-ready endpoint is not counted before or after',
    eps: ['a1', 'b1!'],
    d: N('a1'),
    want: ['dark', 1, 0, 'a1'],
  },
  {
    name: 'a terminating endpoint is not counted',
    eps: ['a1', 'b1~', 'c1'],
    d: N('c1'),
    want: ['degraded', 2, 1, 'c1'],
  },
  {
    name: 'a cordoned node is already lost',
    eps: ['a1', 'b1'],
    nodes: nodes({ a1: 'za', b1: 'zb:c', c1: 'zc' }),
    d: N('a1'),
    want: ['dark', 2, 0, 'a1'],
    reason: /1 on cordoned or NotReady nodes/,
  },
  {
    name: 'a NotReady node is already lost, whatever is drained',
    eps: ['a1', 'b1'],
    nodes: nodes({ a1: 'za', b1: 'zb:n', c1: 'zc' }),
    d: N('c1'),
    want: ['degraded', 2, 1],
  },
  {
    name: 'a Service only on a cordoned node is dark in every scenario',
    eps: ['b1', 'b1'],
    nodes: nodes({ a1: 'za', b1: 'zb:c' }),
    d: ANY_NODE,
    want: ['dark', 2, 0],
  },
  {
    name: 'zone from the node label when the endpoint has none',
    eps: ['a1?', 'a2?'],
    d: Z('za'),
    want: ['dark', 2, 0, 'za'],
  },
  {
    name: 'missing zone labels everywhere: zone loss is unknown',
    eps: ['a1?', 'b1?'],
    nodes: nodes({ a1: '', b1: '' }),
    d: ANY_ZONE,
    want: ['unknown', 2, 2],
    reason: /no zone known/,
  },
  {
    name: 'missing zone labels: node loss still judged',
    eps: ['a1?', 'b1?'],
    nodes: nodes({ a1: '', b1: '' }),
    d: ANY_NODE,
    want: ['degraded', 2, 1, 'a1'],
  },
  {
    name: 'an endpoint without node counts as surviving, and says so',
    eps: ['a1', '-'],
    d: N('a1'),
    want: ['degraded', 2, 1, 'a1'],
    reason: /node unknown for 1, counted as surviving/,
  },
  { name: 'no node known at all: unknown', eps: ['-', '-'], d: ANY_NODE, want: ['unknown', 2, 2] },
  { name: 'no selector: unmanaged', eps: ['a1'], selector: null, d: N('a1'), want: ['unmanaged', 1, 1] },
  { name: 'none ready already: down, not caused by the drain', eps: ['a1!', 'b1!'], d: N('a1'), want: ['down', 0, 0] },
];

for (const c of SERVICE_TABLE) {
  test(`service: ${c.name}`, () => {
    const s = svc('web', c.eps, c.selector === null ? null : undefined);
    const r = whatIf(input({ services: [s], nodes: c.nodes ?? NODES }), c.d);
    const o = r.services[0];
    const [verdict, before, after, where] = c.want;
    assert.deepEqual([o.verdict, o.before, o.after], [verdict, before, after], o.reason);
    if (where) assert.equal(o.where, where);
    if (c.reason) assert.match(o.reason, c.reason);
    assert.equal(r.summary.dark, verdict === 'dark' ? 1 : 0);
    assert.equal(r.summary.safe, verdict !== 'dark');
  });
}

test('scenarios and already-lost nodes are reported; any-node skips lost nodes', () => {
  const ns = nodes({ a1: 'za', a2: 'za:c', b1: 'zb:n', c1: 'zc:cn' });
  const r = whatIf(input({ nodes: ns }), ANY_NODE);
  assert.deepEqual(r.scenarios, ['a1']);
  assert.deepEqual(r.alreadyLost, [
    { node: 'a2', why: 'cordoned' },
    { node: 'b1', why: 'NotReady' },
    { node: 'c1', why: 'cordoned, NotReady' },
  ]);
  assert.deepEqual(whatIf(input({}), ANY_ZONE).scenarios, ['za', 'zb', 'zc']);
});

test("survival: the tree's two answers", () => {
  const ctx = nodeContext(NODES);
  const s = survival(ctx, svc('q', ['a1', 'a2', 'b1']));
  assert.deepEqual([s.node.verdict, s.zone.verdict, s.zone.where], ['degraded', 'degraded', 'za']);
  const d = survival(ctx, svc('p', ['a1', 'a2']));
  assert.deepEqual([d.node.verdict, d.zone.verdict], ['degraded', 'dark']);
  assert.match(d.zone.reason, /za holds 2 of 2 ready/);
});

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
