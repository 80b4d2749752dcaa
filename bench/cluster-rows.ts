// The rows of phases (4) cluster view over the test API server and (4b) what-if over a big cluster.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { benchOut, runChild } from './paths';
import { row, verdict, type Results } from './rows';
import { median, mib, ms, percentile, progress, ratio } from './stats';
import { benchWhatIf } from './whatif';

interface ModelRun {
  mode: string;
  services: number;
  got: number;
  firstMs: number;
  latencies: number[];
  heapBefore: number;
  heapAfter: number;
  rssBefore: number;
  rssAfter: number;
}

/** The live model (bench/cluster-model.ts) watching all namespaces, then one. */
export async function clusterRows(out: Results, services: number, events: number): Promise<void> {
  const { rows, notes } = out;
  const kubeconfig = path.join(os.tmpdir(), `kube-ha-bench-${process.pid}.kubeconfig`);
  const results: ModelRun[] = [];
  try {
    for (const mode of ['all', 'one']) {
      progress(
        `cluster: ${services} Services + EndpointSlices in 50 namespaces, model watching ${mode === 'all' ? 'all namespaces' : 'one namespace'}`,
      );
      const stdout = await runChild(
        [
          path.join(benchOut, 'cluster-model.js'),
          String(services),
          '50',
          kubeconfig,
          mode,
          String(events),
          path.join(benchOut, 'cluster-server.js'),
        ],
        ['--expose-gc'],
      );
      results.push(JSON.parse(stdout.trim().split('\n').pop()!));
    }
    const [all, one] = results;
    rows.push(
      row(
        '4',
        `Cluster: first full model, ${all.got.toLocaleString('en')} Services (all namespaces)`,
        [ms(all.firstMs), '—'],
        {
          ref: 'test API server (HTTPS, list+watch)',
          target: '< 2 s',
          result:
            all.got === all.services ? verdict(all.firstMs, 2000, ms) : `**incomplete** (${all.got}/${all.services})`,
        },
      ),
    );
    rows.push(
      row(
        '4',
        `Cluster: watch event → model update (${all.latencies.length} events, endpoint unready/ready)`,
        [ms(median(all.latencies)), ms(percentile(all.latencies, 95))],
        { ref: '', target: '< 100 ms', result: verdict(percentile(all.latencies, 95), 100, ms) },
      ),
    );
    const dAll = all.heapAfter - all.heapBefore;
    const dOne = one.heapAfter - one.heapBefore;
    rows.push(
      row(
        '4',
        `Cluster: model heap growth, all namespaces vs one namespace expanded (${one.got} Services)`,
        [mib(dAll), mib(dOne)],
        {
          ref: '',
          ratio: ratio(dOne, dAll),
          target: 'bounded by what is expanded (one namespace ≤ ⅕ of all)',
          result: dOne <= dAll / 5 ? '**met**' : '**missed**',
        },
      ),
    );
    notes.push(
      `Cluster: all namespaces — first model ${ms(all.firstMs)}, heap +${mib(dAll)}, RSS ${mib(all.rssBefore)} → ${mib(all.rssAfter)}; ` +
        `one namespace (${one.got} Services) — first model ${ms(one.firstMs)}, heap +${mib(dOne)}, RSS ${mib(one.rssBefore)} → ${mib(one.rssAfter)}; ` +
        `events there: median ${ms(median(one.latencies))}, p95 ${ms(percentile(one.latencies, 95))}. Model and API server run in separate processes; latency is from the IPC request that makes the server write the EndpointSlice to the model's change notification showing the new health.`,
    );
  } catch (e) {
    notes.push(`Cluster: not measured — ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    progress(`cluster failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    fs.rmSync(kubeconfig, { force: true });
  }
}

/** Drain / zone loss (issue 18), in process. */
export function whatIfRows(out: Results, services: number, nodes: number): void {
  const { rows, notes } = out;
  progress(`what-if: ${services} Services, ${nodes} nodes in 3 zones, each disruption kind 20 times`);
  const w = benchWhatIf(services, nodes, 20);
  const all = Object.values(w.times).flat();
  const worst = Object.entries(w.times).sort((a, b) => percentile(b[1], 95) - percentile(a[1], 95))[0];
  rows.push(
    row(
      '4',
      `What-if over ${w.services.toLocaleString('en')} Services, ${w.nodes} nodes in 3 zones, ${w.pods.toLocaleString('en')} pods, ${w.pdbs.toLocaleString('en')} PDBs (4 kinds × 20 runs; p95 of the slowest kind, "${worst[0]}")`,
      [ms(median(all)), ms(percentile(worst[1], 95))],
      { ref: '', target: '< 200 ms', result: verdict(percentile(worst[1], 95), 200, ms) },
    ),
  );
  const cpuAll = Object.values(w.cpu).flat();
  rows.push(
    row(
      '4',
      "What-if, CPU time (user+system) of the same answers (a diagnostic: the wall-clock row above includes the other processes' share of the 2 cores)",
      [ms(median(cpuAll)), ms(percentile(cpuAll, 95))],
      { ref: '' },
    ),
  );
  notes.push(
    `What-if, per kind (wall median / p95; CPU median / p95): ${Object.entries(w.times)
      .map(
        ([k, t]) =>
          `${k} ${ms(median(t))} / ${ms(percentile(t, 95))}; ${ms(median(w.cpu[k]))} / ${ms(percentile(w.cpu[k], 95))} (${w.dark[k]} Services dark)`,
      )
      .join('; ')}. ` +
      "Pure model (cluster/src/whatif.ts) on input built by the live model's own functions; the any-* kinds look at each Service's and PDB's endpoints/pods once, not once per node.",
  );
}
