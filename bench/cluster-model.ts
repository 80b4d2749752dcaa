// Child process of the cluster benchmark: the colleague's live cluster model (cluster/src/model.ts)
// against cluster-server.js, in its own process so its memory is its own.
//   node out/bench/cluster-model.js SERVICES NAMESPACES KUBECONFIG MODE(all|one) EVENTS SERVERJS
// Prints one JSON line with the results.
import { fork } from 'child_process';
import { createClusterModel } from '../cluster/src/model';

const hr = (): number => Number(process.hrtime.bigint()) / 1e6;

async function main(): Promise<void> {
  const [servicesArg, nsArg, kubeconfig, mode, eventsArg, serverJs] = process.argv.slice(2);
  const services = Number(servicesArg);
  const events = Number(eventsArg);
  const server = fork(serverJs, [servicesArg, nsArg, kubeconfig], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const names = await new Promise<string[]>((resolve, reject) => {
    server.once('message', (m: { services: string[] }) => resolve(m.services));
    server.once('exit', (c) => reject(new Error(`cluster-server exited ${c}`)));
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const model = createClusterModel({ source: { path: kubeconfig, env: {} }, timeoutMs: 60_000 });
  const ns = mode === 'all' ? '' : 'team-000';
  const expected = mode === 'all' ? services : names.filter((n) => n.startsWith('team-000/')).length;
  const t0 = hr();
  model.watchNamespace(ns);
  await model.whenSettled(ns, 120_000);
  const firstMs = hr() - t0;
  const view = model.view(ns)!;
  const got = view.services.items.length;
  gc?.();
  const after = process.memoryUsage();

  // Watch events: one endpoint of a Service turns unready (green → yellow), then ready again (→ green).
  const latencies: number[] = [];
  const inView = names.map((n, i) => ({ n, i })).filter(({ n }) => mode === 'all' || n.startsWith('team-000/'));
  const flip = async (i: number, nsName: string, svc: string, ready: boolean): Promise<number> => {
    const want = ready ? 'green' : 'yellow';
    const updated = new Promise<number>((resolve) => {
      const off = model.onDidChange(() => {
        const s = model.view(ns)!.services.items.find((x) => x.namespace === nsName && x.name === svc);
        if (s?.health === want) {
          off();
          resolve(hr());
        }
      });
    });
    const t = hr();
    server.send({ flip: { index: i, ready } });
    return (await updated) - t;
  };
  for (let e = 0; e < events; e++) {
    const { n, i } = inView[(e * 37) % inView.length];
    const [nsName, svc] = n.split('/');
    latencies.push(await flip(i, nsName, svc, false));
    latencies.push(await flip(i, nsName, svc, true));
  }
  model.dispose();
  server.send({ stop: true });
  process.stdout.write(
    JSON.stringify({
      mode,
      services: expected,
      got,
      firstMs,
      latencies,
      heapBefore: before.heapUsed,
      heapAfter: after.heapUsed,
      rssBefore: before.rss,
      rssAfter: after.rss,
    }) + '\n',
  );
  setTimeout(() => process.exit(0), 500).unref();
}

main().catch((e: unknown) => {
  process.stderr.write(`cluster-model: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
