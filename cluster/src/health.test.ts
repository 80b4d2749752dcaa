import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  endpointConditions,
  endpointsOf,
  serviceHealth,
  servicesHealth,
  workloadHealth,
  worstHealth,
  type EndpointLike,
  type EndpointSliceLike,
  type ServiceLike,
} from './health';

const svc = (name = 'web', selector: Record<string, string> | undefined = { app: name }): ServiceLike => ({
  metadata: { name, namespace: 'shop' },
  spec: { selector },
});
const slice = (name: string, endpoints: EndpointLike[], service = 'web', ns = 'shop'): EndpointSliceLike => ({
  metadata: { name, namespace: ns, labels: { 'kubernetes.io/service-name': service } },
  addressType: 'IPv4',
  endpoints,
});
const ep = (
  ip: string,
  node?: string,
  zone?: string,
  conditions?: EndpointLike['conditions'],
  pod?: string,
): EndpointLike => ({
  addresses: [ip],
  nodeName: node,
  zone,
  conditions,
  ...(pod ? { targetRef: { kind: 'Pod', name: pod } } : {}),
});

test('condition defaults follow the API: missing ready = ready, serving = ready, terminating = false', () => {
  assert.deepEqual(endpointConditions(undefined), { ready: true, serving: true, terminating: false });
  assert.deepEqual(endpointConditions({}), { ready: true, serving: true, terminating: false });
  assert.deepEqual(endpointConditions({ ready: false }), { ready: false, serving: false, terminating: false });
  assert.deepEqual(endpointConditions({ ready: false, serving: true, terminating: true }), {
    ready: false,
    serving: true,
    terminating: true,
  });
  assert.deepEqual(endpointConditions({ ready: null, serving: null, terminating: null }), {
    ready: true,
    serving: true,
    terminating: false,
  });
  assert.deepEqual(endpointConditions({ serving: false }), { ready: true, serving: false, terminating: false });
});

test('green: all ready, on two nodes, without zone information', () => {
  const h = serviceHealth(svc(), [slice('web-a', [ep('10.0.0.1', 'n1'), ep('10.0.0.2', 'n2')])]);
  assert.equal(h.health, 'green');
  assert.equal(h.ready, 2);
  assert.equal(h.total, 2);
  assert.deepEqual(h.nodes, ['n1', 'n2']);
  assert.deepEqual(h.zones, []);
  assert.match(h.reason, /2 ready across 2 nodes/);
});

test('green: spread over nodes and zones', () => {
  const h = serviceHealth(svc(), [
    slice('web-a', [ep('10.0.0.1', 'n1', 'z1'), ep('10.0.0.2', 'n2', 'z2'), ep('10.0.0.3', 'n3', 'z3')]),
  ]);
  assert.equal(h.health, 'green');
  assert.deepEqual(h.zones, ['z1', 'z2', 'z3']);
});

test('yellow: every ready endpoint on one node', () => {
  const h = serviceHealth(svc(), [slice('web-a', [ep('10.0.0.1', 'n1'), ep('10.0.0.2', 'n1')])]);
  assert.equal(h.health, 'yellow');
  assert.match(h.reason, /every ready endpoint is on one node \(n1\)/);
});

test('yellow: every ready endpoint in one zone, when every ready endpoint reports a zone', () => {
  const h = serviceHealth(svc(), [slice('web-a', [ep('10.0.0.1', 'n1', 'z1'), ep('10.0.0.2', 'n2', 'z1')])]);
  assert.equal(h.health, 'yellow');
  assert.match(h.reason, /one zone \(z1\)/);
});

test('a partially known zone does not make a Service yellow', () => {
  const h = serviceHealth(svc(), [slice('web-a', [ep('10.0.0.1', 'n1', 'z1'), ep('10.0.0.2', 'n2')])]);
  assert.equal(h.health, 'green');
});

test('yellow: some endpoints not ready, terminating ones named', () => {
  const h = serviceHealth(svc(), [
    slice('web-a', [
      ep('10.0.0.1', 'n1'),
      ep('10.0.0.2', 'n2'),
      ep('10.0.0.3', 'n3', undefined, { ready: false, serving: true, terminating: true }),
    ]),
  ]);
  assert.equal(h.health, 'yellow');
  assert.equal(h.ready, 2);
  assert.equal(h.total, 3);
  assert.match(h.reason, /1 of 3 not ready \(1 terminating\)/);
});

test('yellow: only one ready endpoint', () => {
  const h = serviceHealth(svc(), [slice('web-a', [ep('10.0.0.1', 'n1')])]);
  assert.equal(h.health, 'yellow');
  assert.match(h.reason, /only one ready endpoint/);
});

test('yellow: ready endpoints without a node cannot prove spread', () => {
  const h = serviceHealth(svc(), [slice('web-a', [ep('10.0.0.1'), ep('10.0.0.2')])]);
  assert.equal(h.health, 'yellow');
  assert.match(h.reason, /node unknown/);
});

test('red: none ready, and red with no endpoints at all', () => {
  const none = serviceHealth(svc(), [
    slice('web-a', [
      ep('10.0.0.1', 'n1', undefined, { ready: false }),
      ep('10.0.0.2', 'n2', undefined, { ready: false }),
    ]),
  ]);
  assert.equal(none.health, 'red');
  assert.equal(none.ready, 0);
  assert.equal(none.total, 2);
  const empty = serviceHealth(svc(), []);
  assert.equal(empty.health, 'red');
  assert.equal(empty.total, 0);
  assert.match(empty.reason, /no endpoints/);
});

test('grey: no selector (and an empty selector), whatever the slices say', () => {
  assert.equal(
    serviceHealth({ metadata: { name: 'ext', namespace: 'shop' }, spec: {} }, [
      slice('ext-1', [ep('1.2.3.4', 'n1')], 'ext'),
    ]).health,
    'grey',
  );
  assert.equal(serviceHealth(svc('ext', {}), []).health, 'grey');
  const ext = serviceHealth({ metadata: { name: 'x', namespace: 'shop' }, spec: { type: 'ExternalName' } }, []);
  assert.match(ext.reason, /ExternalName/);
});

test('endpoints are deduplicated across slices by address and by Pod (dual stack)', () => {
  const eps = endpointsOf([
    slice('web-a', [
      ep('10.0.0.1', 'n1', undefined, { ready: false }, 'web-1'),
      ep('10.0.0.2', 'n2', undefined, undefined, 'web-2'),
    ]),
    slice('web-b', [ep('10.0.0.1', 'n1', undefined, { ready: true }, 'web-1')]),
    {
      metadata: { name: 'web-v6', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv6',
      endpoints: [ep('fd00::2', 'n2', undefined, undefined, 'web-2')],
    },
  ]);
  assert.equal(eps.length, 2);
  assert.ok(
    eps.every((e) => e.ready),
    'a copy that says ready wins',
  );
  const h = serviceHealth(svc(), [
    slice('web-a', [ep('10.0.0.1', 'n1'), ep('10.0.0.2', 'n2')]),
    slice('web-b', [ep('10.0.0.2', 'n2')]),
  ]);
  assert.equal(h.total, 2);
  assert.equal(h.health, 'green');
});

test('slices of other Services and other namespaces are ignored', () => {
  const h = serviceHealth(svc(), [
    slice('web-a', [ep('10.0.0.1', 'n1'), ep('10.0.0.2', 'n2')]),
    slice('api-a', [ep('10.0.0.9', 'n9', undefined, { ready: false })], 'api'),
    slice('web-x', [ep('10.0.0.8', 'n8', undefined, { ready: false })], 'web', 'other'),
  ]);
  assert.equal(h.total, 2);
  assert.equal(h.health, 'green');
});

test('endpoint details carry pod, node, zone and conditions', () => {
  const [e] = serviceHealth(svc(), [
    slice('web-a', [ep('10.0.0.1', 'n1', 'z1', { ready: false, serving: true, terminating: true }, 'web-1')]),
  ]).endpoints;
  assert.deepEqual(e, {
    address: '10.0.0.1',
    pod: 'web-1',
    node: 'n1',
    zone: 'z1',
    ready: false,
    serving: true,
    terminating: true,
  });
});

test('an endpoint with no address is skipped', () => {
  assert.equal(endpointsOf([slice('w', [{ addresses: [] }, ep('10.0.0.1', 'n1')])]).length, 1);
});

test('servicesHealth matches slices per namespace and sorts', () => {
  const hs = servicesHealth(
    [
      { metadata: { name: 'b', namespace: 'x' }, spec: { selector: { a: 'b' } } },
      { metadata: { name: 'a', namespace: 'x' }, spec: { selector: { a: 'a' } } },
    ],
    [
      slice('a-1', [ep('10.0.0.1', 'n1'), ep('10.0.0.2', 'n2')], 'a', 'x'),
      slice('b-1', [ep('10.0.0.3', 'n1')], 'b', 'y'),
    ],
  );
  assert.deepEqual(
    hs.map((h) => [h.name, h.health]),
    [
      ['a', 'green'],
      ['b', 'red'],
    ],
  );
});

test('workload health: ready/desired with the same colours', () => {
  const d = (replicas: number | undefined, ready: number | undefined) => ({
    metadata: { name: 'd', namespace: 'n' },
    spec: { replicas },
    status: { readyReplicas: ready },
  });
  assert.equal(workloadHealth('Deployment', d(3, 3)).health, 'green');
  assert.equal(workloadHealth('Deployment', d(3, 2)).health, 'yellow');
  assert.equal(workloadHealth('Deployment', d(3, undefined)).health, 'red');
  assert.equal(workloadHealth('Deployment', d(0, undefined)).health, 'grey');
  const single = workloadHealth('StatefulSet', d(undefined, 1));
  assert.equal(single.desired, 1, 'spec.replicas defaults to 1');
  assert.equal(single.health, 'yellow');
  const ds = workloadHealth('DaemonSet', {
    metadata: { name: 'ds', namespace: 'n' },
    status: { desiredNumberScheduled: 4, numberReady: 4 },
  });
  assert.deepEqual([ds.ready, ds.desired, ds.health], [4, 4, 'green']);
  assert.equal(
    workloadHealth('DaemonSet', { metadata: { name: 'ds' }, status: { desiredNumberScheduled: 4, numberReady: 1 } })
      .health,
    'yellow',
  );
});

test('worstHealth orders red > yellow > green > grey', () => {
  assert.equal(worstHealth(['green', 'grey', 'yellow']), 'yellow');
  assert.equal(worstHealth(['green', 'red', 'yellow']), 'red');
  assert.equal(worstHealth(['grey']), 'grey');
  assert.equal(worstHealth([]), undefined);
});
