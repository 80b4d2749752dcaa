// The CLI as an npm package: `npm pack` → `npm install -g` from the tarball, offline, with an
// empty npm cache, into a temporary prefix → the installed `kube-ha` lints, lists rules and serves
// LSP on its own. The tarball is packed from the dist/ that `npm test` built (--ignore-scripts:
// the prepare build would rewrite dist/ while other tests run it; `npm pack` alone runs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../../server/src/engine/testing';
import { PARSER_RULES, RULES } from '../../server/src/engine';
import { fileUri, startServer } from '../lsp/client';

const root = repoRoot();

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.error) throw r.error;
  return r;
}

/** npm with no user config and a cache of its own, so nothing outside the tarball is found. */
function npmEnv(tmp: string): NodeJS.ProcessEnv {
  const cache = path.join(tmp, 'npm-cache');
  fs.mkdirSync(cache, { recursive: true });
  return {
    npm_config_userconfig: path.join(tmp, 'no-npmrc'),
    npm_config_cache: cache,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
}

test('npm pack: the tarball holds the prebuilt CLI and its docs, and no sources', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-pack-'));
  const r = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], root, npmEnv(tmp));
  assert.equal(r.status, 0, r.stderr);
  const [info] = JSON.parse(r.stdout);
  const files: string[] = info.files.map((f: { path: string }) => f.path);
  const bundles: { out: string; editorOnly?: boolean }[] = JSON.parse(
    fs.readFileSync(path.join(root, 'scripts', 'bundles.json'), 'utf8'),
  );
  const cliBundles = bundles.filter((b) => !b.editorOnly).map((b) => b.out);
  const editorBundles = bundles.filter((b) => b.editorOnly).map((b) => b.out);
  for (const f of [
    'package.json',
    'LICENSE',
    'README.md',
    'CHANGELOG.md',
    'bin/kube-ha.js',
    ...cliBundles,
    'docs/rules/README.md',
  ]) {
    assert.ok(files.includes(f), `the tarball has ${f}`);
  }
  for (const rule of [...PARSER_RULES, ...RULES])
    assert.ok(files.includes(`docs/rules/${rule.id}.md`), `docs/rules/${rule.id}.md is shipped (findings link to it)`);
  const stray = files.filter(
    (f) =>
      /\.(ts|map)$/.test(f) ||
      /^(server|client|cluster|common|test|bench|scripts|examples|node_modules|out|images)\//.test(f) ||
      editorBundles.includes(f) ||
      f.startsWith('docs/images/'),
  );
  assert.deepEqual(stray, [], 'no sources, tests, editor bundles or screenshots');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.equal(pkg.private, undefined, 'publishable');
  assert.deepEqual(
    Object.keys(pkg.dependencies ?? {}),
    [],
    'every dependency is bundled into dist/: nothing to install at run time',
  );
  assert.equal(pkg.bin['kube-ha'], './bin/kube-ha.js');
  // engines.node is what the bundles target (esbuild's target in scripts/esbuild-config.mjs) and what runs here.
  const min = Number(/^>=(\d+)$/.exec(pkg.engines.node)?.[1]);
  assert.match(
    fs.readFileSync(path.join(root, 'scripts', 'esbuild-config.mjs'), 'utf8'),
    new RegExp(`TARGET = 'node${min}'`),
  );
  assert.ok(Number(process.versions.node.split('.')[0]) >= min);
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('npm install -g of the tarball, offline into a temp prefix: kube-ha lint, rules and lsp work', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-install-'));
  const env = npmEnv(tmp);
  const packed = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], root, env);
  assert.equal(packed.status, 0, packed.stderr);
  const tgz = path.join(tmp, JSON.parse(packed.stdout)[0].filename);
  const prefix = path.join(tmp, 'prefix');
  // Run from outside the repository, so its .npmrc and node_modules play no part.
  const inst = sh('npm', ['install', '-g', '--offline', '--prefix', prefix, tgz], tmp, env);
  assert.equal(inst.status, 0, `${inst.stdout}\n${inst.stderr}`);
  const bin = path.join(prefix, 'bin', 'kube-ha');
  assert.ok(fs.existsSync(bin), 'npm linked the bin');
  const installed = fs.realpathSync(path.join(prefix, 'lib', 'node_modules', 'kube-ha'));
  assert.ok(!fs.existsSync(path.join(installed, 'node_modules')), 'no dependencies were installed');

  // The examples, copied out of the repository: linted by the installed command alone.
  const work = path.join(tmp, 'work');
  fs.cpSync(path.join(root, 'examples'), path.join(work, 'examples'), { recursive: true });
  const run = (...args: string[]) => sh(bin, args, work, { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` });
  const lint = run('lint', '--format', 'json', 'examples');
  assert.equal(lint.status, 1, lint.stderr);
  // Run from work/, examples/.kube-ha.yaml (a sample) is below the working directory: said not to apply, and nothing else.
  assert.match(lint.stderr, /^kube-ha: examples\/\.kube-ha\.yaml: not applied: [^\n]*\n$/);
  const out = JSON.parse(lint.stdout);
  assert.equal(
    out.files,
    fs.readdirSync(path.join(root, 'examples')).filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('.kube-ha.')).length,
  );
  const fromRepo = sh(
    process.execPath,
    [path.join(root, 'bin', 'kube-ha.js'), 'lint', '--format', 'json', 'examples'],
    work,
  );
  assert.deepEqual(out, JSON.parse(fromRepo.stdout), "the installed CLI finds what the repository's does");
  const text = run('lint', 'examples');
  assert.match(text.stdout, /^examples\/\S+\.yaml:\d+:\d+: (error|warning|info) [a-z-]+: /m);

  // Rule doc links point into the installed package, where the docs are.
  const sarif = JSON.parse(run('lint', '--format', 'sarif', 'examples').stdout);
  for (const r of sarif.runs[0].tool.driver.rules) {
    const file = decodeURIComponent(new URL(r.helpUri).pathname);
    assert.ok(file.startsWith(installed + path.sep) && fs.existsSync(file), `${r.id}: ${r.helpUri}`);
  }

  const rules = run('rules');
  assert.equal(rules.status, 0, rules.stderr);
  assert.equal(rules.stdout.trimEnd().split('\n').length, RULES.length + PARSER_RULES.length);
  assert.match(rules.stdout, /^single-replica\s+warning/m);
  assert.equal(
    run('--version').stdout.trim(),
    JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version,
  );

  // `kube-ha lsp --stdio` loads dist/server.js from the package and publishes diagnostics.
  const lsp = await startServer({ command: [bin, 'lsp', '--stdio'], folders: [work] });
  try {
    const uri = fileUri(path.join(work, 'examples', 'web.yaml'));
    const wait = lsp.waitForDiagnostics(uri, (d) => d.length > 0, 30_000);
    lsp.open(uri, fs.readFileSync(path.join(work, 'examples', 'web.yaml'), 'utf8'));
    const diags = await wait;
    assert.ok(
      diags.some((d) => d.source === 'kube-ha'),
      JSON.stringify(diags.map((d) => d.code)),
    );
  } finally {
    await lsp.stop();
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});
