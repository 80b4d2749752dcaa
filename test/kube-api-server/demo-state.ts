// The simulated demo cluster: four nodes in three zones and a few namespaces whose Services cover
// every health colour, so the tree view and `kube-ha cluster health` have something to show; and
// (seedStorefront) the examples' own namespace, so an open example shows live diagnostics.
import {
  daemonSet,
  deployment,
  endpointSlice,
  namespace,
  node,
  pdb,
  pod,
  service,
  statefulSet,
  type EndpointSpec,
  type PdbSpec,
} from './fixtures';
import type { TestApiServer } from './server';
import type { KubeObject } from './types';

export const DEMO_NODES = [
  { name: 'node-a1', zone: 'eu-west-1a' },
  { name: 'node-a2', zone: 'eu-west-1a' },
  { name: 'node-b1', zone: 'eu-west-1b' },
  { name: 'node-c1', zone: 'eu-west-1c' },
];
const zoneOf = (n: string) => DEMO_NODES.find((x) => x.name === n)!.zone;

function backed(s: TestApiServer, ns: string, svc: string, eps: Array<Omit<EndpointSpec, 'zone'>>): void {
  const full = eps.map((e) => ({ ...e, zone: e.node ? zoneOf(e.node) : undefined }));
  for (const e of full) s.upsert(pod(ns, e, svc));
  s.upsert(service(ns, svc));
  s.upsert(endpointSlice(ns, svc, full));
}

export function seedDemo(s: TestApiServer): void {
  DEMO_NODES.forEach((n, i) => s.upsert(node(n.name, n.zone, { ip: `172.18.0.${i + 10}` })));
  for (const ns of ['default', 'kube-system', 'shop', 'payments', 'monitoring']) s.upsert(namespace(ns));

  // shop: green, yellow (one node), yellow (one not ready), grey (no selector)
  backed(s, 'shop', 'frontend', [
    { ip: '10.244.1.10', pod: 'frontend-7d4b9-x2k8p', node: 'node-a1' },
    { ip: '10.244.2.11', pod: 'frontend-7d4b9-q9w3z', node: 'node-b1' },
    { ip: '10.244.3.12', pod: 'frontend-7d4b9-m4n7c', node: 'node-c1' },
  ]);
  s.upsert(deployment('shop', 'frontend', 3, 3));
  backed(s, 'shop', 'cart', [
    { ip: '10.244.1.20', pod: 'cart-5c8f6-abcde', node: 'node-a1' },
    { ip: '10.244.1.21', pod: 'cart-5c8f6-fghij', node: 'node-a1' },
  ]);
  s.upsert(deployment('shop', 'cart', 2, 2));
  backed(s, 'shop', 'checkout', [
    { ip: '10.244.1.30', pod: 'checkout-6f7d8-k1l2m', node: 'node-a2' },
    { ip: '10.244.2.31', pod: 'checkout-6f7d8-n3o4p', node: 'node-b1' },
    { ip: '10.244.3.32', pod: 'checkout-6f7d8-q5r6s', node: 'node-c1', ready: false, serving: false },
  ]);
  s.upsert(deployment('shop', 'checkout', 3, 2));
  s.upsert(service('shop', 'legacy-db', null, 5432));
  s.upsert(endpointSlice('shop', 'legacy-db', [{ ip: '192.168.10.5', pod: 'external' }], 'manual', 5432));

  // payments: red (none ready), green StatefulSet, yellow single replica
  backed(s, 'payments', 'api', [
    { ip: '10.244.1.40', pod: 'api-8b9c7-t7u8v', node: 'node-a1', ready: false },
    { ip: '10.244.2.41', pod: 'api-8b9c7-w9x0y', node: 'node-b1', ready: false },
  ]);
  s.upsert(deployment('payments', 'api', 2, 0));
  backed(s, 'payments', 'ledger', [
    { ip: '10.244.1.50', pod: 'ledger-0', node: 'node-a2' },
    { ip: '10.244.2.51', pod: 'ledger-1', node: 'node-b1' },
    { ip: '10.244.3.52', pod: 'ledger-2', node: 'node-c1' },
  ]);
  s.upsert(statefulSet('payments', 'ledger', 3, 3));
  backed(s, 'payments', 'fraud-check', [{ ip: '10.244.3.60', pod: 'fraud-check-4d5e6-z1a2b', node: 'node-c1' }]);
  s.upsert(deployment('payments', 'fraud-check', 1, 1));

  // monitoring: yellow (one zone, two nodes), green DaemonSet
  backed(s, 'monitoring', 'prometheus', [
    { ip: '10.244.1.70', pod: 'prometheus-0', node: 'node-a1' },
    { ip: '10.244.1.71', pod: 'prometheus-1', node: 'node-a2' },
  ]);
  s.upsert(statefulSet('monitoring', 'prometheus', 2, 2));
  backed(
    s,
    'monitoring',
    'node-exporter',
    DEMO_NODES.map((n, i) => ({ ip: `10.244.${i + 1}.9${i}`, pod: `node-exporter-${n.name}`, node: n.name })),
  );
  s.upsert(daemonSet('monitoring', 'node-exporter', 4, 4));

  s.upsert(service('default', 'kubernetes', null, 443));
  s.upsert(endpointSlice('default', 'kubernetes', [{ ip: '172.18.0.2', pod: 'apiserver' }], 'apiserver', 443));
}

/** The examples' workloads (examples/*.yaml, namespace storefront) as running pods over the three
 *  zones: postgres-pdb (maxUnavailable 0) blocks every drain of node-b1, pgbouncer's two pods are
 *  both in eu-west-1a (it goes dark with that zone), api-worker's pods back no Service. */
export const STOREFRONT: Array<{
  name: string;
  component: string;
  kind: 'Deployment' | 'StatefulSet';
  nodes: string[];
  service?: boolean;
  pdb?: PdbSpec;
}> = [
  {
    name: 'web',
    component: 'frontend',
    kind: 'Deployment',
    nodes: ['node-a1', 'node-b1'],
    service: true,
    pdb: { maxUnavailable: 1 },
  },
  {
    name: 'api',
    component: 'backend',
    kind: 'Deployment',
    nodes: ['node-a2', 'node-b1', 'node-c1'],
    service: true,
    pdb: { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  },
  {
    name: 'api-worker',
    component: 'worker',
    kind: 'Deployment',
    nodes: ['node-a1', 'node-c1'],
    pdb: { maxUnavailable: 1 },
  },
  {
    name: 'postgres',
    component: 'database',
    kind: 'StatefulSet',
    nodes: ['node-b1'],
    service: true,
    pdb: { maxUnavailable: 0 },
  },
  {
    name: 'pgbouncer',
    component: 'connection-pooler',
    kind: 'Deployment',
    nodes: ['node-a1', 'node-a2'],
    service: true,
  },
  {
    name: 'rabbitmq',
    component: 'broker',
    kind: 'StatefulSet',
    nodes: ['node-a1', 'node-b1', 'node-c1'],
    service: true,
    pdb: { maxUnavailable: 1 },
  },
];

export function seedStorefront(s: TestApiServer): void {
  const ns = 'storefront';
  s.upsert(namespace(ns));
  let ip = 100;
  for (const w of STOREFRONT) {
    const selector = { 'app.kubernetes.io/name': w.name, 'app.kubernetes.io/component': w.component };
    const labels = { ...selector, 'app.kubernetes.io/part-of': 'storefront' };
    const eps = w.nodes.map((n, i): EndpointSpec => ({
      ip: `10.244.${DEMO_NODES.findIndex((x) => x.name === n) + 1}.${ip++}`,
      pod: w.kind === 'StatefulSet' ? `${w.name}-${i}` : `${w.name}-5d9f7c-${'bcdfghjklm'[i]}${'npqrstvwxz'[i]}${i}`,
      node: n,
      zone: zoneOf(n),
    }));
    const pods: KubeObject[] = eps.map((e) => pod(ns, e, w.name, labels));
    for (const p of pods) s.upsert(p);
    s.upsert(
      w.kind === 'Deployment'
        ? deployment(ns, w.name, w.nodes.length, w.nodes.length, selector)
        : statefulSet(ns, w.name, w.nodes.length, w.nodes.length, selector),
    );
    if (w.service) {
      s.upsert(service(ns, w.name, selector));
      s.upsert(endpointSlice(ns, w.name, eps));
    }
    if (w.pdb) s.upsert(pdb(ns, `${w.name}-pdb`, selector, w.pdb, pods));
  }
  // The management Service's selector has the typo of examples/queue.yaml: it selects nothing.
  s.upsert(
    service(ns, 'rabbitmq-management', {
      'app.kubernetes.io/name': 'rabbitmq',
      'app.kubernetes.io/component': 'brocker',
    }),
  );
}
