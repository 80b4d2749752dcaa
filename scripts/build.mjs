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
  // @kubernetes/client-node is ESM and reads import.meta.url in places; give esbuild a value.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // The cluster view (with @kubernetes/client-node) is a second bundle the client loads after
  // activation: activation only pays for the language client.
  esbuild.build({ ...common, entryPoints: ['client/src/cluster/index.ts'], outfile: 'dist/cluster-view.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  // The server's parse workers (server/src/parse-pool.ts), next to it.
  esbuild.build({ ...common, entryPoints: ['server/src/parse-worker.ts'], outfile: 'dist/parse-worker.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/entry.ts'], outfile: 'dist/cli.js' }),
]);
console.log(`built dist/ (${production ? 'production' : 'development'})`);
