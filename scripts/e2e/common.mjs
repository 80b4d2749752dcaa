// Shared by the e2e drivers (run.mjs, run-electron.mjs, vsix-check.mjs).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeServerEntry, repoRoot } from './install.mjs';

export const resultsDir = path.join(repoRoot, 'test-results', 'e2e');
export const suiteIndex = path.join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js');
export const examplesDir = path.join(repoRoot, 'examples');

/** The command-line options both drivers (run.mjs, run-electron.mjs) take, for util.parseArgs. */
export const DRIVER_OPTIONS = {
  'no-build': { type: 'boolean' },
  keep: { type: 'boolean' },
  extension: { type: 'string' },
  workspace: { type: 'string' },
  grep: { type: 'string' },
};

export class E2eError extends Error {}

/** Runs a driver's main(): exits with its code, or 2 after one line naming the failure. */
export function runMain(main, tag) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`\n[${tag}] FAILED: ${e instanceof E2eError ? e.message : (e.stack ?? e)}\n`);
      process.exit(2);
    },
  );
}

export function log(msg) {
  process.stderr.write(`[e2e] ${msg}\n`);
}

function runSync(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new E2eError(`${what} failed (exit ${r.status ?? r.signal}): ${cmd} ${args.join(' ')}`);
}

/** Builds the extension (scripts/build.mjs → dist/) and compiles the e2e suite (→ out/test/e2e/). */
export function buildAll({ extension = true } = {}) {
  if (extension) {
    const build = path.join(repoRoot, 'scripts', 'build.mjs');
    if (!fs.existsSync(build))
      throw new E2eError(`scripts/build.mjs is missing: cannot build the extension into dist/`);
    log('building the extension (scripts/build.mjs)');
    runSync(process.execPath, [build], 'the extension build');
  }
  compileSuite();
}

export function compileSuite() {
  log('compiling the e2e suite (test/e2e/tsconfig.json)');
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  runSync(process.execPath, [tsc, '-p', path.join(repoRoot, 'test', 'e2e', 'tsconfig.json')], 'compiling test/e2e');
}

/** Checks that an extension folder has a manifest whose `main` exists. */
export function checkExtensionFolder(dir) {
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest)) throw new E2eError(`no package.json in the extension folder ${dir}`);
  const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  if (pkg.main) {
    const main = path.resolve(dir, pkg.main);
    const candidates = [main, `${main}.js`];
    if (!candidates.some((c) => fs.existsSync(c))) {
      throw new E2eError(`the extension's main ${pkg.main} does not exist in ${dir}: run npm run build`);
    }
  }
  return pkg;
}

/** Copies the workspace source (examples/) to a temp folder so tests that edit files don't dirty the repo. */
export function copyWorkspace(source, tmp) {
  if (!fs.existsSync(source)) throw new E2eError(`workspace folder ${source} does not exist`);
  const names = fs.readdirSync(source);
  if (!names.some((n) => /\.ya?ml$/.test(n)) && !names.length)
    throw new E2eError(`workspace folder ${source} is empty`);
  const dest = path.join(tmp, 'workspace');
  fs.cpSync(source, dest, { recursive: true });
  return dest;
}

export function makeTempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Reads the suite's results file, keeps a copy as test-results/e2e/<name>, prints it; returns the failures. */
export function reportResults(resultsFile, name) {
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  fs.writeFileSync(path.join(resultsDir, name), JSON.stringify(results, null, 2));
  return printResults(results);
}

/**
 * What both suite drivers do before starting VS Code: build (unless build is false), check the
 * extension folder and the compiled suite, make test-results/e2e/ (emptied but for vsix/ when
 * fresh), and a temp dir holding a copy of the workspace. Returns { tmp, workspace }.
 */
export function prepareRun({ extensionPath, build, testsPath, workspaceSource, tmpPrefix, fresh }) {
  if (build) buildAll({ extension: extensionPath === repoRoot });
  checkExtensionFolder(extensionPath);
  if (!fs.existsSync(testsPath))
    throw new E2eError(`the compiled suite ${testsPath} does not exist: run tsc -p test/e2e/tsconfig.json`);
  fs.mkdirSync(resultsDir, { recursive: true });
  // vsix/ belongs to vsix-check.mjs.
  if (fresh)
    for (const f of fs.readdirSync(resultsDir))
      if (f !== 'vsix') fs.rmSync(path.join(resultsDir, f), { recursive: true, force: true });
  const tmp = makeTempDir(tmpPrefix);
  try {
    return { tmp, workspace: copyWorkspace(workspaceSource, tmp) };
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Writes user settings that keep the workbench quiet and deterministic. */
export function writeUserSettings(userDataDir, extra = {}) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...extra,
  };
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/**
 * Starts code-server on a free loopback port (bind 127.0.0.1:0, read the port it prints).
 * Returns { url, port, child, stop() }. Its output goes to logFile.
 */
export async function startCodeServer({ tmp, workspace, env = {}, logFile, timeoutMs = 60_000 }) {
  if (!fs.existsSync(codeServerEntry))
    throw new E2eError(`code-server is not installed: run node scripts/e2e/install.mjs`);
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const args = [
    codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--config',
    path.join(tmp, 'code-server.yaml'),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    workspace,
  ];
  const out = fs.createWriteStream(logFile);
  const child = spawn(process.execPath, args, {
    cwd: tmp,
    // Own process group, so stop() ends code-server together with its extension host and language servers.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
      XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
      XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
      ...env,
    },
  });
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });
  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const t = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 5_000);
    await exitPromise;
    clearTimeout(t);
    out.end();
  };
  const port = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(
      () => fail(new E2eError(`code-server did not report a listening port within ${timeoutMs} ms; see ${logFile}`)),
      timeoutMs,
    );
    const onData = (d) => {
      out.write(d);
      buf += d.toString();
      const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    const fail = (e) => {
      clearTimeout(timer);
      reject(e);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exitPromise.then((x) => fail(new E2eError(`code-server exited early (${x.code ?? x.signal}); see ${logFile}`)));
  }).catch(async (e) => {
    await stop();
    throw e;
  });
  return { port, url: `http://127.0.0.1:${port}`, child, stop, exitPromise, userDataDir, extensionsDir };
}

/** Runs code-server's CLI once (e.g. --install-extension) against the given dirs. */
export function codeServerCli(args, { userDataDir, extensionsDir, tmp }) {
  const r = spawnSync(
    process.execPath,
    [
      codeServerEntry,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--config',
      path.join(tmp, 'code-server.yaml'),
      ...args,
    ],
    {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data') },
    },
  );
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Copies code-server's logs (extension host, language servers' output channels) next to the screenshots. */
export function collectLogs(userDataDir, dest) {
  const logs = path.join(userDataDir, 'logs');
  if (fs.existsSync(logs)) fs.cpSync(logs, dest, { recursive: true });
}

/** Every file under dir whose name matches re. */
export function findFiles(dir, re) {
  const found = [];
  if (!fs.existsSync(dir)) return found;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && re.test(e.name)) found.push(path.join(e.parentPath ?? e.path, e.name));
  }
  return found;
}

/** Prints results written by test/e2e/suite/index.ts in a mocha-like format; returns the failure count. */
function printResults(results) {
  const lines = [`\nkube-ha e2e in VS Code ${results.vscodeVersion} (${results.durationMs} ms)`];
  for (const t of results.tests) {
    const mark = t.state === 'passed' ? '✔' : t.state === 'pending' ? '-' : '✘';
    lines.push(`  ${mark} ${t.fullTitle}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`);
  }
  const failed = results.tests.filter((t) => t.state === 'failed');
  failed.forEach((t, i) => {
    lines.push(`\n  ${i + 1}) ${t.fullTitle}:`);
    lines.push(`     ${(t.error?.stack ?? t.error?.message ?? 'failed').split('\n').join('\n     ')}`);
  });
  const s = results.stats;
  lines.push(`\n  ${s.passes} passing, ${s.failures} failing, ${s.pending} pending`);
  if (results.fatal) lines.push(`\n  FATAL: ${results.fatal}`);
  process.stdout.write(lines.join('\n') + '\n');
  return s.failures + (results.fatal ? 1 : 0);
}

/** Resolves when `file` exists (fs.watch on its folder, backed by a slow poll); never sleeps blindly. */
export function waitForFile(file, { signal } = {}) {
  return new Promise((resolve, reject) => {
    const dir = path.dirname(file);
    let watcher;
    const finish = (err) => {
      clearInterval(poll);
      watcher?.close();
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(file);
    };
    const check = () => {
      if (fs.existsSync(file)) finish();
    };
    const onAbort = () => finish(signal.reason ?? new Error('aborted'));
    signal?.addEventListener('abort', onAbort);
    try {
      watcher = fs.watch(dir, check);
    } catch {
      watcher = undefined;
    }
    const poll = setInterval(check, 500);
    check();
  });
}
