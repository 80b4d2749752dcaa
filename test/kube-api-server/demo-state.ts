// The simulated demo cluster: four nodes in three zones and a few namespaces whose Services cover
// every health colour, so the tree view and `kube-ha cluster health` have something to show.
import { daemonSet, deployment, endpointSlice, namespace, node, pod, service, statefulSet, type EndpointSpec } from './fixtures';
import type { TestApiServer } from './server';

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
  for (const n of DEMO_NODES) s.upsert(node(n.name, n.zone));
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
  backed(s, 'monitoring', 'node-exporter', DEMO_NODES.map((n, i) => ({ ip: `10.244.${i + 1}.9${i}`, pod: `node-exporter-${n.name}`, node: n.name })));
  s.upsert(daemonSet('monitoring', 'node-exporter', 4, 4));

  s.upsert(service('default', 'kubernetes', null, 443));
  s.upsert(endpointSlice('default', 'kubernetes', [{ ip: '172.18.0.2', pod: 'apiserver' }], 'apiserver', 443));
}
