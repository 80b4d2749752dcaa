// Table tests of the what-if model over hand-built states: what each Service keeps (PDBs: whatif-pdb.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeInfo } from './disruption';
import { whatIf, survival, nodeContext, type Disruption } from './whatif';
import { ANY_NODE, ANY_ZONE, input, N, NODES, nodes, svc, Z } from './whatif-testing';

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
