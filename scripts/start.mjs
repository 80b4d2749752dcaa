#!/usr/bin/env node
// `npm start`: the one-command demo. Builds and packages the extension (.vsix), starts the
// simulated Kubernetes API server (test/kube-api-server, a demo cluster that writes a kubeconfig),
// and a code-server (VS Code in the browser, loopback only) with the .vsix installed, a temp copy of
// examples/ open and KUBECONFIG pointing at the simulated cluster. Prints the URL and runs until
// Ctrl-C, then stops everything and removes the temp folder.
//
//   npm start                       the browser demo
//   npm start -- --desktop          install the .vsix into a desktop VS Code (`code` on PATH) instead
//   npm start -- --no-build         reuse the .vsix from the last run
//   npm start -- --no-cluster       no simulated cluster
//   npm start -- --churn SECONDS    make one simulated endpoint flap every SECONDS (default 15; 0: off)
//   npm run lint:examples           the old `npm start`: build, then `kube-ha lint examples`
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { commandLine } from './args.mjs';
import { CODE_SERVER_VERSION, codeServerEntry, install, repoRoot } from './e2e/install.mjs';
import {
  codeServerCli,
  copyWorkspace,
  E2eError,
  examplesDir,
  makeTempDir,
  startCodeServer,
  writeUserSettings,
} from './e2e/common.mjs';

const say = (msg) => process.stdout.write(`[start] ${msg}\n`);
const warn = (msg) => process.stderr.write(`[start] ${msg}\n`);

function run(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new E2eError(`${what} failed (exit ${r.status ?? r.signal})`);
}

/** Builds and packages the extension; returns the .vsix path. */
function packageVsix(noBuild) {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const vsix = path.join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
  if (noBuild && fs.existsSync(vsix)) {
    say(`reusing ${path.relative(repoRoot, vsix)} (--no-build)`);
    return vsix;
  }
  say('building and packaging the extension (npm run package)');
  run([path.join('scripts', 'package.mjs'), '--out', vsix], 'npm run package');
  return vsix;
}

function onPath(cmd) {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  return !r.error && r.status === 0;
}

function desktop(vsix) {
  if (!onPath('code')) {
    warn('`code` is not on PATH, so there is no desktop VS Code to install into.');
    warn(`Install it by hand: open VS Code → Extensions → "…" → Install from VSIX… → ${vsix}`);
    warn('(or run `npm start` without --desktop for the browser demo)');
    return 1;
  }
  say(`code --install-extension ${vsix} --force`);
  const r = spawnSync('code', ['--install-extension', vsix, '--force'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) {
    warn(`code --install-extension failed (exit ${r.status ?? r.signal})`);
    return 1;
  }
  say(`installed. Open the examples: code "${examplesDir}"`);
  return 0;
}

/**
 * Bundles and starts the simulated API server. Resolves { kubeconfig, stop } once it has written
 * its kubeconfig, or null (with the reason printed) when it cannot start — the demo goes on without it.
 */
async function startCluster(tmp, churn) {
  const main = path.join(repoRoot, 'test', 'kube-api-server', 'main.ts');
  if (!fs.existsSync(main)) {
    warn('the simulated cluster (test/kube-api-server/main.ts) is not in this checkout: starting without it');
    return null;
  }
  const bundle = path.join(tmp, 'kube-api-server.cjs');
  try {
    const esbuild = await import('esbuild');
    const { baseOptions } = await import('./esbuild-config.mjs');
    await esbuild.build({ ...baseOptions(), entryPoints: [main], outfile: bundle, logLevel: 'error' });
  } catch (e) {
    warn(`could not build the simulated cluster (${e.message.split('\n')[0]}): starting without it`);
    return null;
  }
  const kubeconfig = path.join(tmp, 'kubeconfig');
  const log = path.join(tmp, 'kube-api-server.log');
  const out = fs.openSync(log, 'a');
  const child = spawn(process.execPath, [bundle, '--kubeconfig', kubeconfig, '--churn', String(churn)], {
    cwd: tmp,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise((r) => child.on('exit', (code, signal) => r(code ?? signal)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(t);
  };
  // Ready when the kubeconfig exists (it is written after the server listens); fs.watch + a slow poll.
  const ready = await new Promise((resolve) => {
    const done = (v) => {
      clearInterval(poll);
      clearTimeout(timer);
      watcher?.close();
      resolve(v);
    };
    const check = () => {
      if (fs.existsSync(kubeconfig)) done(true);
    };
    let watcher;
    try {
      watcher = fs.watch(tmp, check);
    } catch {
      watcher = undefined;
    }
    const poll = setInterval(check, 500);
    const timer = setTimeout(() => done(false), 30_000);
    exited.then(() => done(false));
    check();
  });
  if (!ready) {
    await stop();
    warn(`the simulated cluster did not start (see ${log}): starting without it`);
    warn(fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').slice(-5).join('\n') : '');
    return null;
  }
  return { kubeconfig, stop, log };
}

async function main() {
  const { values: opts } = commandLine(
    {
      desktop: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      'no-cluster': { type: 'boolean' },
      churn: { type: 'string' },
      keep: { type: 'boolean' },
    },
    'npm start -- [--desktop] [--no-build] [--no-cluster] [--churn SECONDS] [--keep]',
  );
  const vsix = packageVsix(!!opts['no-build']);
  if (opts.desktop) return desktop(vsix);

  say(`making sure code-server ${CODE_SERVER_VERSION} is installed (node scripts/e2e/install.mjs)`);
  await install();
  if (!fs.existsSync(codeServerEntry)) throw new E2eError('code-server is not installed');

  const tmp = makeTempDir('kube-ha-demo-');
  const cleanups = [];
  let stopping = null;
  const stopAll = () => {
    stopping ??= (async () => {
      for (const c of cleanups.reverse()) await c().catch((e) => warn(`cleanup: ${e.message}`));
      if (opts.keep) say(`kept ${tmp}`);
      else fs.rmSync(tmp, { recursive: true, force: true });
    })();
    return stopping;
  };
  process.on('SIGINT', () => {
    say('stopping…');
    void stopAll().then(() => process.exit(0));
  });
  process.on('SIGTERM', () => {
    void stopAll().then(() => process.exit(0));
  });

  try {
    const workspace = copyWorkspace(examplesDir, tmp);
    const churn = Number(opts.churn ?? 15);
    const cluster = opts['no-cluster'] ? null : await startCluster(tmp, churn);
    if (cluster) cleanups.push(cluster.stop);
    else if (opts['no-cluster']) say('no simulated cluster (--no-cluster)');

    const userDataDir = path.join(tmp, 'user-data');
    const extensionsDir = path.join(tmp, 'extensions');
    fs.mkdirSync(extensionsDir, { recursive: true });
    writeUserSettings(userDataDir, { 'workbench.colorTheme': 'Default Dark Modern' });
    say(`installing ${path.basename(vsix)} into the demo's code-server`);
    const inst = codeServerCli(['--install-extension', vsix, '--force'], { userDataDir, extensionsDir, tmp });
    if (inst.status !== 0) throw new E2eError(`code-server --install-extension failed:\n${inst.output}`);

    const env = cluster ? { KUBECONFIG: cluster.kubeconfig } : {};
    const cs = await startCodeServer({ tmp, workspace, env, logFile: path.join(tmp, 'code-server.log') });
    cleanups.push(cs.stop);
    const url = `${cs.url}/?folder=${encodeURIComponent(workspace)}`;
    const lines = [
      '',
      '================================================================',
      ' kube-ha demo is running (loopback only). Open in a browser:',
      `   ${url}`,
      '',
      ` workspace: ${workspace} (a temp copy of examples/)`,
      cluster
        ? ` cluster:   SIMULATED Kubernetes API server, KUBECONFIG=${cluster.kubeconfig}${churn > 0 ? ` (one endpoint flaps every ${churn}s)` : ''}`
        : ' cluster:   none (the simulated cluster is not running; the cluster view has nothing to show)',
      ' Ctrl-C stops everything and removes the temp folder.',
      '================================================================',
      '',
    ];
    process.stdout.write(lines.join('\n'));
    const how = await cs.exitPromise;
    if (stopping) return new Promise(() => {}); // Ctrl-C: the signal handler finishes the cleanup and exits
    warn(`code-server exited (${how.code ?? how.signal}); see ${path.join(tmp, 'code-server.log')}`);
    opts.keep = true;
    await stopAll();
    return 1;
  } catch (e) {
    await stopAll();
    throw e;
  }
}

main().then(
  (code) => {
    if (code) process.exit(code);
  },
  (e) => {
    process.stderr.write(`\n[start] FAILED: ${e instanceof E2eError ? e.message : (e.stack ?? e)}\n`);
    process.exit(1);
  },
);
