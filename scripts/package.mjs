#!/usr/bin/env node
// npm run package: builds the bundles (scripts/build.mjs → dist/), renders the icon
// (scripts/icon.mjs) and packages the extension with @vscode/vsce (--no-dependencies: everything a
// user needs is bundled into dist/). The contents are chosen by .vscodeignore. Checks the
// Marketplace metadata, lists the files first (`vsce ls`, a dry run) and checks that no sources,
// tests or node_modules slip in, fails on any vsce warning, checks the .vsix's manifest, icon and
// files against the listing, prints the size, and fails above the size budget (3 MB,
// KUBE_HA_VSIX_MAX_MB to change).
//
//   node scripts/package.mjs [--out FILE.vsix] [--no-build]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { commandLine } from './args.mjs';
import { BUNDLES } from './esbuild-config.mjs';
import { renderIcon } from './icon.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_MB = Number(process.env.KUBE_HA_VSIX_MAX_MB ?? 3);

function fail(msg) {
  process.stderr.write(`\n[package] FAILED: ${msg}\n`);
  process.exit(1);
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) fail(`${what} failed (exit ${r.status ?? r.signal})`);
}

/** Runs vsce, echoes what it says and fails on a warning: a published .vsix must pack cleanly. */
function vsce(args, what, { echo = true } = {}) {
  const bin = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!fs.existsSync(bin)) fail('@vscode/vsce is not installed (devDependency): run npm install');
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (echo) process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.status !== 0) fail(`${what} failed (exit ${r.status ?? r.signal})`);
  const warnings = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /\bWARNING\b/i.test(l));
  if (warnings.length) fail(`${what} warned:\n${warnings.join('\n')}`);
  return r.stdout;
}

/** What a Marketplace / Open VSX listing needs from package.json, and the files it names. */
function checkMetadata(pkg) {
  const missing = ['publisher', 'license', 'repository', 'bugs', 'homepage', 'icon', 'galleryBanner'].filter(
    (k) => !pkg[k],
  );
  if (missing.length) fail(`package.json lacks ${missing.join(', ')}`);
  if (!['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((f) => fs.existsSync(path.join(repoRoot, f))))
    fail(`no LICENSE file (package.json says ${pkg.license})`);
  if (!fs.existsSync(path.join(repoRoot, 'CHANGELOG.md'))) fail('no CHANGELOG.md');
}

/** Files a user does not need, or files the extension loads and that are missing. */
function checkContents(files, what) {
  const bad = files.filter(
    (e) =>
      e.startsWith('node_modules/') ||
      /^(client|server|cluster|common|test|bench|scripts|out|examples|\.vscode-test)\//.test(e) ||
      (/\.ts$/.test(e) && !/\.d\.ts$/.test(e)) ||
      /\.map$/.test(e),
  );
  if (bad.length)
    fail(`${what} contains files a user does not need (fix .vscodeignore): ${bad.slice(0, 20).join(', ')}`);
  // Every bundle: the server still works without its parse workers (it parses on one thread), so
  // a missing worker bundle would otherwise go unnoticed.
  const needed = [...BUNDLES.map((b) => b.out), 'bin/kube-ha.js'];
  const missing = needed.filter((f) => !files.includes(f));
  if (missing.length) fail(`${what} lacks files the extension loads: ${missing.join(', ')}`);
}

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(buf) {
  if (buf.length < 24 || buf.toString('latin1', 1, 4) !== 'PNG' || buf.toString('latin1', 12, 16) !== 'IHDR')
    throw new Error('not a PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** Every entry of a zip file: its name and its bytes (a .vsix is a few MB). */
export async function readZip(file) {
  const zip = await yauzl.openPromise(file);
  const out = new Map();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const chunks = [];
      for await (const c of await zip.openReadStreamPromise(entry)) chunks.push(c);
      out.set(entry.fileName, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return out;
}

async function main() {
  const { values: opts } = commandLine(
    { out: { type: 'string' }, 'no-build': { type: 'boolean', default: false } },
    'node scripts/package.mjs [--out FILE.vsix] [--no-build]',
  );
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const out = path.resolve(repoRoot, opts.out ?? `${pkg.name}-${pkg.version}.vsix`);

  if (!opts['no-build']) {
    const build = path.join(repoRoot, 'scripts', 'build.mjs');
    if (!fs.existsSync(build)) fail('scripts/build.mjs is missing: cannot bundle the extension into dist/');
    run(process.execPath, [build, '--production'], 'the build (scripts/build.mjs --production)');
  }
  const main = pkg.main && path.resolve(repoRoot, pkg.main);
  if (main && !fs.existsSync(main)) fail(`${pkg.main} does not exist after the build`);

  checkMetadata(pkg);
  // The icon is drawn as SVG; the Marketplace wants a 128x128 PNG.
  const icon = path.join(repoRoot, pkg.icon);
  fs.writeFileSync(`${icon}.tmp`, renderIcon());
  fs.renameSync(`${icon}.tmp`, icon);

  // The dry run: what vsce would package, checked before packaging it.
  const listed = vsce(['ls', '--no-dependencies'], 'vsce ls', { echo: false })
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  checkContents(listed, '`vsce ls`');
  process.stdout.write(`vsce ls: ${listed.length} files, none a user does not need\n`);

  fs.rmSync(out, { force: true });
  vsce(['package', '--no-dependencies', '--out', out], 'vsce package');

  const zip = await readZip(out);
  const entries = [...zip.keys()].filter((e) => e.startsWith('extension/')).map((e) => e.slice('extension/'.length));
  checkContents(entries, 'the .vsix');
  // vsce renames the license, readme and changelog (LICENSE → LICENSE.txt, README.md → readme.md).
  const packed = new Set(entries.map((e) => e.toLowerCase().replace(/^license$/, 'license.txt')));
  const unpacked = listed.filter((f) => !packed.has(f.toLowerCase().replace(/^license$/, 'license.txt')));
  if (unpacked.length) fail(`files \`vsce ls\` listed are not in the .vsix: ${unpacked.join(', ')}`);
  const entry = (name) => zip.get(name) ?? fail(`${out} has no ${name}`);
  const manifest = entry('extension.vsixmanifest').toString('utf8');
  const wanted = [
    '<License>',
    '<Icon>',
    'Links.Source',
    'Links.Support',
    'Links.Learn',
    'Branding.Color',
    'Content.Changelog',
  ];
  const absent = wanted.filter((w) => !manifest.includes(w));
  if (absent.length) fail(`extension.vsixmanifest lacks ${absent.join(', ')}`);
  const { width, height } = pngSize(entry(`extension/${pkg.icon}`));
  if (width !== 128 || height !== 128) fail(`${pkg.icon} is ${width}x${height}, not 128x128`);

  const bytes = fs.statSync(out).size;
  const mb = bytes / (1024 * 1024);
  process.stdout.write(
    `${path.relative(process.cwd(), out)}: ${(bytes / 1024).toFixed(1)} KiB (${mb.toFixed(2)} MiB), ${entries.length} files\n`,
  );
  if (mb > MAX_MB) fail(`${path.basename(out)} is ${mb.toFixed(2)} MiB, above the ${MAX_MB} MiB budget`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
