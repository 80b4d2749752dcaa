// Entry point VS Code loads as `extensionTestsPath`: runs the *.e2e.js suites next to this file
// with mocha inside the extension host, and writes JSON results to the file named by
// KUBE_HA_E2E_RESULTS (the driver, scripts/e2e/run.mjs, waits for that file).
// Works unchanged under @vscode/test-electron (scripts/e2e/run-electron.mjs).
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { checkpoint, RESULTS_ENV, slug } from './harness';

export interface E2eTestResult {
  title: string;
  fullTitle: string;
  file?: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: { message: string; stack?: string };
}

export interface E2eResults {
  vscodeVersion: string;
  startedAt: string;
  durationMs: number;
  stats: { tests: number; passes: number; failures: number; pending: number };
  tests: E2eTestResult[];
  /** Set when the runner itself could not run (no suites, load error). */
  fatal?: string;
}

function writeResults(results: E2eResults): void {
  const file = process.env[RESULTS_ENV];
  if (!file) return;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(results, null, 2));
  fs.renameSync(tmp, file); // atomic: the driver never reads a half-written file
}

function errorOf(err: unknown): { message: string; stack?: string } {
  if (err instanceof Error) return { message: err.message, stack: err.stack };
  return { message: String(err) };
}

export async function run(): Promise<void> {
  const started = Date.now();
  const results: E2eResults = {
    vscodeVersion: vscode.version,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    stats: { tests: 0, passes: 0, failures: 0, pending: 0 },
    tests: [],
  };
  try {
    const mocha = new Mocha({
      ui: 'bdd',
      color: false,
      timeout: Number(process.env.KUBE_HA_E2E_TEST_TIMEOUT_MS ?? 60_000),
      grep: process.env.KUBE_HA_E2E_GREP || undefined,
      reporter: 'spec',
    });
    // One screenshot per scenario: after each test, ask the driver (if any) to capture the window.
    mocha.suite.afterEach(async function (this: Mocha.Context) {
      const t = this.currentTest;
      if (t) await checkpoint(slug(t.fullTitle()));
    });
    const files = fs
      .readdirSync(__dirname)
      .filter((f) => f.endsWith('.e2e.js'))
      .sort();
    if (files.length === 0) throw new Error(`no *.e2e.js suites in ${__dirname} (compile test/e2e first)`);
    for (const f of files) mocha.addFile(path.join(__dirname, f));

    const failures = await new Promise<number>((resolve) => {
      const runner = mocha.run((n) => resolve(n));
      runner.on('pass', (t) => {
        results.tests.push({
          title: t.title,
          fullTitle: t.fullTitle(),
          file: t.file,
          state: 'passed',
          durationMs: t.duration,
        });
      });
      runner.on('fail', (t, err) => {
        results.tests.push({
          title: t.title,
          fullTitle: t.fullTitle(),
          file: t.file,
          state: 'failed',
          durationMs: t.duration,
          error: errorOf(err),
        });
      });
      runner.on('pending', (t) => {
        results.tests.push({ title: t.title, fullTitle: t.fullTitle(), file: t.file, state: 'pending' });
      });
    });
    results.stats = {
      tests: results.tests.length,
      passes: results.tests.filter((t) => t.state === 'passed').length,
      failures: Math.max(failures, results.tests.filter((t) => t.state === 'failed').length),
      pending: results.tests.filter((t) => t.state === 'pending').length,
    };
    if (results.stats.passes === 0 && results.stats.failures === 0)
      results.fatal = 'no test ran (check KUBE_HA_E2E_GREP)';
  } catch (err) {
    results.fatal = errorOf(err).stack ?? errorOf(err).message;
  }
  results.durationMs = Date.now() - started;
  writeResults(results);
  if (results.fatal) throw new Error(results.fatal);
  if (results.stats.failures > 0) throw new Error(`${results.stats.failures} end-to-end test(s) failed`);
}
