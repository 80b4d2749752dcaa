// Bundles the client, the server and the CLI with esbuild into dist/.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'url';
import * as path from 'path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  // yaml's ES module build (its package serves it to every target but Node) rather than its
  // CommonJS one: bundled as ESM its modules are hoisted into one scope and our calls into it are
  // direct, not through esbuild's CommonJS-interop getters. Same code, ~18 % less time to parse
  // the benchmark's 10,000 files (bench/RESULTS.md, 2026-11-26 late). The floor is built the same way.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  // @kubernetes/client-node is ESM and reads import.meta.url in places; give esbuild a value.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

/** The CLI's imports of the language server and of `cluster health` load their own bundles,
 *  next to dist/cli.js: `kube-ha lint` then compiles neither (nor @kubernetes/client-node). */
const commandsApart = {
  name: 'commands-apart',
  setup(build) {
    build.onResolve({ filter: /\/cluster\/src\/cli-health$/ }, () => ({ path: './cluster-cli.js', external: true }));
    build.onResolve({ filter: /^\.\.\/server$/ }, (args) => (args.importer.endsWith(path.join('cli', 'entry.ts')) ? { path: './server.js', external: true } : undefined));
  },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // The cluster view (with @kubernetes/client-node) is a second bundle the client loads after
  // activation: activation only pays for the language client.
  esbuild.build({ ...common, entryPoints: ['client/src/cluster/index.ts'], outfile: 'dist/cluster-view.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  // The server's parse workers (server/src/parse-pool.ts), next to it.
  esbuild.build({ ...common, entryPoints: ['server/src/parse-worker.ts'], outfile: 'dist/parse-worker.js' }),
  // The CLI; `kube-ha cluster health` (with @kubernetes/client-node) is a bundle of its own, and
  // `kube-ha lsp` loads dist/server.js (see commandsApart).
  esbuild.build({ ...common, entryPoints: ['server/src/cli/entry.ts'], outfile: 'dist/cli.js', plugins: [commandsApart] }),
  esbuild.build({ ...common, entryPoints: ['cluster/src/cli-health.ts'], outfile: 'dist/cluster-cli.js' }),
]);
console.log(`built dist/ (${production ? 'production' : 'development'})`);
