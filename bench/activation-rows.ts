// The rows of phase (5): activation proxy and the .vsix size.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { benchOut, node, repoRoot, runChild } from './paths';
import { row, verdict, type Results } from './rows';
import { median, ms, percentile, progress } from './stats';

export async function activationRows(out: Results, runs: number): Promise<void> {
  const { rows } = out;
  // dist/client.js is what activation loads; dist/cluster-view.js (the cluster view with
  // @kubernetes/client-node) is loaded after activate() returns, measured for the record.
  const requireTimes = async (bundle: string): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const stdout = await runChild([path.join(benchOut, 'activation-probe.js'), path.join(repoRoot, 'dist', bundle)]);
      times.push((JSON.parse(stdout.trim()) as { requireMs: number }).requireMs);
    }
    return times;
  };
  progress(`activation: ${runs} fresh node processes requiring dist/client.js, then dist/cluster-view.js`);
  const times = await requireTimes('client.js');
  const clusterTimes = await requireTimes('cluster-view.js');
  rows.push(
    row(
      '5',
      `Activation proxy: require('dist/client.js') in a fresh node, vscode stubbed (${times.length} runs) — not VS Code's real activation`,
      [ms(median(times)), ms(percentile(times, 95))],
      { ref: '', target: '< 100 ms', result: verdict(percentile(times, 95), 100, ms) },
    ),
  );
  rows.push(
    row(
      '5',
      `Cluster view bundle: require('dist/cluster-view.js'), loaded after activate() returns (${clusterTimes.length} runs)`,
      [ms(median(clusterTimes)), ms(percentile(clusterTimes, 95))],
      { ref: '', target: '— (not part of activation)' },
    ),
  );
  progress('vsix: node scripts/package.mjs --no-build');
  const vsix = path.join(repoRoot, 'bench', 'generated', 'kube-ha-bench.vsix');
  const pkg = spawnSync(node, [path.join(repoRoot, 'scripts', 'package.mjs'), '--no-build', '--out', vsix], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const size = fs.existsSync(vsix) ? fs.statSync(vsix).size : NaN;
  rows.push(
    row(
      '5',
      '`.vsix` size (npm run package, dev build of dist/)',
      [Number.isFinite(size) ? `${(size / 1e6).toFixed(2)} MB` : 'not built', '—'],
      {
        ref: '',
        target: '< 3 MB',
        result: Number.isFinite(size)
          ? verdict(size / 1e6, 3, (x) => `${x.toFixed(2)} MB`)
          : `**not measured** (package exited ${pkg.status}: ${(pkg.stderr || '').trim().split('\n').pop()})`,
      },
    ),
  );
}
