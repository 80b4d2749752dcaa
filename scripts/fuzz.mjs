// `npm run fuzz`: the long fuzz run of issue 6 — 100,000 inputs (mutated rule fixtures,
// examples/ and generated manifests) through the engine, split over worker processes.
//   node scripts/fuzz.mjs [--runs 100000] [--workers 2] [--seed 1] [--no-build]
// Prints a summary (failures by kind, lint and lint+fix-all time per input: p50/p99/max).
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { commandLine } from './args.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = commandLine(
  {
    runs: { type: 'string', default: '100000' },
    workers: { type: 'string', default: String(Math.min(2, os.cpus().length)) },
    seed: { type: 'string', default: '1' },
    'out-dir': { type: 'string', default: 'out' },
    'no-build': { type: 'boolean', default: false },
  },
  'node scripts/fuzz.mjs [--runs 100000] [--workers 2] [--seed 1] [--out-dir out] [--no-build]',
);
const runs = Number(opts.runs);
const workers = Math.max(1, Number(opts.workers));
const seed = Number(opts.seed);
const outDir = opts['out-dir'];

if (!opts['no-build']) {
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', '.', '--outDir', outDir],
    { cwd: root, stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status || 1);
}
const main = path.join(root, outDir, 'test/robustness/fuzz-main.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-fuzz-run-'));
const started = Date.now();
const per = Math.ceil(runs / workers);
const results = await Promise.all(
  Array.from(
    { length: workers },
    (_, w) =>
      new Promise((resolve) => {
        const json = path.join(tmp, `w${w}.json`);
        const n = Math.min(per, runs - w * per);
        const p = spawn(
          process.execPath,
          [main, '--runs', String(n), '--seed', String(seed * 100 + w), '--json', json],
          { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
        );
        p.on('exit', () => resolve(JSON.parse(fs.readFileSync(json, 'utf8'))));
      }),
  ),
);
const all = (k) => results.flatMap((r) => r.samples[k]).sort((a, b) => a - b);
const q = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const stats = (xs) => ({
  p50: q(xs, 0.5),
  p99: q(xs, 0.99),
  max: xs[xs.length - 1],
  overOneSecond: xs.filter((x) => x > 1000).length,
});
const byKind = {};
for (const r of results) for (const [k, v] of Object.entries(r.failuresByKind)) byKind[k] = (byKind[k] ?? 0) + v;
const summary = {
  runs: results.reduce((a, r) => a + r.runs, 0),
  workers,
  seeds: results.map((r) => r.seed),
  corpusFiles: results[0].seeds,
  failures: results.reduce((a, r) => a + r.failures, 0),
  failuresByKind: Object.fromEntries(Object.entries(byKind).sort((a, b) => b[1] - a[1])),
  fixAllApplied: results.reduce((a, r) => a + r.fixAllApplied, 0),
  lintMs: stats(all('lintMs')),
  lintPlusFixAllMs: stats(all('totalMs')),
  wallSeconds: (Date.now() - started) / 1000,
  failureDirs: results.map((r) => r.failureDir).filter(Boolean),
  node: process.version,
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  loadavg: os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' '),
};
console.log(JSON.stringify(summary, null, 2));
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(summary.failures ? 1 : 0);
