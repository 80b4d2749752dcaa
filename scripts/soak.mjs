// `npm run soak`: compile, bundle the server, then 10,000 incremental edits over LSP stdio with
// the server's VmRSS after the first 1,000 and at the end (see test/robustness/soak-core.ts).
//   node scripts/soak.mjs [--edits N] [--no-build]
import { spawnSync } from 'child_process';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { commandLine } from './args.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = commandLine(
  { edits: { type: 'string' }, 'no-build': { type: 'boolean', default: false } },
  'node scripts/soak.mjs [--edits N] [--no-build]',
);
const run = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status || 1);
};
if (!opts['no-build']) {
  run([path.join(root, 'node_modules/typescript/bin/tsc'), '-p', '.']);
  run(['scripts/build.mjs']);
}
run([
  path.join(root, 'out/test/robustness/soak-main.js'),
  ...(opts.edits !== undefined ? ['--edits', opts.edits] : []),
]);
