// Child process of the cluster benchmark: the colleague's test Kubernetes API server
// (test/kube-api-server) seeded with many Services and their EndpointSlices. Commands over IPC:
//   { flip: { ns, svc, ready } } → rewrites the Service's EndpointSlice with its first endpoint (un)ready
import { TestApiServer } from '../test/kube-api-server/server';
import { endpointSlice, namespace, service, type EndpointSpec } from '../test/kube-api-server/fixtures';

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

function endpoints(ns: string, svc: string, i: number, firstReady: boolean): EndpointSpec[] {
  return [0, 1, 2].map((k) => ({
    ip: `10.${(i >> 8) & 255}.${i & 255}.${10 + k}`,
    pod: `${svc}-7d4b9-${k}`,
    node: `node-${(i + k) % 30}`,
    zone: ZONES[(i + k) % 3],
    ...(k === 0 && !firstReady ? { ready: false, serving: false } : {}),
  }));
}

async function main(): Promise<void> {
  const services = Number(process.argv[2]);
  const namespaces = Number(process.argv[3]);
  const kubeconfig = process.argv[4];
  const server = await TestApiServer.start({ bookmarkIntervalMs: 60_000 });
  const nsName = (n: number) => `team-${String(n).padStart(3, '0')}`;
  for (let n = 0; n < namespaces; n++) server.upsert(namespace(nsName(n)));
  const where: { ns: string; svc: string; i: number }[] = [];
  for (let i = 0; i < services; i++) {
    const ns = nsName(i % namespaces);
    const svc = `svc-${i}`;
    server.upsert(service(ns, svc));
    server.upsert(endpointSlice(ns, svc, endpoints(ns, svc, i, true)));
    where.push({ ns, svc, i });
  }
  await server.writeKubeconfig(kubeconfig, { context: 'bench' });
  process.on('message', (m: { flip?: { index: number; ready: boolean }; stop?: boolean }) => {
    if (m.flip) {
      const w = where[m.flip.index];
      server.upsert(endpointSlice(w.ns, w.svc, endpoints(w.ns, w.svc, w.i, m.flip.ready)));
      process.send!({ flipped: m.flip.index });
    }
    if (m.stop) void server.stop().then(() => process.exit(0));
  });
  process.send!({ ready: true, services: where.map((w) => `${w.ns}/${w.svc}`) });
}

main().catch((e: unknown) => {
  process.stderr.write(`cluster-server: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
