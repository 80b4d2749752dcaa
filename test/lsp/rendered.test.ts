// Rendered sources in the language server over stdio: a Kustomize tree rendered with the real
// kubectl, re-rendered after edits of a base and of a patch; nothing run in an untrusted workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { fileUri, repoRootFromTest, startServer } from './client';

const TREE = path.join(repoRootFromTest(), 'server/src/rendered/fixtures/shop');

function copyTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-lsp-tree-'));
  fs.cpSync(TREE, path.join(dir, 'shop'), { recursive: true });
  return dir;
}

const rows = (d: Diagnostic[]) =>
  d.map((x) => `${x.range.start.line + 1} ${x.code} ${(/\(in [^)]*\)$/.exec(x.message) ?? [''])[0]}`).sort();
const PATCHES = [
  'overlays/prod/replicas.yaml',
  'overlays/prod/spread.json6902.yaml',
  'overlays/staging/replicas.yaml',
  'overlays/staging/delete-pdb.yaml',
  'components/probes/probes.yaml',
];

/** A kubectl first on PATH that writes a line to `log` for each run, then runs the real one. */
function countingKubectl(): { env: NodeJS.ProcessEnv; runs(): number } {
  const real = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((d) => path.join(d, 'kubectl'))
    .find((p) => fs.existsSync(p));
  assert.ok(real, 'kubectl on PATH');
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-count-kubectl-'));
  const log = path.join(bin, 'runs');
  fs.writeFileSync(path.join(bin, 'kubectl'), `#!/bin/sh\necho x >> '${log}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
  return {
    env: { PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    runs: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').length - 1 : 0),
  };
}

/** The tree rendered, then a base and a patch edited (unsaved). With `namespaced`, each overlay
 *  sets a namespace of its own, so both render in one kubectl run (rendered/batch.ts). */
async function editsUpdateOverlays(namespaced: boolean) {
  const dir = copyTree();
  if (namespaced)
    for (const o of ['prod', 'staging'])
      fs.appendFileSync(path.join(dir, 'shop/overlays', o, 'kustomization.yaml'), `namespace: shop-${o}\n`);
  const kubectl = countingKubectl();
  const s = await startServer({ folders: [dir], initializationOptions: { trusted: true }, env: kubectl.env });
  try {
    const web = fileUri(path.join(dir, 'shop/base/web.yaml'));
    const db = fileUri(path.join(dir, 'shop/base/db.yaml'));
    const staging = '(in shop/overlays/staging)';
    let d = await s.waitForDiagnostics(web, (x) => x.some((y) => y.code === 'missing-pdb'), 30_000);
    assert.deepEqual(rows(d), [
      `16 missing-liveness-probe ${staging}`,
      `16 missing-prestop-hook ${staging}`,
      `16 missing-readiness-probe ${staging}`,
      `4 missing-pdb ${staging}`,
      `6 no-pod-spread ${staging}`,
    ]);
    assert.deepEqual(rows(s.diagnostics.get(db) ?? []), [
      '7 single-replica (in shop/overlays/prod, shop/overlays/staging)',
    ]);
    for (const p of PATCHES) assert.deepEqual(s.diagnostics.get(fileUri(path.join(dir, 'shop', p))) ?? [], [], p);
    if (namespaced) assert.equal(kubectl.runs(), 1, 'both overlays in one kubectl run');

    // Edit a base (unsaved): db runs 2 replicas in both overlays.
    const dbText = fs.readFileSync(path.join(dir, 'shop/base/db.yaml'), 'utf8');
    s.open(db, dbText);
    s.change(db, 2, [{ text: dbText.replace('replicas: 1', 'replicas: 2') }]);
    d = await s.waitForDiagnostics(db, (x) => !x.some((y) => y.code === 'single-replica') && x.length > 0, 30_000);
    assert.deepEqual(rows(d), [
      // The message names the namespace: one finding per overlay when they differ.
      ...(namespaced
        ? ['4 missing-pdb (in shop/overlays/prod)', '4 missing-pdb (in shop/overlays/staging)']
        : ['4 missing-pdb (in shop/overlays/prod, shop/overlays/staging)']),
      '7 no-pod-spread (in shop/overlays/prod, shop/overlays/staging)',
    ]);

    // Edit a patch (unsaved): staging back to one replica.
    const patch = fileUri(path.join(dir, 'shop/overlays/staging/replicas.yaml'));
    const patchText = fs.readFileSync(path.join(dir, 'shop/overlays/staging/replicas.yaml'), 'utf8');
    s.open(patch, patchText);
    s.change(patch, 2, [{ text: patchText.replace('replicas: 2', 'replicas: 1') }]);
    d = await s.waitForDiagnostics(web, (x) => x.some((y) => y.code === 'single-replica'), 30_000);
    assert.deepEqual(rows(d), [
      `16 missing-liveness-probe ${staging}`,
      `16 missing-prestop-hook ${staging}`,
      `16 missing-readiness-probe ${staging}`,
      `6 single-replica ${staging}`,
    ]);
    assert.deepEqual(s.diagnostics.get(patch) ?? [], []);
  } finally {
    await s.stop();
  }
}

test("LSP: a Kustomize tree is rendered; editing a base or a patch updates the overlays' diagnostics", () =>
  editsUpdateOverlays(false));

test('LSP: overlays in namespaces of their own render in one kubectl run, with the same diagnostics', () =>
  editsUpdateOverlays(true));

test('LSP: an untrusted workspace runs no renderer (visible skip); trust granted renders', async () => {
  const dir = copyTree();
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-fake-kubectl-'));
  const marker = path.join(bin, 'ran');
  // Any kubectl or kustomize the server could find records that it ran.
  for (const name of ['kubectl', 'kustomize', 'helm'])
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\necho "$@" >> ${marker}\n`, { mode: 0o755 });
  const s = await startServer({
    folders: [dir],
    initializationOptions: { trusted: false },
    env: { PATH: `${bin}${path.delimiter}${process.env.PATH}` },
  });
  try {
    const prod = fileUri(path.join(dir, 'shop/overlays/prod/kustomization.yaml'));
    const d = await s.waitForDiagnostics(prod, (x) => x.some((y) => y.code === 'analysis-skipped'), 30_000);
    assert.match(d[0].message, /not rendered: the workspace is not trusted/);
    await s.indexed;
    assert.equal(fs.existsSync(marker), false, 'a renderer ran in an untrusted workspace');
    assert.deepEqual(s.diagnostics.get(fileUri(path.join(dir, 'shop/base/web.yaml'))) ?? [], []);
    s.conn.sendNotification('kubeHa/workspaceTrusted');
    await s.waitForDiagnostics(prod, (x) => !x.some((y) => /not trusted/.test(y.message)), 30_000);
    assert.match(fs.readFileSync(marker, 'utf8'), /^kustomize /m);
  } finally {
    await s.stop();
  }
});
