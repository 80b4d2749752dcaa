#!/usr/bin/env node
// Runs the same e2e suite (test/e2e/suite) in a desktop VS Code through @vscode/test-electron.
//
//   VSCODE_EXECUTABLE_PATH=/path/to/code node scripts/e2e/run-electron.mjs [--no-build] [--download]
//
// The machines this project is developed on cannot download VS Code (only the npm registry and
// Debian are reachable): there, use scripts/e2e/run.mjs (code-server). Without
// VSCODE_EXECUTABLE_PATH this script fails with a message, unless --download is given, in which
// case @vscode/test-electron downloads VS Code (KUBE_HA_VSCODE_VERSION, default 1.100.3) into
// .vscode-test/. No screenshots here (nothing drives a browser); results are printed the same way.
// On Linux without a display, run it under xvfb-run.
import fs from 'node:fs';
import { commandLine } from '../args.mjs';
import path from 'node:path';
import { repoRoot } from './install.mjs';
import {
  E2eError,
  examplesDir,
  log,
  prepareRun,
  reportResults,
  runMain,
  suiteIndex,
  writeUserSettings,
  DRIVER_OPTIONS,
} from './common.mjs';

async function main() {
  const { values: opts } = commandLine(
    { ...DRIVER_OPTIONS, download: { type: 'boolean' } },
    'node scripts/e2e/run-electron.mjs [--no-build] [--download] [--keep] [--workspace DIR] [--extension DIR] [--grep RE]',
  );
  const extensionPath = path.resolve(opts.extension ?? repoRoot);
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
  if (!vscodeExecutablePath && !opts.download) {
    throw new E2eError(
      'set VSCODE_EXECUTABLE_PATH to a desktop VS Code (>= 1.100) executable, or pass --download to let ' +
        '@vscode/test-electron download one (needs access to update.code.visualstudio.com). ' +
        'Without either, use node scripts/e2e/run.mjs (code-server).',
    );
  }
  if (vscodeExecutablePath && !fs.existsSync(vscodeExecutablePath))
    throw new E2eError(`VSCODE_EXECUTABLE_PATH=${vscodeExecutablePath} does not exist`);

  let runTests;
  try {
    ({ runTests } = await import('@vscode/test-electron'));
  } catch (e) {
    throw new E2eError(`@vscode/test-electron is not installed (devDependency): run npm install (${e.message})`);
  }
  const { tmp, workspace } = prepareRun({
    extensionPath,
    build: !opts['no-build'],
    testsPath: suiteIndex,
    workspaceSource: path.resolve(opts.workspace ?? examplesDir),
    tmpPrefix: 'kube-ha-e2e-electron-',
    fresh: false,
  });
  try {
    const userDataDir = path.join(tmp, 'user-data');
    writeUserSettings(userDataDir);
    const resultsFile = path.join(tmp, 'results.json');
    log(
      `running the suite in ${vscodeExecutablePath ?? `a downloaded VS Code ${process.env.KUBE_HA_VSCODE_VERSION ?? '1.100.3'}`}`,
    );
    let exitError;
    try {
      await runTests({
        ...(vscodeExecutablePath
          ? { vscodeExecutablePath }
          : {
              version: process.env.KUBE_HA_VSCODE_VERSION ?? '1.100.3',
              cachePath: path.join(repoRoot, '.vscode-test'),
            }),
        extensionDevelopmentPath: extensionPath,
        extensionTestsPath: suiteIndex,
        extensionTestsEnv: { KUBE_HA_E2E_RESULTS: resultsFile, ...(opts.grep ? { KUBE_HA_E2E_GREP: opts.grep } : {}) },
        launchArgs: [
          workspace,
          '--user-data-dir',
          userDataDir,
          '--extensions-dir',
          path.join(tmp, 'extensions'),
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
          '--disable-telemetry',
          '--no-sandbox',
          '--disable-gpu',
        ],
      });
    } catch (e) {
      exitError = e; // a failing suite makes VS Code exit non-zero; the results file says why
    }
    if (!fs.existsSync(resultsFile)) {
      throw new E2eError(
        `VS Code exited without writing results${exitError ? `: ${exitError.message ?? exitError}` : ''}`,
      );
    }
    return reportResults(resultsFile, 'results-electron.json') > 0 || exitError ? 1 : 0;
  } finally {
    if (!opts.keep) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main, 'e2e electron');
