// The simulated demo cluster, standalone:
//   node out/test/kube-api-server/main.js [--port N] [--kubeconfig FILE] [--churn SECONDS]
// Serves the demo state (and the examples' storefront namespace) over HTTPS and writes a
// kubeconfig (with its CA and token) to point the extension or `kube-ha cluster health
// --kubeconfig FILE` at. Stop it with Ctrl-C.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { endpointSlice } from './fixtures';
import { seedDemo, seedStorefront } from './demo-state';
import { TestApiServer } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    strict: true,
    options: {
      port: { type: 'string', default: '0' },
      kubeconfig: { type: 'string', default: join(tmpdir(), 'kube-ha-simulated.kubeconfig') },
      churn: { type: 'string', default: '0' },
    },
  });
  const port = Number(values.port);
  const file = values.kubeconfig;
  const churn = Number(values.churn);
  const server = await TestApiServer.start({ port, bookmarkIntervalMs: 30_000 });
  seedDemo(server);
  seedStorefront(server);
  await server.writeKubeconfig(file, { context: 'kube-ha-simulated' });
  const banner = [
    '================================================================',
    ' SIMULATED Kubernetes API server (kube-ha demo) — not a real cluster',
    ` listening on ${server.url}`,
    ` kubeconfig:  ${file}   (context "kube-ha-simulated")`,
    ` try:  KUBECONFIG=${file} kube-ha cluster health`,
    `       KUBECONFIG=${file} kube-ha cluster drain-check --any-zone -n storefront`,
    '================================================================',
  ];
  process.stdout.write(banner.join('\n') + '\n');
  if (churn > 0) {
    // Makes shop/checkout's third endpoint flap so the live view visibly changes.
    let ready = false;
    setInterval(() => {
      ready = !ready;
      server.upsert(
        endpointSlice('shop', 'checkout', [
          { ip: '10.244.1.30', pod: 'checkout-6f7d8-k1l2m', node: 'node-a2', zone: 'eu-west-1a' },
          { ip: '10.244.2.31', pod: 'checkout-6f7d8-n3o4p', node: 'node-b1', zone: 'eu-west-1b' },
          {
            ip: '10.244.3.32',
            pod: 'checkout-6f7d8-q5r6s',
            node: 'node-c1',
            zone: 'eu-west-1c',
            ready,
            serving: ready,
          },
        ]),
      );
      process.stdout.write(`[simulated] shop/checkout endpoint 10.244.3.32 is now ${ready ? 'ready' : 'not ready'}\n`);
    }, churn * 1000).unref();
  }
  const shutdown = () => {
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  process.stderr.write(`simulated API server failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
