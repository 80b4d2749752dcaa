// `npm run bench` (issue 7): kube-ha measured side by side with its references, one table.
// Started by bench/run.mjs, which builds dist/ and bundles this file into out/bench-dist/.
//   node out/bench-dist/main.js [--quick] [--only keystroke,cli,workspace,big,cluster,whatif,activation,scale,profile] [--no-profile] [--no-write] [--write]
//     [--profile-size=1k|10k|50k] [--profile-edits=N] [--keystroke-sizes=1k,10k,50k] [--scale-sizes=1000,2000,4000,8000] [--scale-runs=2] [--scale-skip=cli,fix,keystroke,many,workspace,kustomize] [--big-sizes=30000,100000] [--big-cpu-prof=DIR]
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { cliThroughput, type CliResult } from './cli';
import { generate, type Generated } from './generate';
import { keystroke, keystrokesAlone, type KeystrokeResult, type SideResult } from './keystroke';
import { describeMachine } from './machine';
import { summarise, type HotSpot } from './profile';
import { hr, median, mib, ms, percentile, progress, ratio } from './stats';
import { workspaceScale, type WorkspaceResult } from './workspace';
import { bigWorkspace, generateBig } from './big-workspace';
import { benchWhatIf } from './whatif';
import { scaleRows } from './scale-rows';
import { SERVER_EXEC_ARGV } from '../common/src/server-process';

const repoRoot = path.resolve(__dirname, '..', '..');
const benchOut = __dirname;
const argv = process.argv.slice(2);
// Every flag the bench reads (strict: an unknown or misspelt one stops it before it runs).
const OPTIONS = {
  quick: { type: 'boolean', default: false },
  only: { type: 'string' }, // phases, comma-separated
  write: { type: 'boolean', default: false },
  'no-write': { type: 'boolean', default: false },
  'no-profile': { type: 'boolean', default: false },
  'keystroke-sizes': { type: 'string' }, // 1k,10k,50k
  'big-sizes': { type: 'string' }, // 30000,100000
  'big-cpu-prof': { type: 'string' }, // DIR: the big-workspace server writes a CPU profile there
  'scale-sizes': { type: 'string' }, // 1000,2000,4000,...
  'scale-runs': { type: 'string' },
  'scale-skip': { type: 'string' }, // cli,fix,keystroke,many,workspace,kustomize
  'profile-size': { type: 'string' }, // 1k, 10k or 50k
  'profile-edits': { type: 'string' },
} as const;
function readFlags() {
  try {
    return parseArgs({ args: argv, strict: true, options: OPTIONS }).values;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)} (the flags: bench/main.ts)\n`);
    process.exit(2);
  }
}
const flags = readFlags();
const quick = flags.quick;
const only = flags.only !== undefined ? new Set(flags.only.split(',')) : null;
const wants = (phase: string) => (!only || only.has(phase)) && !(phase === 'profile' && flags['no-profile']);
// --write appends a run of some phases (--only) too.
const write = !flags['no-write'] && !quick && (!only || flags.write);

// Iteration counts: chosen so the whole run stays well under 15 minutes on a 2-core machine.
/** Threads kube-ha's parse pool uses here (server/src/parse-pool.ts: one per core). */
const PARSE_THREADS = Math.max(1, Math.min(8, os.availableParallelism?.() ?? os.cpus().length));
const PLAN = quick
  ? {
      files: 600,
      keystroke: { '1k': [2, 8], '10k': [2, 6], '50k': [1, 3] },
      cliRuns: 2,
      clusterServices: 500,
      clusterEvents: 5,
      activationRuns: 3,
      profileEdits: 5,
    }
  : // Edits: enough that p95 is not just the second-worst sample.
    {
      files: 10_000,
      keystroke: { '1k': [5, 80], '10k': [5, 80], '50k': [3, 25] },
      cliRuns: 3,
      clusterServices: 5000,
      clusterEvents: 20,
      activationRuns: 15,
      profileEdits: 10,
    };
const DEBOUNCE_YAML_LS = 200; // yaml-language-server's fixed validationDelayMs

const node = process.execPath;
const serverJs = path.join(repoRoot, 'dist', 'server.js');
const yamlLsBin = path.join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const yamlLsVersion = (() => {
  try {
    return (
      JSON.parse(
        fs.readFileSync(path.join(repoRoot, 'node_modules', 'yaml-language-server', 'package.json'), 'utf8'),
      ) as { version: string }
    ).version;
  } catch {
    return 'missing';
  }
})();

export interface Row {
  id: string;
  what: string;
  kh: [string, string];
  ref: string;
  refv: [string, string];
  ratio: string;
  target: string;
  result: string;
}
const rows: Row[] = [];
const notes: string[] = [];
const loads: string[] = [];
const noteLoad = (phase: string) => {
  loads.push(`${phase} ${os.loadavg()[0].toFixed(2)}`);
};

/** "met"/"missed by …" for a smaller-is-better value against a limit. */
function verdict(value: number, limit: number, fmt: (x: number) => string): string {
  if (!Number.isFinite(value)) return 'not measured';
  if (value <= limit) return `**met** (${(limit / value).toFixed(1)}× headroom)`;
  return `**missed** by ${fmt(value - limit)} (${(value / limit).toFixed(1)}× the target)`;
}

async function runChild(args: string[], execArgv: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(node, [...execArgv, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    p.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
    });
    p.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}: ${err.slice(-3000)}`)),
    );
  });
}

async function main(): Promise<void> {
  const started = hr();
  if (!fs.existsSync(serverJs)) throw new Error('dist/server.js is missing (bench/run.mjs builds it)');
  if (!fs.existsSync(yamlLsBin)) throw new Error('yaml-language-server is not installed (devDependency)');
  const gen: Generated = generate(repoRoot, PLAN.files, progress);
  const cwd = repoRoot;

  noteLoad('start');
  // ---- (1) keystroke → diagnostics
  const ks: KeystrokeResult[] = [];
  let alone10k: number[] | undefined;
  if (wants('keystroke')) {
    const sizes = flags['keystroke-sizes'] !== undefined ? new Set(flags['keystroke-sizes'].split(',')) : null;
    for (const [label, [warmup, edits]] of Object.entries(PLAN.keystroke)) {
      if (sizes && !sizes.has(label)) continue;
      const f = gen.keystroke[label];
      progress(
        `keystroke ${label}: ${f.lines} lines, ${f.docs} documents, ${edits} measured edits (+${warmup} warm-up) on each server`,
      );
      ks.push(
        await keystroke(
          label,
          f,
          { kubeHa: [node, ...SERVER_EXEC_ARGV, serverJs, '--stdio'], yamlLs: [node, yamlLsBin, '--stdio'] },
          { edits, warmup, cwd, concurrentEdits: label === '10k' ? edits : 0 },
        ),
      );
      if (label === '10k') {
        progress(`keystroke ${label}: the same edits to kube-ha alone`);
        alone10k = await keystrokesAlone(f, [node, ...SERVER_EXEC_ARGV, serverJs, '--stdio'], { edits, warmup, cwd });
      }
    }
    for (const r of ks) {
      const k = r.kubeHa.latencies;
      const y = r.yamlLs.latencies;
      const kp95 = percentile(k, 95);
      const yp95 = percentile(y, 95);
      const targets: string[] = [`p95 ≤ ½ yaml-ls (${ms(yp95 / 2)})`];
      const results: string[] = [verdict(kp95, yp95 / 2, ms)];
      if (r.label === '10k') {
        targets.push('p95 < 20 ms');
        results.push(verdict(kp95, 20, ms));
      }
      const yWork = y.map((x) => x - DEBOUNCE_YAML_LS);
      rows.push({
        id: '1',
        what: `Keystroke → diagnostics, ${r.lines.toLocaleString('en')} lines / ${r.docs} docs (${r.edits} edits)`,
        kh: [ms(median(k)), ms(kp95)],
        ref: `yaml-language-server ${yamlLsVersion}`,
        refv: [ms(median(y)), ms(yp95)],
        ratio: `${ratio(kp95, yp95)} (${ratio(kp95, percentile(yWork, 95))} vs yaml-ls minus its 200 ms delay)`,
        target: targets.join('; '),
        result: results.join('; '),
      });
      if (r.label === '10k' && alone10k) {
        const alone95 = percentile(alone10k, 95);
        if (kp95 > 20) {
          notes.push(
            `Keystroke 10k, why the p95 is over 20 ms: the same edits to kube-ha alone gave p95 ${ms(alone95)} (${verdict(alone95, 20, ms)} against the same 20 ms). ` +
              'The difference is what running right after a yaml-language-server edit costs: its 300–500 ms on a ~200 MB heap leave kube-ha with cold caches ' +
              '(reproduced without yaml-ls by a process sweeping 200 MB just before each edit; see "Session of 2026-11-26 night" in bench/RESULTS.md).',
          );
        }
        rows.push({
          id: '1',
          what: `Keystroke → diagnostics, ${r.label} lines, kube-ha alone (no yaml-ls edit between its edits; a diagnostic, not the target's measurement)`,
          kh: [ms(median(alone10k)), ms(alone95)],
          ref: '—',
          refv: ['—', '—'],
          ratio: '—',
          target: '— (measured interleaved, row above)',
          result: '—',
        });
      }
      if (r.concurrent?.length) {
        rows.push({
          id: '1',
          what: `Keystroke → diagnostics, ${r.label} lines, each edit sent to kube-ha and yaml-ls at once, as an editor running both extensions sends it (${r.concurrent.length} edits; a diagnostic: the two compete for the 2 cores)`,
          kh: [ms(median(r.concurrent)), ms(percentile(r.concurrent, 95))],
          ref: '—',
          refv: ['—', '—'],
          ratio: '—',
          target: '— (measured interleaved, above)',
          result: '—',
        });
      }
      const cpuTarget = r.label !== '1k';
      rows.push({
        id: '1',
        what: `Server CPU per edit (utime+stime), ${r.label} lines`,
        kh: [ms(r.kubeHa.cpuPerEdit), '—'],
        ref: 'yaml-language-server',
        refv: [ms(r.yamlLs.cpuPerEdit), '—'],
        ratio: ratio(r.kubeHa.cpuPerEdit, r.yamlLs.cpuPerEdit),
        target: cpuTarget ? `≤ ⅒ yaml-ls (${ms(r.yamlLs.cpuPerEdit / 10)})` : '(none at 1k)',
        result: cpuTarget ? verdict(r.kubeHa.cpuPerEdit, r.yamlLs.cpuPerEdit / 10, ms) : '—',
      });
      const idle = (x: SideResult) =>
        `median ${ms(median(x.settleMs))}, p95 ${ms(percentile(x.settleMs, 95))}${x.settleTimeouts ? `, still busy after 3 s ${x.settleTimeouts}×` : ''}`;
      notes.push(
        `Keystroke ${r.label}, waits for the servers to go idle after each publish (< 0.25 ms CPU in 25 ms over all threads, the 25 ms included): kube-ha ${idle(r.kubeHa)}; yaml-ls ${idle(r.yamlLs)}.`,
      );
      notes.push(
        `Keystroke ${r.label}: kube-ha reported ${r.kubeHa.diagnosticsOnOpen} diagnostics on open, yaml-ls ${r.yamlLs.diagnosticsOnOpen}; ` +
          `publishes during the measured edits: kube-ha ${r.kubeHa.publishes}, yaml-ls ${r.yamlLs.publishes}; ` +
          `server RSS after the edits: kube-ha ${mib(r.kubeHa.rss)} (peak ${mib(r.kubeHa.hwm)}), yaml-ls ${mib(r.yamlLs.rss)} (peak ${mib(r.yamlLs.hwm)}).`,
      );
    }
  }

  noteLoad('after keystroke');
  // ---- (2) CLI throughput
  let cli: CliResult | undefined;
  if (wants('cli') || wants('workspace')) {
    progress(
      `cli: ${gen.fileCount} files (${gen.fileLines.toLocaleString('en')} lines, ${(gen.fileBytes / 1e6).toFixed(1)} MB), ${PLAN.cliRuns} interleaved runs each`,
    );
    const dir = path.relative(cwd, gen.filesDir);
    cli = await cliThroughput({
      kubeHa: [node, path.join(repoRoot, 'bin', 'kube-ha.js'), 'lint', '--format', 'json', dir],
      floor: [node, path.join(benchOut, 'parse-floor.js'), dir],
      floorThreads: [node, path.join(benchOut, 'parse-floor.js'), '--threads', String(PARSE_THREADS), dir],
      runs: wants('cli') ? PLAN.cliRuns : 1,
      cwd,
      outDir: path.join(repoRoot, 'bench', 'generated'),
    });
    if (wants('cli')) {
      const km = median(cli.kubeHa);
      const fm = median(cli.floor);
      rows.push({
        id: '2',
        what: `CLI \`lint --format json\` over ${gen.fileCount.toLocaleString('en')} files (${cli.runs} runs)`,
        kh: [ms(km), ms(percentile(cli.kubeHa, 95))],
        ref: 'parse floor (yaml.parseAllDocuments only, one process)',
        refv: [ms(fm), ms(percentile(cli.floor, 95))],
        ratio: `${ratio(km, fm)} (medians)`,
        target: `≤ 1.5× floor (${ms(fm * 1.5)})`,
        result: verdict(km, fm * 1.5, ms),
      });
      const tm = median(cli.floorThreads);
      rows.push({
        id: '2',
        what: `CLI, against the floor parsed on ${PARSE_THREADS} worker threads (as kube-ha parses), same runs`,
        kh: [ms(km), ms(percentile(cli.kubeHa, 95))],
        ref: `parse floor on ${PARSE_THREADS} threads (one process)`,
        refv: [ms(tm), ms(percentile(cli.floorThreads, 95))],
        ratio: `${ratio(km, tm)} (medians)`,
        target: '(the same target, same process model)',
        result: verdict(km, tm * 1.5, ms),
      });
      if (km > tm * 1.5) {
        notes.push(
          `CLI against the threaded floor, why over 1.5×: kube-ha's ${PARSE_THREADS} worker threads also turn each document into a plain value and a position table and send them to the main thread, which indexes them meanwhile (taking CPU from the workers on a 2-core machine); ` +
            'then the analysis of every file and the JSON report run on one thread while the other core idles. None of this is in the floor, which only parses. ' +
            'Timings of each phase: "Session of 2026-11-26 late" in bench/RESULTS.md.',
        );
      }
      const kc = median(cli.kubeHaCpu);
      const fc = median(cli.floorCpu);
      rows.push({
        id: '2',
        what: 'CLI process CPU time (utime+stime), same runs',
        kh: [ms(kc), ms(percentile(cli.kubeHaCpu, 95))],
        ref: 'parse floor',
        refv: [ms(fc), ms(percentile(cli.floorCpu, 95))],
        ratio: `${ratio(kc, fc)} (medians)`,
        target: "(no target: all threads' CPU; parallel parsing costs more CPU than it saves in time)",
        result: '—',
      });
      notes.push(
        `CLI: ${cli.findings} findings in ${cli.filesWithFindings.length} of ${gen.fileCount} files (exit code ${cli.kubeHaExit}); JSON output written to bench/generated/cli-findings.json.`,
      );
    }
  }

  noteLoad('after cli');
  // ---- (3) workspace scale
  let ws: WorkspaceResult | undefined;
  if (wants('workspace') && cli) {
    progress(
      `workspace: language server on ${gen.fileCount} files; waiting for ${cli.filesWithFindings.length} files with findings`,
    );
    ws = await workspaceScale({
      command: [node, ...SERVER_EXEC_ARGV, serverJs, '--stdio'],
      folder: gen.filesDir,
      files: gen.fileCount,
      expectedFiles: cli.filesWithFindings,
      cwd,
      timeoutMs: 300_000,
    });
    rows.push({
      id: '3',
      what: `Workspace: start → first full diagnostics, ${gen.fileCount.toLocaleString('en')} files`,
      // yaml-ls has no workspace scan (it validates open documents only); the parse floor of the same
      // files, measured in this run, says what the machine allows.
      kh: [ms(ws.fullMs), '—'],
      ref: 'parse floor of the same files, one thread (row 2)',
      refv: [ms(median(cli.floor)), '—'],
      ratio: ratio(ws.fullMs, median(cli.floor)),
      target: '< 10 s',
      result: ws.complete
        ? verdict(ws.fullMs, 10_000, ms)
        : `**incomplete**: ${ws.seen}/${ws.expected} files published`,
    });
    rows.push({
      id: '3',
      what: 'Workspace: server resident memory (VmHWM peak; VmRSS at full)',
      kh: [mib(ws.hwm), mib(ws.rssAtFull)],
      ref: '',
      refv: ['—', '—'],
      ratio: '—',
      target: '< 400 MB',
      result: verdict(ws.hwm / 1e6, 400, (x) => `${x.toFixed(0)} MB`),
    });
    notes.push(
      `Workspace: initialize answered after ${ms(ws.startMs)}; indexing progress ended at ${ms(ws.indexedMs)}; last file with findings published at ${ms(ws.fullMs)} ` +
        `(${ws.seen}/${ws.expected} files, the set the CLI reports); RSS 1 s later ${mib(ws.rssAfterSettle)}. Times from spawning the server.`,
    );
  }

  noteLoad('after workspace');
  // ---- (3b) big workspaces (issue 22): typing during the scan, full diagnostics, memory
  if (wants('big')) {
    const bigSizes = flags['big-sizes']?.split(',').map(Number);
    const sizes = (
      quick
        ? [[2_000, 10]]
        : [
            [30_000, 60],
            [100_000, 100],
          ]
    ).filter(([f]) => !bigSizes || bigSizes.includes(f));
    for (const [files, namespaces] of sizes) {
      const folder = path.join(repoRoot, 'bench', 'generated', `big-${files}`);
      const expected = generateBig(folder, files, namespaces);
      const open = gen.keystroke['1k'];
      const f0 = hr();
      await runChild([path.join(benchOut, 'parse-floor.js'), folder]);
      const floorMs = hr() - f0;
      progress(
        `big workspace: ${files} files in ${namespaces} namespaces (parse floor ${ms(floorMs)}); editing the ${open.lines}-line file during the scan`,
      );
      // --big-cpu-prof=DIR: the server writes a CPU profile there (where the time goes).
      const profDir = flags['big-cpu-prof'];
      const prof = profDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profDir)}`] : [];
      const r = await bigWorkspace({
        command: [node, ...SERVER_EXEC_ARGV, ...prof, serverJs, '--stdio'],
        folder,
        expected,
        open,
        cwd,
        timeoutMs: 600_000,
      });
      const n = files.toLocaleString('en');
      const p95 = percentile(r.during, 95);
      const worst = Math.max(...r.during);
      rows.push({
        id: '3b',
        what: `Big workspace ${n} files: keystroke → diagnostics in an open ${open.lines.toLocaleString('en')}-line file while the scan runs (${r.during.length} edits; max ${ms(worst)})`,
        kh: [ms(median(r.during)), ms(p95)],
        ref: '—',
        refv: ['—', '—'],
        ratio: '—',
        target: files <= 30_000 ? 'p95 ≤ 50 ms; none over 500 ms' : 'p95 ≤ 50 ms',
        result: files <= 30_000 ? `${verdict(p95, 50, ms)}; max ${verdict(worst, 500, ms)}` : verdict(p95, 50, ms),
      });
      if (files <= 30_000) {
        rows.push({
          id: '3b',
          what: `Big workspace ${n} files: start → first full diagnostics (progress ended at ${ms(r.indexedMs)})`,
          kh: [ms(r.fullMs), '—'],
          ref: 'parse floor of the same files, one thread, one run',
          refv: [ms(floorMs), '—'],
          ratio: ratio(r.fullMs, floorMs),
          target: `≤ 1.2× floor (${ms(floorMs * 1.2)})`,
          result: r.complete
            ? verdict(r.fullMs, floorMs * 1.2, ms)
            : `**incomplete**: ${r.seen}/${r.files} files published`,
        });
      }
      progress(
        `big workspace ${files}: keystrokes during the scan median ${ms(median(r.during))} p95 ${ms(p95)} max ${ms(worst)}; full at ${ms(r.fullMs)} (${r.seen}/${r.files}; progress ended at ${ms(r.indexedMs)}); server CPU ${ms(r.cpuAtFull)}; RSS ${mib(r.rssAtFull)}`,
      );
      const limit = files <= 30_000 ? 350 : 900;
      rows.push({
        id: '3b',
        what: `Big workspace ${n} files: server resident memory at full diagnostics (VmRSS; VmHWM peak)`,
        kh: [mib(r.rssAtFull), mib(r.hwm)],
        ref: '',
        refv: ['—', '—'],
        ratio: '—',
        target: `≤ ${limit} MB`,
        result: r.complete
          ? verdict(r.rssAtFull / 1e6, limit, (x) => `${x.toFixed(0)} MB`)
          : `**incomplete**: ${r.seen}/${r.files} files published`,
      });
    }
  }
  noteLoad('after big workspace');
  // ---- (4) cluster view
  if (wants('cluster')) {
    const kubeconfig = path.join(os.tmpdir(), `kube-ha-bench-${process.pid}.kubeconfig`);
    const results: {
      mode: string;
      services: number;
      got: number;
      firstMs: number;
      latencies: number[];
      heapBefore: number;
      heapAfter: number;
      rssBefore: number;
      rssAfter: number;
    }[] = [];
    try {
      for (const mode of ['all', 'one']) {
        progress(
          `cluster: ${PLAN.clusterServices} Services + EndpointSlices in 50 namespaces, model watching ${mode === 'all' ? 'all namespaces' : 'one namespace'}`,
        );
        const out = await runChild(
          [
            path.join(benchOut, 'cluster-model.js'),
            String(PLAN.clusterServices),
            '50',
            kubeconfig,
            mode,
            String(PLAN.clusterEvents),
            path.join(benchOut, 'cluster-server.js'),
          ],
          ['--expose-gc'],
        );
        results.push(JSON.parse(out.trim().split('\n').pop()!));
      }
      const [all, one] = results;
      rows.push({
        id: '4',
        what: `Cluster: first full model, ${all.got.toLocaleString('en')} Services (all namespaces)`,
        kh: [ms(all.firstMs), '—'],
        ref: 'test API server (HTTPS, list+watch)',
        refv: ['—', '—'],
        ratio: '—',
        target: '< 2 s',
        result:
          all.got === all.services ? verdict(all.firstMs, 2000, ms) : `**incomplete** (${all.got}/${all.services})`,
      });
      rows.push({
        id: '4',
        what: `Cluster: watch event → model update (${all.latencies.length} events, endpoint unready/ready)`,
        kh: [ms(median(all.latencies)), ms(percentile(all.latencies, 95))],
        ref: '',
        refv: ['—', '—'],
        ratio: '—',
        target: '< 100 ms',
        result: verdict(percentile(all.latencies, 95), 100, ms),
      });
      const dAll = all.heapAfter - all.heapBefore;
      const dOne = one.heapAfter - one.heapBefore;
      rows.push({
        id: '4',
        what: `Cluster: model heap growth, all namespaces vs one namespace expanded (${one.got} Services)`,
        kh: [mib(dAll), mib(dOne)],
        ref: '',
        refv: ['—', '—'],
        ratio: ratio(dOne, dAll),
        target: 'bounded by what is expanded (one namespace ≤ ⅕ of all)',
        result: dOne <= dAll / 5 ? '**met**' : '**missed**',
      });
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

  noteLoad('after cluster');
  // ---- (4b) what-if: drain / zone loss over a big cluster (issue 18), in process
  if (wants('whatif')) {
    const services = quick ? 500 : 5000;
    const nodes = quick ? 50 : 500;
    progress(`what-if: ${services} Services, ${nodes} nodes in 3 zones, each disruption kind 20 times`);
    const w = benchWhatIf(services, nodes, 20);
    const all = Object.values(w.times).flat();
    const worst = Object.entries(w.times).sort((a, b) => percentile(b[1], 95) - percentile(a[1], 95))[0];
    rows.push({
      id: '4',
      what: `What-if over ${w.services.toLocaleString('en')} Services, ${w.nodes} nodes in 3 zones, ${w.pods.toLocaleString('en')} pods, ${w.pdbs.toLocaleString('en')} PDBs (4 kinds × 20 runs; p95 of the slowest kind, "${worst[0]}")`,
      kh: [ms(median(all)), ms(percentile(worst[1], 95))],
      ref: '',
      refv: ['—', '—'],
      ratio: '—',
      target: '< 200 ms',
      result: verdict(percentile(worst[1], 95), 200, ms),
    });
    const cpuAll = Object.values(w.cpu).flat();
    rows.push({
      id: '4',
      what: "What-if, CPU time (user+system) of the same answers (a diagnostic: the wall-clock row above includes the other processes' share of the 2 cores)",
      kh: [ms(median(cpuAll)), ms(percentile(cpuAll, 95))],
      ref: '',
      refv: ['—', '—'],
      ratio: '—',
      target: '—',
      result: '—',
    });
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
  // ---- (5) activation + .vsix
  if (wants('activation')) {
    // dist/client.js is what activation loads; dist/cluster-view.js (the cluster view with
    // @kubernetes/client-node) is loaded after activate() returns, measured for the record.
    const requireTimes = async (bundle: string): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < PLAN.activationRuns; i++) {
        const out = await runChild([path.join(benchOut, 'activation-probe.js'), path.join(repoRoot, 'dist', bundle)]);
        times.push((JSON.parse(out.trim()) as { requireMs: number }).requireMs);
      }
      return times;
    };
    progress(
      `activation: ${PLAN.activationRuns} fresh node processes requiring dist/client.js, then dist/cluster-view.js`,
    );
    const times = await requireTimes('client.js');
    const clusterTimes = await requireTimes('cluster-view.js');
    rows.push({
      id: '5',
      what: `Activation proxy: require('dist/client.js') in a fresh node, vscode stubbed (${times.length} runs) — not VS Code's real activation`,
      kh: [ms(median(times)), ms(percentile(times, 95))],
      ref: '',
      refv: ['—', '—'],
      ratio: '—',
      target: '< 100 ms',
      result: verdict(percentile(times, 95), 100, ms),
    });
    rows.push({
      id: '5',
      what: `Cluster view bundle: require('dist/cluster-view.js'), loaded after activate() returns (${clusterTimes.length} runs)`,
      kh: [ms(median(clusterTimes)), ms(percentile(clusterTimes, 95))],
      ref: '',
      refv: ['—', '—'],
      ratio: '—',
      target: '— (not part of activation)',
      result: '—',
    });
    progress('vsix: node scripts/package.mjs --no-build');
    const vsix = path.join(repoRoot, 'bench', 'generated', 'kube-ha-bench.vsix');
    const pkg = spawnSync(node, [path.join(repoRoot, 'scripts', 'package.mjs'), '--no-build', '--out', vsix], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    const size = fs.existsSync(vsix) ? fs.statSync(vsix).size : NaN;
    rows.push({
      id: '5',
      what: '`.vsix` size (npm run package, dev build of dist/)',
      kh: [Number.isFinite(size) ? `${(size / 1e6).toFixed(2)} MB` : 'not built', '—'],
      ref: '',
      refv: ['—', '—'],
      ratio: '—',
      target: '< 3 MB',
      result: Number.isFinite(size)
        ? verdict(size / 1e6, 3, (x) => `${x.toFixed(2)} MB`)
        : `**not measured** (package exited ${pkg.status}: ${(pkg.stderr || '').trim().split('\n').pop()})`,
    });
  }

  noteLoad('after activation');
  // ---- (6) one big namespace (issue 19)
  if (wants('scale')) {
    await scaleRows({
      repoRoot,
      cwd,
      node,
      quick,
      scaleSizes: flags['scale-sizes'],
      scaleRuns: flags['scale-runs'],
      scaleSkip: flags['scale-skip'],
      serverCommand: [node, ...SERVER_EXEC_ARGV, serverJs, '--stdio'],
      yamlLsCommand: [node, yamlLsBin, '--stdio'],
      yamlLsVersion,
      keystroke10k: gen.keystroke['10k'],
      rows,
      notes,
      verdict,
    });
    noteLoad('after scale');
  }

  // ---- profile of the server under keystroke load
  let hot:
    { file: string; totalMs: number; rows: HotSpot[]; areas: HotSpot[]; edits: number; label: string } | undefined;
  if (wants('profile')) {
    const label = flags['profile-size'] ?? '50k';
    const edits = flags['profile-edits'] !== undefined ? Number(flags['profile-edits']) : PLAN.profileEdits;
    const dir = path.join(repoRoot, 'bench', 'generated', 'profile');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    progress(`profile: kube-ha server with --cpu-prof, ${edits} edits on the ${label} file`);
    await keystrokesAlone(
      gen.keystroke[label],
      [node, ...SERVER_EXEC_ARGV, '--cpu-prof', `--cpu-prof-dir=${dir}`, serverJs, '--stdio'],
      { edits, warmup: 0, cwd },
    );
    const prof = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(dir, f))[0];
    if (prof) hot = { file: path.relative(repoRoot, prof), ...summarise(prof, repoRoot, 15), edits, label };
    else notes.push('Profile: the server wrote no .cpuprofile (did it exit cleanly?).');
  }

  noteLoad('end');
  // ---- report
  const machine = describeMachine(repoRoot);
  const command = `npm run bench${argv.length ? ' -- ' + argv.join(' ') : ''}  (node bench/run.mjs → node out/bench-dist/main.js)`;
  const lines: string[] = [];
  lines.push(
    `## ${machine.date.slice(0, 10)} — ${machine.commit.slice(0, 12)}${quick ? ' (quick smoke run)' : ''}`,
    '',
  );
  lines.push(`- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory} memory, ${machine.os}`);
  lines.push(`- Node ${machine.node}; date ${machine.date}; git commit ${machine.commit}`);
  lines.push(
    `- 1-minute load average (other processes share this machine; wall-clock rows suffer from it, CPU-time rows much less): ${loads.join(', ')}`,
  );
  lines.push(`- Command: \`${command}\`; total wall time ${ms(hr() - started)}`);
  lines.push(
    `- Reference server: yaml-language-server ${yamlLsVersion} from npm, settings \`yaml.validate: true\`, **Kubernetes schema off, schema store off, CRD store off** (they are fetched online); no schema applies, so it does parse + YAML validation per edit. It validates ${DEBOUNCE_YAML_LS} ms after the last change (fixed \`validationDelayMs\`), which is part of its latency.`,
  );
  lines.push(
    `- Keystrokes: single-character incremental didChange at the end of the \`app.kubernetes.io/instance\` label value of the Deployment in the middle document; kube-ha and yaml-ls edits alternate: after each publish the bench waits until that server has gone idle (under 0.25 ms CPU in 25 ms, all threads, from /proc/<pid>/task/*/schedstat) before the next edit to either, so that neither edit is measured while the other server is still working on the cores (yaml-ls's collector runs on for 50–100 ms after its publish; until 2026-11-26 late the bench waited a fixed 20 ms, and kube-ha's 10k edits often ran against it). Latency: didChange sent → publishDiagnostics with that version (kube-ha) / first publish after the change (yaml-ls). CPU: utime+stime from /proc/<pid>/stat over all measured edits ÷ edits (10 ms tick granularity, hence the mean).`,
  );
  lines.push('');
  lines.push(
    '| # | measurement | kube-ha median | kube-ha p95 | reference | ref median | ref p95 | ratio (kube-ha/ref) | target | result |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    lines.push(
      `| ${r.id} | ${r.what} | ${r.kh[0]} | ${r.kh[1]} | ${r.ref} | ${r.refv[0]} | ${r.refv[1]} | ${r.ratio} | ${r.target} | ${r.result} |`,
    );
  lines.push('');
  lines.push(
    'Row 3 memory: the two kube-ha columns are VmHWM (peak) and VmRSS at full diagnostics. Row 4 heap: the two columns are all namespaces and one namespace.',
  );
  lines.push('');
  for (const n of notes) lines.push(`- ${n}`);
  if (hot) {
    lines.push(
      '',
      `### Profile: kube-ha server, ${hot.edits} keystrokes on the ${hot.label}-line file (\`node --cpu-prof\`, ${hot.file})`,
      '',
    );
    lines.push(
      `Busy (non-idle) CPU in the profile: ${ms(hot.totalMs)} (${ms(hot.totalMs / hot.edits)} per edit, including the initial open). Top self time:`,
      '',
    );
    lines.push('| self | % of busy | function | source |', '|---|---|---|---|');
    for (const h of hot.rows) lines.push(`| ${ms(h.selfMs)} | ${h.pct.toFixed(1)}% | \`${h.fn}\` | ${h.where} |`);
    lines.push(
      '',
      'By area (self time summed per package / source file):',
      '',
      '| self | % of busy | area |',
      '|---|---|---|',
    );
    for (const h of hot.areas) lines.push(`| ${ms(h.selfMs)} | ${h.pct.toFixed(1)}% | ${h.where} |`);
  }
  lines.push('');
  const report = lines.join('\n');
  process.stdout.write(report + '\n');
  if (write) {
    const results = path.join(repoRoot, 'bench', 'RESULTS.md');
    if (!fs.existsSync(results))
      fs.writeFileSync(
        results,
        '# kube-ha benchmark results\n\nAppended by `npm run bench` (bench/main.ts); newest last. Targets are those of issue 7.\n\n',
      );
    fs.appendFileSync(results, report + '\n');
    progress('appended to bench/RESULTS.md');
  }
  progress(`done in ${ms(hr() - started)}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
