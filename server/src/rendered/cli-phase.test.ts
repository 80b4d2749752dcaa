// Kustomize trees rendered with the real kubectl (rules.md "Rendered sources"), through `kube-ha lint`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../cli/main';
import { repoRoot } from '../engine/testing';
import { onPath } from './render';

const FIXTURES = path.join(repoRoot(), 'server/src/rendered/fixtures');
const ENV = { PATH: process.env.PATH };

async function cli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = ENV, stdin = '') {
  let stdout = '',
    stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readStdin: async () => stdin,
    cwd,
    env,
  });
  return { code, stdout, stderr };
}

/** file:line:col severity rule (roots), 1-based. */
function rows(stdout: string): string[] {
  return JSON.parse(stdout).findings.map(
    (f: any) =>
      `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.rule} ${(/\(in [^)]*\)$/.exec(f.message) ?? [''])[0]}${f.fixes.length ? ' FIX' : ''}`,
  );
}

function copyTree(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-tree-'));
  fs.cpSync(path.join(FIXTURES, name), path.join(dir, name), { recursive: true });
  return dir;
}

const PATCHES = [
  'shop/overlays/prod/replicas.yaml',
  'shop/overlays/prod/spread.json6902.yaml',
  'shop/overlays/staging/replicas.yaml',
  'shop/overlays/staging/delete-pdb.yaml',
  'shop/components/probes/probes.yaml',
];

test('kubectl is on PATH (the rendering tests need it)', () => {
  assert.ok(
    onPath('kubectl', process.env) || onPath('kustomize', process.env),
    'install kubectl (it includes Kustomize) or kustomize to run these tests',
  );
});

test('a Kustomize tree: findings per overlay on the base documents, exact files and lines; none on patches', async () => {
  const r = await cli(['lint', '--format', 'json', 'shop', 'alt'], FIXTURES);
  assert.equal(r.stderr, '');
  assert.deepEqual(rows(r.stdout), [
    // Two alternative bases: each its own scope, so db-ha's headless Service does not answer db.
    'alt/db-ha/statefulset.yaml:4:3 warning missing-pdb (in alt/db-ha)',
    'alt/db-ha/statefulset.yaml:7:3 warning no-pod-spread (in alt/db-ha)',
    'alt/db-ha/statefulset.yaml:17:11 info missing-liveness-probe (in alt/db-ha)',
    'alt/db-ha/statefulset.yaml:17:11 info missing-prestop-hook (in alt/db-ha)',
    'alt/db-ha/statefulset.yaml:17:11 warning missing-readiness-probe (in alt/db-ha)',
    'alt/db/statefulset.yaml:4:3 warning missing-pdb (in alt/db)',
    'alt/db/statefulset.yaml:6:3 warning statefulset-headless-service (in alt/db)', // no such Service in its scope: a warning
    'alt/db/statefulset.yaml:7:3 warning no-pod-spread (in alt/db)',
    'alt/db/statefulset.yaml:17:11 info missing-liveness-probe (in alt/db)',
    // The same finding from both overlays, once.
    'shop/base/db.yaml:7:3 warning single-replica (in shop/overlays/prod, shop/overlays/staging)',
    // staging deletes the PDB ($patch: delete), sets 2 replicas, has no probes component; prod has
    // its replicas, spread (JSON 6902) and probes (component) from patches: nothing on web.
    'shop/base/web.yaml:4:3 warning missing-pdb (in shop/overlays/staging)',
    'shop/base/web.yaml:6:3 warning no-pod-spread (in shop/overlays/staging)',
    'shop/base/web.yaml:16:11 info missing-liveness-probe (in shop/overlays/staging)',
    'shop/base/web.yaml:16:11 info missing-prestop-hook (in shop/overlays/staging)',
    'shop/base/web.yaml:16:11 warning missing-readiness-probe (in shop/overlays/staging)',
  ]);
  const out = JSON.parse(r.stdout);
  for (const p of PATCHES) assert.ok(!out.findings.some((f: any) => f.file === p), p);
  // commonLabels reach selectors and labels alike: no selector finding anywhere.
  assert.ok(!out.findings.some((f: any) => /selector|service-selects-nothing/.test(f.rule)));
  assert.equal(out.objects, 12);
});

test('related information points into the patch that sets the key', async () => {
  const r = await cli(['lint', '--format', 'sarif', 'shop'], FIXTURES);
  const related = JSON.parse(r.stdout)
    .runs[0].results.flatMap((x: any) =>
      (x.relatedLocations ?? []).map(
        (l: any) =>
          `${x.ruleId} ${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region.startLine} ${l.message.text}`,
      ),
    )
    .filter((s: string) => s.includes('patch'));
  assert.deepEqual(related, ['no-pod-spread shop/overlays/staging/replicas.yaml:6 spec.replicas set by this patch']);
});

test('each root gives the findings kube-ha gives on `kubectl kustomize` of that root', async () => {
  const roots = ['shop/overlays/prod', 'shop/overlays/staging', 'alt/db', 'alt/db-ha'];
  const tree = JSON.parse((await cli(['lint', '--format', 'json', 'shop', 'alt'], FIXTURES)).stdout).findings;
  for (const root of roots) {
    const built = spawnSync('kubectl', ['kustomize', path.join(FIXTURES, root)], { encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    const plain = JSON.parse(
      (await cli(['lint', '--format', 'json', '-'], FIXTURES, ENV, built.stdout)).stdout,
    ).findings;
    const mine = tree.filter((f: any) => new RegExp(`\\(in (?:[^)]*, )?${root}(?:, [^)]*)?\\)$`).test(f.message));
    assert.deepEqual(mine.map((f: any) => f.rule).sort(), plain.map((f: any) => f.rule).sort(), root);
  }
});

test('--fix never touches a fragment, and every root still builds afterwards', async () => {
  for (const name of ['shop', 'alt']) {
    const dir = copyTree(name);
    const before = new Map(listFiles(dir).map((f) => [f, fs.readFileSync(f)]));
    const r = await cli(['lint', '--fix', name], dir);
    assert.notEqual(r.code, 2, r.stderr);
    for (const [f, bytes] of before) assert.deepEqual(fs.readFileSync(f), bytes, `${f} changed`);
    for (const k of listFiles(dir).filter(
      (f) => path.basename(f) === 'kustomization.yaml' && !/^kind: Component$/m.test(fs.readFileSync(f, 'utf8')),
    )) {
      const built = spawnSync('kubectl', ['kustomize', path.dirname(k)], { encoding: 'utf8' });
      assert.equal(built.status, 0, `${k}: ${built.stderr}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? (e as any).path, e.name));
}

test('a $patch document in a plain file is never an object', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-patch-'));
  fs.writeFileSync(
    path.join(dir, 'p.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n$patch: delete\n',
  );
  const r = await cli(['lint', '--format', 'json', '.'], dir);
  assert.deepEqual(JSON.parse(r.stdout), { findings: [], files: 1, objects: 0 });
});

test('no Kustomize on PATH: one analysis-skipped at each root, nothing on its files, --fail-on-skip fails', async () => {
  const r = await cli(['lint', '--format', 'json', '--fail-on', 'error', 'shop'], FIXTURES, { PATH: '' });
  const out = JSON.parse(r.stdout);
  assert.deepEqual(
    out.findings.map((f: any) => `${f.file}:${f.range.start.line} ${f.rule}`),
    [
      'shop/overlays/prod/kustomization.yaml:0 analysis-skipped',
      'shop/overlays/staging/kustomization.yaml:0 analysis-skipped',
    ],
  );
  assert.match(out.findings[0].message, /neither kubectl nor kustomize was found on PATH; install kubectl/);
  assert.equal(r.code, 0);
  assert.equal((await cli(['lint', '--fail-on', 'error', '--fail-on-skip', 'shop'], FIXTURES, { PATH: '' })).code, 1);
});

test('a remote base is not fetched: a visible skip', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-remote-'));
  fs.writeFileSync(
    path.join(dir, 'kustomization.yaml'),
    'resources:\n  - https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.5.0\n',
  );
  const r = await cli(['lint', '--format', 'json', '.'], dir);
  const out = JSON.parse(r.stdout);
  assert.equal(out.findings.length, 1);
  assert.equal(out.findings[0].rule, 'analysis-skipped');
  assert.match(out.findings[0].message, /remote base .* which kube-ha does not fetch/);
});

test('a kustomization kubectl refuses: the same message every run, without its log header', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-invalid-'));
  fs.mkdirSync(path.join(dir, 'app'));
  // Kustomize v5 wants patch objects: a list of strings is refused with a klog-headed error.
  fs.writeFileSync(path.join(dir, 'app/kustomization.yaml'), 'resources: []\npatches:\n  - patch.yaml\n');
  const first = await cli(['lint', '--format', 'json', 'app'], dir);
  const again = await cli(['lint', '--format', 'json', 'app'], dir);
  const message = JSON.parse(first.stdout).findings[0].message;
  assert.match(message, /not rendered: .*cannot unmarshal/);
  assert.doesNotMatch(message, /[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+/, 'no log timestamp');
  assert.doesNotMatch(message, /'\.\.\//, "the root by its path, not by the path from kube-ha's wrapper");
  assert.equal(again.stdout, first.stdout);
});

test('a render over the time limit is a visible skip', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-slow-'));
  const slow = path.join(dir, 'slow-kustomize');
  fs.writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
  fs.mkdirSync(path.join(dir, 'app'));
  fs.writeFileSync(path.join(dir, 'app/kustomization.yaml'), 'resources: []\n');
  const r = await cli(['lint', '--format', 'json', '--kustomize-command', slow, '--render-timeout', '300', 'app'], dir);
  const out = JSON.parse(r.stdout);
  assert.match(out.findings[0].message, /timed out after 300 ms/);
});

test('kustomize build output on stdin is reported on the files the origin annotations name', async () => {
  const root = path.join(FIXTURES, 'shop/overlays/staging');
  const wrapper = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-wrap-'));
  fs.writeFileSync(
    path.join(wrapper, 'kustomization.yaml'),
    `resources:\n- ${path.relative(wrapper, root)}\nbuildMetadata: [originAnnotations]\n`,
  );
  const built = spawnSync('kubectl', ['kustomize', wrapper], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const r = await cli(['lint', '--format', 'json', '-'], wrapper, ENV, built.stdout);
  const files = new Set(JSON.parse(r.stdout).findings.map((f: any) => path.resolve(wrapper, f.file)));
  assert.deepEqual([...files].sort(), [
    path.join(FIXTURES, 'shop/base/db.yaml'),
    path.join(FIXTURES, 'shop/base/web.yaml'),
  ]);
});
