#!/usr/bin/env node
// npm run bench: builds dist/ (scripts/build.mjs), bundles the benchmark (bench/*.ts) with esbuild
// into out/bench-dist/, then runs it. Arguments are passed on (see bench/main.ts).
// Bundling instead of tsc keeps the benchmark runnable while other files are mid-edit; the
// sources are still type-checked by the root tsconfig (`npm run typecheck`).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'out', 'bench-dist');

process.stderr.write('[bench] node scripts/build.mjs\n');
// The build's stdout goes to stderr: stdout carries only the results table.
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 2, 2] });
if (build.status !== 0) process.exit(build.status ?? 1);

await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['main', 'parse-floor', 'cluster-server', 'cluster-model', 'activation-probe'].map((e) => `bench/${e}.ts`),
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // The same yaml build as dist/ (see scripts/build.mjs): the parse floor runs what kube-ha runs.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  // @kubernetes/client-node (used by the cluster model) is ESM and reads import.meta.url.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
});

const r = spawnSync(process.execPath, [path.join(outdir, 'main.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
