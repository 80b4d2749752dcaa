// Bundles the client, the server and the CLI with esbuild into dist/ (scripts/bundles.json): the
// cluster view is a second bundle the client loads after activation, the parse workers one next
// to the server, and `kube-ha cluster health` and `kube-ha lsp` load bundles of their own.
import * as esbuild from 'esbuild';
import { commandLine } from './args.mjs';
import { BUNDLES, bundleOptions } from './esbuild-config.mjs';

const { values } = commandLine(
  { production: { type: 'boolean', default: false } },
  'node scripts/build.mjs [--production]',
);
const production = values.production;

await Promise.all(BUNDLES.map((b) => esbuild.build(bundleOptions(b, { production }))));
console.log(`built dist/ (${production ? 'production' : 'development'})`);
