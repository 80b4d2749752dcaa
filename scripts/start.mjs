// `npm start`: build, then lint examples/ with the CLI (the main job until the demo lands).
import { spawnSync } from 'child_process';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

const build = run(['scripts/build.mjs']);
if (build.status !== 0) process.exit(build.status ?? 1);
console.log('\n$ kube-ha lint examples/');
const lint = run(['bin/kube-ha.js', 'lint', 'examples']);
// Findings in examples/ are the point of the demo: exit 1 (findings) is success here.
process.exit(lint.status === 1 ? 0 : lint.status ?? 1);
