// `npm run fuzz`: the long fuzz run. Generates N inputs (default 100,000) in batches from a
// seed, runs the property of fuzz-core on each, counts failures (keeping the first few inputs
// in a temp dir) and measures lint time and fix-all time per input.
//   node out/test/robustness/fuzz-main.js [--runs N] [--seed S] [--json FILE]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import fc from 'fast-check';
import { checkInput, inputs, seedCorpus } from './fuzz-core';

const { values: args } = parseArgs({
  strict: true,
  options: {
    runs: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    json: { type: 'string', default: '' },
  },
});
const runs = Number(args.runs);
const seed = Number(args.seed);
const jsonOut = args.json;
const corpus = seedCorpus();
const arb = inputs(corpus);
const lintMs: number[] = [];
const totalMs: number[] = [];
const failures: { input: string; error: string }[] = [];
let worst = { ms: 0, input: '' };
let fixedCount = 0;
const byKind = new Map<string, number>();
const failDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-fuzz-'));
const started = Date.now();
const BATCH = 1000;
for (let b = 0; b * BATCH < runs; b++) {
  const batch = fc.sample(arb, { numRuns: Math.min(BATCH, runs - b * BATCH), seed: seed * 1_000_003 + b });
  for (const text of batch) {
    try {
      const o = checkInput(text);
      lintMs.push(o.lintMs);
      totalMs.push(o.lintMs + o.fixMs);
      if (o.fixed) fixedCount++;
      if (o.lintMs > worst.ms) worst = { ms: o.lintMs, input: text };
    } catch (e) {
      const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      if (failures.length < 20) fs.writeFileSync(path.join(failDir, `failure-${failures.length}.yaml`), text);
      failures.push({ input: text.slice(0, 2000), error: error.split('\n')[0] });
      const kind = /^Error: fix-all/.test(error)
        ? (/rule (\S+) \("[^"]*"\) -> (.*?)(?: at line \d+.*)?$/m.exec(error)?.slice(1, 3).join(': ') ?? 'fix-all')
        : `exception: ${error.split('\n')[0].slice(0, 120)}`;
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
  }
  if ((b + 1) % 10 === 0)
    process.stderr.write(
      `${(b + 1) * BATCH} inputs, ${failures.length} failures, ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
}
const lintAll = lintMs;
const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
};
const summary = {
  runs,
  seed,
  seeds: corpus.length,
  failures: failures.length,
  fixAllApplied: fixedCount,
  lint: {
    p50: q(lintMs, 0.5),
    p99: q(lintMs, 0.99),
    max: q(lintMs, 1),
    overOneSecond: lintMs.filter((x) => x > 1000).length,
  },
  lintPlusFixAll: {
    p50: q(totalMs, 0.5),
    p99: q(totalMs, 0.99),
    max: q(totalMs, 1),
    overOneSecond: totalMs.filter((x) => x > 1000).length,
  },
  failuresByKind: Object.fromEntries([...byKind].sort((a, b) => b[1] - a[1])),
  worstInputBytes: worst.input.length,
  /** For merging workers: every per-input time, rounded to 0.01 ms. */
  samples: jsonOut
    ? { lintMs: lintAll.map((x) => Math.round(x * 100) / 100), totalMs: totalMs.map((x) => Math.round(x * 100) / 100) }
    : undefined,
  wallSeconds: (Date.now() - started) / 1000,
  failureDir: failures.length ? failDir : null,
  firstFailures: failures.slice(0, 3).map((f) => f.error),
};
if (worst.input) fs.writeFileSync(path.join(failDir, 'slowest.yaml'), worst.input);
console.log(JSON.stringify({ ...summary, samples: undefined }, null, 2));
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(summary, null, 2));
process.exit(failures.length ? 1 : 0);
