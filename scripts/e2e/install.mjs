#!/usr/bin/env node
// Installs what the real-VS-Code end-to-end tests need, idempotently:
//   - Debian packages: chromium, ripgrep and the -dev libraries code-server's native modules build against
//   - code-server (VS Code's own server + workbench) into the git-ignored cache .vscode-test/code-server/
//   - checks that playwright-core (a devDependency) can launch /usr/bin/chromium
// A second run only verifies (fast). Anything that cannot be installed fails with a message saying
// what to install by hand — never a silent skip.
//
// Usage: node scripts/e2e/install.mjs [--check]   (--check: verify only, install nothing)
// Exports paths/versions for run.mjs and vsix-check.mjs.

import { commandLine } from '../args.mjs';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const CODE_SERVER_VERSION = '4.100.3';
export const codeServerDir = path.join(repoRoot, '.vscode-test', 'code-server');
export const codeServerEntry = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.KUBE_HA_CHROMIUM || '/usr/bin/chromium';
const markerFile = path.join(codeServerDir, '.kube-ha-installed.json');

// Debian packages: [package, how we detect it is present]
const APT_PACKAGES = [
  'chromium',
  'ripgrep',
  'libkrb5-dev',
  'libx11-dev',
  'libxkbfile-dev',
  'libsecret-1-dev',
  'pkg-config',
];
// @vscode/ripgrep version that code-server 4.100.3's lib/vscode pulls in, and the ripgrep release it downloads.
const VSCODE_RIPGREP_VERSION = '1.15.11';
const RIPGREP_ASSET_VERSION = 'v13.0.0-10';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

class InstallError extends Error {}

function log(msg) {
  process.stderr.write(`[e2e install] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: opts.capture ? 'pipe' : 'inherit', encoding: 'utf8', ...opts });
  if (r.error) return { status: -1, stdout: '', stderr: String(r.error) };
  return r;
}

function dpkgInstalled(pkg) {
  const r = run('dpkg-query', ['-W', '-f=${Status}', pkg], { capture: true });
  return r.status === 0 && /install ok installed/.test(r.stdout);
}

function aptHint() {
  return `apt-get update && apt-get install -y ${APT_PACKAGES.join(' ')}`;
}

function ensureAptPackages(checkOnly) {
  const haveDpkg = run('dpkg-query', ['--version'], { capture: true }).status === 0;
  if (!haveDpkg) {
    // Not Debian: we cannot install system packages; require what is strictly needed at run time.
    const missing = [];
    if (!fs.existsSync(chromiumPath)) missing.push(`chromium at ${chromiumPath} (or set KUBE_HA_CHROMIUM)`);
    if (run('rg', ['--version'], { capture: true }).status !== 0) missing.push('ripgrep (rg on PATH)');
    if (missing.length) {
      throw new InstallError(
        `no dpkg/apt on this machine; install by hand: ${missing.join(', ')}, ` +
          `plus the headers for building code-server's native modules (krb5, X11, xkbfile, libsecret, pkg-config).`,
      );
    }
    return;
  }
  const missing = APT_PACKAGES.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return;
  if (checkOnly) throw new InstallError(`missing Debian packages: ${missing.join(' ')}. Install with: ${aptHint()}`);
  if (process.getuid && process.getuid() !== 0) {
    throw new InstallError(
      `missing Debian packages ${missing.join(' ')} and not running as root. Run: sudo ${aptHint()}`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = run('apt-get', ['update'], { env });
  if (r.status !== 0) throw new InstallError(`apt-get update failed (exit ${r.status}). Install by hand: ${aptHint()}`);
  r = run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  if (r.status !== 0)
    throw new InstallError(
      `apt-get install ${missing.join(' ')} failed (exit ${r.status}). Install by hand: ${aptHint()}`,
    );
  const still = APT_PACKAGES.filter((p) => !dpkgInstalled(p));
  if (still.length)
    throw new InstallError(`still missing after apt-get: ${still.join(' ')}. Install by hand: ${aptHint()}`);
}

function codeServerInstalledVersion() {
  try {
    const pkg = JSON.parse(
      fs.readFileSync(path.join(codeServerDir, 'node_modules', 'code-server', 'package.json'), 'utf8'),
    );
    return pkg.version;
  } catch {
    return undefined;
  }
}

function markerOk() {
  try {
    const m = JSON.parse(fs.readFileSync(markerFile, 'utf8'));
    return (
      m.version === CODE_SERVER_VERSION &&
      codeServerInstalledVersion() === CODE_SERVER_VERSION &&
      fs.existsSync(codeServerEntry)
    );
  } catch {
    return false;
  }
}

/** Seeds @vscode/ripgrep's download cache with Debian's rg so its postinstall works offline. */
function seedRipgrepCache(tmp) {
  const rg = run('sh', ['-c', 'command -v rg'], { capture: true }).stdout.trim();
  if (!rg) throw new InstallError(`ripgrep (rg) is not on PATH. Install it: apt-get install -y ripgrep`);
  const dir = path.join(tmp, `vscode-ripgrep-cache-${VSCODE_RIPGREP_VERSION}`);
  fs.mkdirSync(dir, { recursive: true });
  const arch = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[process.arch];
  if (!arch) throw new InstallError(`unsupported architecture ${process.arch} for the ripgrep cache trick`);
  const tarball = path.join(dir, `ripgrep-${RIPGREP_ASSET_VERSION}-${arch}.tar.gz`);
  if (fs.existsSync(tarball)) return;
  const r = run('tar', ['czf', tarball, '-C', path.dirname(rg), path.basename(rg)], { capture: true });
  if (r.status !== 0) throw new InstallError(`could not create the ripgrep cache tarball ${tarball}: ${r.stderr}`);
}

function ensureCodeServer(checkOnly) {
  if (markerOk()) return false;
  if (checkOnly) {
    throw new InstallError(
      `code-server ${CODE_SERVER_VERSION} is not installed in ${codeServerDir}. Run: node scripts/e2e/install.mjs`,
    );
  }
  log(`installing code-server@${CODE_SERVER_VERSION} into ${path.relative(repoRoot, codeServerDir)} (about a minute)`);
  fs.mkdirSync(codeServerDir, { recursive: true });
  // Keep this folder its own npm project so npm never walks up into the repo's package.json.
  const pkgJson = path.join(codeServerDir, 'package.json');
  if (!fs.existsSync(pkgJson))
    fs.writeFileSync(pkgJson, JSON.stringify({ name: 'kube-ha-e2e-code-server', private: true }, null, 2) + '\n');
  const tmp = os.tmpdir();
  seedRipgrepCache(tmp);
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true', // as root, code-server's postinstall insists on it
    npm_config_yes: 'true', // node-pty's postinstall calls npx
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  const r = run('npm', ['install', '--no-save', '--prefix', codeServerDir, `code-server@${CODE_SERVER_VERSION}`], {
    env,
    cwd: codeServerDir,
  });
  if (r.status !== 0) {
    throw new InstallError(
      `npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r.status}). It needs the npm registry, ` +
        `a C/C++ toolchain (build-essential, python3) and: ${aptHint()}. ` +
        `If @vscode/ripgrep tried to download from GitHub, its version changed: update VSCODE_RIPGREP_VERSION in scripts/e2e/install.mjs ` +
        `from ${path.join(codeServerDir, 'node_modules/code-server/lib/vscode')}'s lock file.`,
    );
  }
  const v = codeServerInstalledVersion();
  if (v !== CODE_SERVER_VERSION)
    throw new InstallError(`after npm install, code-server reports version ${v}, expected ${CODE_SERVER_VERSION}`);
  return true;
}

function checkCodeServerRuns() {
  const r = run(process.execPath, [codeServerEntry, '--version'], {
    capture: true,
    timeout: 60_000,
    // keep code-server from writing a default config into ~/.config
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(codeServerDir, '.xdg-config'),
      XDG_DATA_HOME: path.join(codeServerDir, '.xdg-data'),
    },
  });
  if (r.status !== 0 || !r.stdout.includes(CODE_SERVER_VERSION)) {
    throw new InstallError(
      `code-server did not start (${codeServerEntry} --version, exit ${r.status}):\n${r.stdout}\n${r.stderr}\n` +
        `Delete ${codeServerDir} and rerun node scripts/e2e/install.mjs.`,
    );
  }
  return (
    r.stdout
      .split('\n')
      .find((l) => l.startsWith(CODE_SERVER_VERSION))
      ?.trim() ?? CODE_SERVER_VERSION
  );
}

export async function loadPlaywright() {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  try {
    return require('playwright-core');
  } catch (e) {
    throw new InstallError(
      `playwright-core is not installed in ${repoRoot}/node_modules (it is a devDependency): run npm install. (${e.message})`,
    );
  }
}

async function checkChromium() {
  if (!fs.existsSync(chromiumPath))
    throw new InstallError(
      `no Chromium at ${chromiumPath}. Install it: apt-get install -y chromium (or set KUBE_HA_CHROMIUM)`,
    );
  const { chromium } = await loadPlaywright();
  let browser;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 60_000 });
    const page = await browser.newPage();
    await page.setContent('<p id="x">ok</p>');
    const text = await page.textContent('#x');
    if (text !== 'ok') throw new Error(`unexpected page content ${text}`);
    return browser.version();
  } catch (e) {
    throw new InstallError(
      `playwright-core could not launch ${chromiumPath}: ${e.message}. ` +
        `Reinstall it (apt-get install -y --reinstall chromium). Never run "npx playwright install" here.`,
    );
  } finally {
    await browser?.close().catch(() => {});
  }
}

export async function install({ checkOnly = false } = {}) {
  const t0 = Date.now();
  ensureAptPackages(checkOnly);
  const installed = ensureCodeServer(checkOnly);
  const csVersion = checkCodeServerRuns();
  if (installed)
    fs.writeFileSync(
      markerFile,
      JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString() }, null, 2) + '\n',
    );
  const chromeVersion = await checkChromium();
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)}s: code-server ${csVersion}, chromium ${chromeVersion}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = commandLine(
    { check: { type: 'boolean', default: false } },
    'node scripts/e2e/install.mjs [--check]',
  );
  install({ checkOnly: values.check }).catch((e) => {
    if (e instanceof InstallError) {
      process.stderr.write(`\n[e2e install] FAILED: ${e.message}\n`);
    } else {
      process.stderr.write(`\n[e2e install] FAILED unexpectedly: ${e.stack ?? e}\n`);
    }
    process.exit(1);
  });
}
