#!/usr/bin/env node
// npm run package: builds the bundles (scripts/build.mjs → dist/) and packages the extension with
// @vscode/vsce (--no-dependencies: everything a user needs is bundled into dist/). The contents
// are chosen by .vscodeignore. Checks that no sources, tests or node_modules slipped in, prints
// the size, and fails above the size budget (3 MB, KUBE_HA_VSIX_MAX_MB to change).
//
//   node scripts/package.mjs [--out FILE.vsix] [--no-build]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Names of the entries of a zip file, read from its central directory. */
export function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

function main() {
  const args = process.argv.slice(2);
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const outIdx = args.indexOf('--out');
  const out = path.resolve(repoRoot, outIdx >= 0 ? args[outIdx + 1] : `${pkg.name}-${pkg.version}.vsix`);

  if (!args.includes('--no-build')) {
    const build = path.join(repoRoot, 'scripts', 'build.mjs');
    if (!fs.existsSync(build)) fail('scripts/build.mjs is missing: cannot bundle the extension into dist/');
    run(process.execPath, [build, '--production'], 'the build (scripts/build.mjs --production)');
  }
  const main = pkg.main && path.resolve(repoRoot, pkg.main);
  if (main && !fs.existsSync(main)) fail(`${pkg.main} does not exist after the build`);

  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!fs.existsSync(vsce)) fail('@vscode/vsce is not installed (devDependency): run npm install');
  const vsceArgs = ['package', '--no-dependencies', '--out', out];
  // Without a repository URL vsce cannot rewrite README links; the docs they point to ship in the .vsix.
  if (!pkg.repository) vsceArgs.push('--allow-missing-repository', '--no-rewrite-relative-links');
  if (!['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((f) => fs.existsSync(path.join(repoRoot, f)))) {
    process.stderr.write('[package] note: no LICENSE file; packaging with --skip-license (package.json says MIT)\n');
    vsceArgs.push('--skip-license');
  }
  fs.rmSync(out, { force: true });
  run(process.execPath, [vsce, ...vsceArgs], 'vsce package');

  const entries = zipEntries(out).filter((e) => e.startsWith('extension/')).map((e) => e.slice('extension/'.length));
  const bad = entries.filter(
    (e) =>
      e.startsWith('node_modules/') ||
      /^(client|server|cluster|common|test|bench|scripts|out|examples|\.vscode-test)\//.test(e) ||
      (/\.ts$/.test(e) && !/\.d\.ts$/.test(e)) ||
      /\.map$/.test(e),
  );
  if (bad.length) fail(`the .vsix contains files a user does not need (fix .vscodeignore): ${bad.slice(0, 20).join(', ')}`);
  // What the extension loads at run time. The server still works without its parse workers (it
  // parses on one thread), so a missing worker bundle would otherwise go unnoticed.
  const needed = ['dist/client.js', 'dist/cluster-view.js', 'dist/server.js', 'dist/parse-worker.js', 'dist/cli.js', 'bin/kube-ha.js'];
  const missing = needed.filter((f) => !entries.includes(f));
  if (missing.length) fail(`the .vsix lacks files the extension loads: ${missing.join(', ')}`);

  const bytes = fs.statSync(out).size;
  const mb = bytes / (1024 * 1024);
  process.stdout.write(`${path.relative(process.cwd(), out)}: ${(bytes / 1024).toFixed(1)} KiB (${mb.toFixed(2)} MiB), ${entries.length} files\n`);
  if (mb > MAX_MB) fail(`${path.basename(out)} is ${mb.toFixed(2)} MiB, above the ${MAX_MB} MiB budget`);
}

main();
