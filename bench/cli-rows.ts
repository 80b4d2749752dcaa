// The rows of phases (2) CLI throughput against the parse floor and (3) workspace scale.
import * as path from 'path';
import { cliThroughput, type CliResult } from './cli';
import type { Generated } from './generate';
import { benchOut, node, PARSE_THREADS, repoRoot, serverCommand } from './paths';
import { mbVerdict, row, verdict, whenComplete, type Results } from './rows';
import { median, mib, ms, percentile, progress, ratio } from './stats';
import { workspaceScale } from './workspace';

/** Runs the CLI (runs times) and the parse floor; the rows only when withRows (the workspace phase needs the run). */
export async function cliRows(out: Results, gen: Generated, runs: number, withRows: boolean): Promise<CliResult> {
  const { rows, notes } = out;
  const cwd = repoRoot;
  progress(
    `cli: ${gen.fileCount} files (${gen.fileLines.toLocaleString('en')} lines, ${(gen.fileBytes / 1e6).toFixed(1)} MB), ${runs} interleaved runs each`,
  );
  const dir = path.relative(cwd, gen.filesDir);
  const cli = await cliThroughput({
    kubeHa: [node, path.join(repoRoot, 'bin', 'kube-ha.js'), 'lint', '--format', 'json', dir],
    floor: [node, path.join(benchOut, 'parse-floor.js'), dir],
    floorThreads: [node, path.join(benchOut, 'parse-floor.js'), '--threads', String(PARSE_THREADS), dir],
    runs: withRows ? runs : 1,
    cwd,
    outDir: path.join(repoRoot, 'bench', 'generated'),
  });
  if (!withRows) return cli;
  const km = median(cli.kubeHa);
  const fm = median(cli.floor);
  rows.push(
    row(
      '2',
      `CLI \`lint --format json\` over ${gen.fileCount.toLocaleString('en')} files (${cli.runs} runs)`,
      [ms(km), ms(percentile(cli.kubeHa, 95))],
      {
        ref: 'parse floor (yaml.parseAllDocuments only, one process)',
        refv: [ms(fm), ms(percentile(cli.floor, 95))],
        ratio: `${ratio(km, fm)} (medians)`,
        target: `≤ 1.5× floor (${ms(fm * 1.5)})`,
        result: verdict(km, fm * 1.5, ms),
      },
    ),
  );
  const tm = median(cli.floorThreads);
  rows.push(
    row(
      '2',
      `CLI, against the floor parsed on ${PARSE_THREADS} worker threads (as kube-ha parses), same runs`,
      [ms(km), ms(percentile(cli.kubeHa, 95))],
      {
        ref: `parse floor on ${PARSE_THREADS} threads (one process)`,
        refv: [ms(tm), ms(percentile(cli.floorThreads, 95))],
        ratio: `${ratio(km, tm)} (medians)`,
        target: '(the same target, same process model)',
        result: verdict(km, tm * 1.5, ms),
      },
    ),
  );
  if (km > tm * 1.5) {
    notes.push(
      `CLI against the threaded floor, why over 1.5×: kube-ha's ${PARSE_THREADS} worker threads also turn each document into a plain value and a position table and send them to the main thread, which indexes them meanwhile (taking CPU from the workers on a 2-core machine); ` +
        'then the analysis of every file and the JSON report run on one thread while the other core idles. None of this is in the floor, which only parses. ' +
        'Timings of each phase: "Session of 2026-11-26 late" in bench/RESULTS.md.',
    );
  }
  const kc = median(cli.kubeHaCpu);
  const fc = median(cli.floorCpu);
  rows.push(
    row('2', 'CLI process CPU time (utime+stime), same runs', [ms(kc), ms(percentile(cli.kubeHaCpu, 95))], {
      ref: 'parse floor',
      refv: [ms(fc), ms(percentile(cli.floorCpu, 95))],
      ratio: `${ratio(kc, fc)} (medians)`,
      target: "(no target: all threads' CPU; parallel parsing costs more CPU than it saves in time)",
    }),
  );
  notes.push(
    `CLI: ${cli.findings} findings in ${cli.filesWithFindings.length} of ${gen.fileCount} files (exit code ${cli.kubeHaExit}); JSON output written to bench/generated/cli-findings.json.`,
  );
  return cli;
}

/** The language server on the CLI's files, until every file the CLI found something in is published. */
export async function workspaceRows(out: Results, gen: Generated, cli: CliResult): Promise<void> {
  const { rows, notes } = out;
  progress(
    `workspace: language server on ${gen.fileCount} files; waiting for ${cli.filesWithFindings.length} files with findings`,
  );
  const ws = await workspaceScale({
    command: serverCommand(),
    folder: gen.filesDir,
    files: gen.fileCount,
    expectedFiles: cli.filesWithFindings,
    cwd: repoRoot,
    timeoutMs: 300_000,
  });
  rows.push(
    // yaml-ls has no workspace scan (it validates open documents only); the parse floor of the same
    // files, measured in this run, says what the machine allows.
    row(
      '3',
      `Workspace: start → first full diagnostics, ${gen.fileCount.toLocaleString('en')} files`,
      [ms(ws.fullMs), '—'],
      {
        ref: 'parse floor of the same files, one thread (row 2)',
        refv: [ms(median(cli.floor)), '—'],
        ratio: ratio(ws.fullMs, median(cli.floor)),
        target: '< 10 s',
        result: whenComplete(ws, ws.expected, () => verdict(ws.fullMs, 10_000, ms)),
      },
    ),
  );
  rows.push(
    row('3', 'Workspace: server resident memory (VmHWM peak; VmRSS at full)', [mib(ws.hwm), mib(ws.rssAtFull)], {
      ref: '',
      target: '< 400 MB',
      result: mbVerdict(ws.hwm, 400),
    }),
  );
  notes.push(
    `Workspace: initialize answered after ${ms(ws.startMs)}; indexing progress ended at ${ms(ws.indexedMs)}; last file with findings published at ${ms(ws.fullMs)} ` +
      `(${ws.seen}/${ws.expected} files, the set the CLI reports); RSS 1 s later ${mib(ws.rssAfterSettle)}. Times from spawning the server.`,
  );
}
