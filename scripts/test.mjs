// `npm test`: typecheck + compile, bundle, run every unit/integration test with Node's test
// runner, then the end-to-end suite in a real VS Code (code-server).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { commandLine } from './args.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = commandLine({ 'no-e2e': { type: 'boolean', default: false } }, 'node scripts/test.mjs [--no-e2e]');
const skipE2e = values['no-e2e'];

function run(cmd, argv, opts = {}) {
  console.log(`\n$ ${[cmd, ...argv].join(' ')}`);
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`\nfailed: ${[cmd, ...argv].join(' ')} (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

/** The compiled tests under dir, without the end-to-end suite (it runs in VS Code). */
function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((rel) => rel.endsWith('.test.js') && !rel.split(path.sep).includes('e2e'))
    .map((rel) => path.join(dir, rel));
}

// The rendered-sources tests run the real Kustomize (server/src/rendered).
const onPath = (name) =>
  (process.env.PATH ?? '').split(path.delimiter).some((d) => {
    try {
      fs.accessSync(path.join(d, name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
if (!onPath('kubectl') && !onPath('kustomize')) {
  console.error(
    'npm test needs Kustomize: install kubectl (it includes Kustomize, https://kubernetes.io/docs/tasks/tools/) or kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) and put it on PATH',
  );
  process.exit(1);
}

fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', '.']);
run(process.execPath, ['scripts/build.mjs']);
const files = testFiles(path.join(root, 'out')).sort();
if (files.length === 0) {
  console.error('no test files found under out/');
  process.exit(1);
}
// code-server first (when the end-to-end suite runs): the grammar test also checks against VS
// Code's own YAML grammar from it, and would otherwise skip on a fresh machine.
if (!skipE2e && fs.existsSync(path.join(root, 'scripts/e2e/install.mjs')))
  run(process.execPath, ['scripts/e2e/install.mjs']);
// A per-test timeout turns a hang into a failure that names the test. *.slow.test.js files install
// real tools (pre-commit builds its hook environment with npm: minutes on a busy machine): after
// the others, with a longer one.
const slow = files.filter((f) => f.endsWith('.slow.test.js'));
run(process.execPath, [
  '--test',
  '--test-reporter=spec',
  '--test-timeout=120000',
  ...files.filter((f) => !slow.includes(f)),
]);
if (slow.length) run(process.execPath, ['--test', '--test-reporter=spec', '--test-timeout=900000', ...slow]);
if (!skipE2e && fs.existsSync(path.join(root, 'scripts/e2e/run.mjs'))) {
  run(process.execPath, ['scripts/e2e/run.mjs', '--no-build']);
  // The artefact a user installs: package the .vsix (production build) and check it in code-server.
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
  run(process.execPath, ['scripts/package.mjs', '--out', vsix]);
  run(process.execPath, ['scripts/e2e/vsix-check.mjs', vsix, '--no-install']);
}
