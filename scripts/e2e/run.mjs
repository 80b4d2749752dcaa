#!/usr/bin/env node
// End-to-end driver: runs the mocha suite in test/e2e/suite inside a real VS Code (code-server's
// workbench + extension host), rendered by headless Chromium through playwright-core.
//
//   node scripts/e2e/run.mjs [--no-install] [--no-build] [--extension DIR] [--workspace DIR]
//                            [--tests INDEX_JS] [--grep RE] [--timeout SECONDS] [--keep]
//
// - installs what is missing (scripts/e2e/install.mjs; --no-install only checks),
// - builds the extension (scripts/build.mjs) and compiles test/e2e (--no-build skips both),
// - starts code-server on a free loopback port with fresh user-data/extensions dirs in a temp dir,
//   opening a temp copy of examples/ (so tests that edit files do not dirty the repo),
// - loads the dev extension and the suite through the workbench `payload` URL,
// - passes KUBE_HA_E2E_RESULTS (results file) and KUBE_HA_E2E_CHECKPOINTS (screenshot requests)
//   to the extension host through code-server's environment,
// - starts the simulated cluster (scripts/e2e/cluster.mjs: the test API server, seeded) and passes
//   KUBECONFIG and KUBE_HA_E2E_CLUSTER (its control endpoint) the same way,
// - takes one screenshot per scenario into test-results/e2e/, prints the results,
// - exits 0 when all passed, 1 on a failed test, 2 on a timeout or infrastructure error,
//   and always stops code-server and Chromium.
import fs from 'node:fs';
import { commandLine } from '../args.mjs';
import path from 'node:path';
import { chromiumArgs, chromiumPath, install, loadPlaywright, repoRoot } from './install.mjs';
import { startSimulatedCluster } from './cluster.mjs';
import {
  collectLogs,
  E2eError,
  examplesDir,
  log,
  prepareRun,
  reportResults,
  resultsDir,
  runMain,
  startCodeServer,
  suiteIndex,
  waitForFile,
  writeUserSettings,
  DRIVER_OPTIONS,
} from './common.mjs';

const OPTIONS = {
  ...DRIVER_OPTIONS,
  'no-install': { type: 'boolean' },
  tests: { type: 'string' },
  timeout: { type: 'string' },
};
const USAGE =
  'node scripts/e2e/run.mjs [--no-install] [--no-build] [--extension DIR] [--workspace DIR] [--tests INDEX_JS] [--grep RE] [--timeout SECONDS] [--keep]';

async function main() {
  const t0 = Date.now();
  const { values: opts } = commandLine(OPTIONS, USAGE);
  const extensionPath = path.resolve(opts.extension ?? process.env.KUBE_HA_E2E_EXTENSION ?? repoRoot);
  const workspaceSource = path.resolve(opts.workspace ?? process.env.KUBE_HA_E2E_WORKSPACE ?? examplesDir);
  const testsPath = path.resolve(opts.tests ?? suiteIndex);
  const timeoutMs = Number(opts.timeout ?? process.env.KUBE_HA_E2E_TIMEOUT ?? 300) * 1000;

  await install({ checkOnly: Boolean(opts['no-install']) });
  const tInstalled = Date.now();
  // Fresh artefacts for this run.
  const { tmp, workspace } = prepareRun({
    extensionPath,
    build: !opts['no-build'],
    testsPath,
    workspaceSource,
    tmpPrefix: 'kube-ha-e2e-',
    fresh: true,
  });
  const checkpoints = path.join(tmp, 'checkpoints');
  fs.mkdirSync(checkpoints);
  const resultsFile = path.join(tmp, 'results.json');

  let server;
  let browser;
  const cleanups = [];
  const cleanup = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch((e) => log(`cleanup: ${e.message}`));
  };
  const onSignal = (sig) => {
    log(`${sig}: stopping code-server and Chromium`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  cleanups.push(async () => {
    if (!opts.keep) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  });

  try {
    const cluster = await startSimulatedCluster({ tmp });
    cleanups.push(() => cluster.stop());
    server = await startCodeServer({
      tmp,
      workspace,
      logFile: path.join(resultsDir, 'code-server.log'),
      env: {
        KUBE_HA_E2E_RESULTS: resultsFile,
        KUBE_HA_E2E_CHECKPOINTS: checkpoints,
        ...cluster.env,
        ...(opts.grep ? { KUBE_HA_E2E_GREP: opts.grep } : {}),
      },
    });
    cleanups.push(async () => {
      collectLogs(server.userDataDir, path.join(resultsDir, 'logs'));
      await server.stop();
    });
    writeUserSettings(server.userDataDir);
    log(`code-server listening on ${server.url}`);

    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionPath)],
      ['extensionTestsPath', remote(testsPath)],
      ['skipWelcome', 'true'],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    const { chromium } = await loadPlaywright();
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 60_000 });
    cleanups.push(async () => {
      await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 10_000).unref())]);
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const browserLog = fs.createWriteStream(path.join(resultsDir, 'browser-console.log'));
    cleanups.push(async () => browserLog.end());
    page.on('console', (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.stack ?? e}\n`));

    // Screenshot requests from the suite: <n>-<scenario>.request ({name, waitForRow?, rowLevel?, waitForNoRow?}) →
    // test-results/e2e/<n>-<scenario>.png → .done ({ok, error?})
    const screenshots = [];
    const seen = new Set();
    let queue = Promise.resolve();
    const takeRequested = () => {
      for (const f of fs
        .readdirSync(checkpoints)
        .filter((n) => n.endsWith('.request'))
        .sort()) {
        if (seen.has(f)) continue;
        seen.add(f);
        const name = f.slice(0, -'.request'.length);
        queue = queue.then(async () => {
          const png = path.join(resultsDir, `${name}.png`);
          // A request may name text the workbench must show first (the suite fails when it never does).
          let request = {};
          try {
            request = JSON.parse(fs.readFileSync(path.join(checkpoints, f), 'utf8'));
          } catch {
            request = {};
          }
          let error;
          // Rows of the lists and trees in the side bar (.monaco-list-row; a tree row carries its depth in aria-level).
          const rows = (text, level) =>
            page
              .locator(
                `[id="workbench.parts.sidebar"] .monaco-list-row${level ? `[aria-level="${Number(level)}"]` : ''}`,
              )
              .filter({ hasText: text })
              .first();
          const waits = [
            ...(typeof request.waitForRow === 'string'
              ? [[request.waitForRow, request.rowLevel, 'visible', 'show a side bar row with']]
              : []),
            ...(typeof request.waitForNoRow === 'string'
              ? [[request.waitForNoRow, undefined, 'hidden', 'stop showing side bar rows with']]
              : []),
          ];
          for (const [text, level, state, verb] of waits) {
            if (error) break;
            try {
              await rows(text, level).waitFor({ state, timeout: 15_000 });
            } catch (e) {
              error = `the workbench did not ${verb} "${text}"${level ? ` at tree level ${level}` : ''} within 15 s: ${e.message.split('\n')[0]}`;
              log(`checkpoint ${name}: ${error}`);
            }
          }
          if (process.env.KUBE_HA_E2E_DEBUG_ROWS) {
            const texts = await page
              .locator('[id="workbench.parts.sidebar"] .monaco-list-row')
              .evaluateAll((els) =>
                els.map((e) => `${e.getAttribute('aria-level')}:${(e.textContent ?? '').slice(0, 40)}`),
              )
              .catch((e) => [`(could not read rows: ${e.message})`]);
            log(`DEBUG ${name}: ${texts.join(' | ')}`);
          }
          try {
            await page.screenshot({ path: png, timeout: 15_000 });
            screenshots.push(png);
          } catch (e) {
            log(`screenshot ${name} failed: ${e.message}`);
          }
          // Atomically: the suite reads the answer as soon as the .done file appears.
          const done = path.join(checkpoints, `${name}.done`);
          fs.writeFileSync(`${done}.tmp`, JSON.stringify(error ? { ok: false, error } : { ok: true }));
          fs.renameSync(`${done}.tmp`, done);
        });
      }
    };
    const cpWatcher = fs.watch(checkpoints, () => takeRequested());
    const cpPoll = setInterval(takeRequested, 1000);
    cleanups.push(async () => {
      cpWatcher.close();
      clearInterval(cpPoll);
    });

    log(
      `opening the workbench in Chromium (extension ${path.relative(repoRoot, extensionPath) || '.'}, workspace copy of ${path.relative(repoRoot, workspaceSource) || workspaceSource})`,
    );
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    // Wait for the results file, or code-server/Chromium dying, or the overall timeout.
    const abort = new AbortController();
    let timer;
    const outcome = await Promise.race([
      waitForFile(resultsFile, { signal: abort.signal }).then(() => 'results'),
      server.exitPromise.then((x) => `code-server exited (${x.code ?? x.signal})`),
      new Promise((r) => browser.once('disconnected', () => r('Chromium disconnected'))),
      new Promise((r) => page.once('crash', () => r('the workbench page crashed'))),
      new Promise((r) => {
        timer = setTimeout(() => r(`timed out after ${timeoutMs / 1000} s waiting for ${resultsFile}`), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    abort.abort();
    await queue;

    if (outcome !== 'results') {
      await page.screenshot({ path: path.join(resultsDir, 'timeout.png') }).catch(() => {});
      throw new E2eError(
        `${outcome}. Logs: ${path.relative(repoRoot, resultsDir)}/ (code-server.log, browser-console.log, logs/**/exthost*.log)`,
      );
    }
    const failures = reportResults(resultsFile, 'results.json');
    log(`screenshots: ${screenshots.map((s) => path.relative(repoRoot, s)).join(', ') || 'none'}`);
    log(`install/check ${((tInstalled - t0) / 1000).toFixed(1)} s, total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return failures > 0 ? 1 : 0;
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

runMain(main, 'e2e');
