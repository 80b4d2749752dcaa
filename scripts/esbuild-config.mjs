// The esbuild options every bundle of this repo is built with (scripts/build.mjs, bench/run.mjs,
// scripts/start.mjs), and the list of dist/ bundles (scripts/bundles.json).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The bundles in dist/: entry, output, externals; `editorOnly` ones are not in the CLI's npm
 * tarball (.npmignore); `commandsApart` marks the CLI (see commandsApart below).
 * @type {{ entry: string; out: string; external?: string[]; editorOnly?: boolean; commandsApart?: boolean }[]}
 */
export const BUNDLES = JSON.parse(fs.readFileSync(path.join(repoRoot, 'scripts', 'bundles.json'), 'utf8'));

/** Node's oldest supported major (package.json engines.node) is what the bundles target. */
export const TARGET = 'node20';

/** Options shared by every bundle. */
export function baseOptions({ production = false } = {}) {
  return {
    bundle: true,
    platform: 'node',
    target: TARGET,
    format: 'cjs',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    absWorkingDir: repoRoot,
    // yaml's ES module build: bundled as ESM, our calls into it are direct rather than through
    // esbuild's CommonJS-interop getters, which parses measurably faster (bench/RESULTS.md).
    alias: { yaml: './node_modules/yaml/browser/index.js' },
    // @kubernetes/client-node is ESM and reads import.meta.url in places; give esbuild a value.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  };
}

/** The CLI's imports of the language server and of `cluster health` load their own bundles,
 *  next to dist/cli.js: `kube-ha lint` then compiles neither (nor @kubernetes/client-node). */
export const commandsApart = {
  name: 'commands-apart',
  setup(build) {
    build.onResolve({ filter: /\/cluster\/src\/cli-health$/ }, () => ({ path: './cluster-cli.js', external: true }));
    build.onResolve({ filter: /^\.\.\/server$/ }, (args) =>
      args.importer.endsWith(path.join('cli', 'entry.ts')) ? { path: './server.js', external: true } : undefined,
    );
  },
};

/** esbuild options for one bundle of BUNDLES. */
export function bundleOptions(b, opts) {
  return {
    ...baseOptions(opts),
    entryPoints: [b.entry],
    outfile: b.out,
    ...(b.external ? { external: b.external } : {}),
    ...(b.commandsApart ? { plugins: [commandsApart] } : {}),
  };
}
