// Roots rendered in one Kustomize process (batch.ts): the same findings as rendering each root
// alone, one process for independent roots, each root alone when they are not (or one fails).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_CONFIG } from '../engine';
import { repoRoot } from '../engine/testing';
import { independent, newBatchState, renderGroup, type BatchState } from './batch';
import { discover } from './discover';
import { parseRendered, parseRenderedGroup, type Origin } from './origin';
import { DEFAULT_RENDER_TIMEOUT_MS, renderKustomization } from './render';
import { countingKustomize, listFiles } from './testing';
import { analyzeTrees, type RenderedScope, type TreeOptions } from './trees';

/** The shop fixture in a temporary folder, each overlay given a namespace when `namespaces`. */
function shop(namespaces: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-batch-'));
  fs.cpSync(path.join(repoRoot(), 'server/src/rendered/fixtures/shop'), path.join(dir, 'shop'), { recursive: true });
  if (namespaces)
    for (const o of ['prod', 'staging']) {
      const k = path.join(dir, 'shop/overlays', o, 'kustomization.yaml');
      fs.appendFileSync(k, `namespace: shop-${o}\n`);
    }
  return dir;
}

function options(dir: string, command: string[], batch?: BatchState): TreeOptions {
  return {
    kustomizeCommand: command,
    helmCommand: null,
    helmValues: [],
    timeoutMs: DEFAULT_RENDER_TIMEOUT_MS,
    env: process.env,
    trusted: true,
    config: DEFAULT_CONFIG,
    base: dir,
    batch,
  };
}

const analyse = (dir: string, opts: TreeOptions) => analyzeTrees(discover(listFiles(path.join(dir, 'shop'))), opts);

test('batch: overlays in namespaces of their own render in one process, with the findings of rendering each alone', async () => {
  const dir = shop(true);
  const k = countingKustomize(dir);
  const batch = newBatchState();
  const grouped = await analyse(dir, options(dir, k.command, batch));
  assert.equal(k.runs(), 1, 'one process for both overlays');
  assert.deepEqual([...batch.solo], []);
  const alone = await analyse(dir, options(dir, k.command));
  assert.equal(k.runs(), 1 + alone.scopes.length);
  assert.ok(alone.findings.length > 0);
  assert.ok(alone.findings.some((f) => /\(in shop\/overlays\/prod, shop\/overlays\/staging\)$/.test(f.message)));
  assert.deepEqual(grouped.findings, alone.findings);
  assert.deepEqual(
    grouped.scopes.map((s) => s.skipped),
    alone.scopes.map((s) => s.skipped),
  );
  assert.equal(grouped.objects, alone.objects);
});

test('batch: overlays sharing a namespace are rendered alone (once tried together, then never)', async () => {
  const dir = shop(false);
  const k = countingKustomize(dir);
  const batch = newBatchState();
  const first = await analyse(dir, options(dir, k.command, batch));
  const roots = first.scopes.length;
  assert.equal(k.runs(), 1 + roots, 'the group, then each root alone');
  assert.deepEqual([...batch.solo.values()], Array(roots).fill('unsafe'));
  const alone = await analyse(dir, options(dir, k.command));
  assert.deepEqual(first.findings, alone.findings);
  const before = k.runs();
  await analyse(dir, options(dir, k.command, batch));
  assert.equal(k.runs() - before, roots, 'not tried together again');
});

test('batch: a failing overlay is rendered alone and says why; the others are still grouped', async () => {
  const dir = shop(true);
  const staging = path.join(dir, 'shop/overlays/staging/kustomization.yaml');
  fs.writeFileSync(
    staging,
    fs.readFileSync(staging, 'utf8').replace('  - ../../base\n', '  - ../../base\n  - missing.yaml\n'),
  );
  const k = countingKustomize(dir);
  const batch = newBatchState();
  const grouped = await analyse(dir, options(dir, k.command, batch));
  const alone = await analyse(dir, options(dir, k.command));
  // kubectl's error line holds a time and a process id.
  const stable = (fs: { message: string }[]) =>
    JSON.stringify(fs).replace(/E\d{4} \d\d:\d\d:\d\d\.\d+ +\d+/g, 'E<time pid>');
  assert.deepEqual(stable(grouped.findings), stable(alone.findings));
  const failed = grouped.scopes.find((s) => s.dir.endsWith('staging'))!;
  assert.ok(failed.skipped, 'staging is not rendered');
  assert.deepEqual([...batch.solo], [[failed.dir, 'failed']]);
});

test('batch: a tree with vars is never grouped (Kustomize resolves them for the whole build)', async () => {
  const dir = shop(true);
  fs.appendFileSync(
    path.join(dir, 'shop/overlays/prod/kustomization.yaml'),
    'vars:\n  - name: WEB\n    objref: {kind: Deployment, name: web, apiVersion: apps/v1}\n',
  );
  const k = countingKustomize(dir);
  const batch = newBatchState();
  const grouped = await analyse(dir, options(dir, k.command, batch));
  assert.equal(k.runs(), grouped.scopes.length, 'each root alone');
  assert.deepEqual([...batch.solo], []);
});

test('batch: an untrusted run renders nothing and sets no root apart', async () => {
  const dir = shop(true);
  const k = countingKustomize(dir);
  const batch = newBatchState();
  const report = await analyse(dir, { ...options(dir, k.command, batch), trusted: false });
  assert.equal(k.runs(), 0);
  assert.ok(report.scopes.every((s) => s.skipped === 'the workspace is not trusted'));
  assert.deepEqual([...batch.solo], []);
  await analyse(dir, options(dir, k.command, batch));
  assert.equal(k.runs(), 1, 'trusted: one process for both overlays');
});

const doc = (kind: string, name: string, ns?: string, extra = '') =>
  `apiVersion: v1\nkind: ${kind}\nmetadata:\n  annotations:\n    m/root: r0\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}${extra}`;

test('parseRenderedGroup: each part is what parseRendered gives for its objects alone', () => {
  const withMark = (m: string, ns: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: base/cm.yaml\n    keep: "1"\n    m/root: ${m}\n  name: cm\n  namespace: ${ns}\ndata:\n  a: b\n`;
  const out = [withMark('r0', 'a'), withMark('r1', 'b'), withMark('r0', 'c')].join('---\n');
  const parts = parseRenderedGroup(out, 'm/root')!;
  const plain = (ns: string) => withMark('x', ns).replace('    m/root: x\n', '');
  assert.deepEqual(parts.get('r0'), parseRendered([plain('a'), plain('c')].join('---\n')));
  assert.deepEqual(parts.get('r1'), parseRendered(plain('b')));
  assert.equal(
    parseRenderedGroup(`${out}---\n${doc('Secret', 's', 'a').replace('    m/root: r0\n', '')}`, 'm/root'),
    null,
  );
});

test('parseRenderedGroup: sections known from the last output are not parsed again, with the same result', () => {
  const cm = (ns: string, v: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    m/root: r0\n  name: cm\n  namespace: ${ns}\ndata:\n  a: ${v}\n`;
  const cache = new Map();
  const first = [cm('a', '1'), cm('b', '1')].join('---\n');
  assert.deepEqual(parseRenderedGroup(first, 'm/root', cache), parseRenderedGroup(first, 'm/root'));
  assert.equal(cache.size, 2);
  const second = [cm('a', '2'), cm('b', '1')].join('---\n');
  const cachedB = cache.get([...cache.keys()].find((k) => k.includes('namespace: b')));
  assert.ok(cachedB);
  const again = parseRenderedGroup(second, 'm/root', cache)!;
  assert.deepEqual(again, parseRenderedGroup(second, 'm/root'));
  assert.equal(again.get('r0')!.docs[1], cachedB.doc, 'the unchanged section is reused');
  assert.deepEqual([...cache.keys()], second.split(/^---$/m), 'only this output is kept');
});

test('independent: namespaces of their own, no cluster-scoped objects, RoleBindings inside their root', () => {
  const p = (...docs: string[]) => parseRendered(docs.join('---\n'));
  assert.equal(independent([p(doc('ConfigMap', 'a', 'x')), p(doc('ConfigMap', 'a', 'y'))]), true);
  assert.equal(independent([p(doc('ConfigMap', 'a', 'x')), p(doc('ConfigMap', 'b', 'x'))]), false);
  assert.equal(independent([p(doc('ConfigMap', 'a', 'x')), p(doc('ConfigMap', 'a'))]), false);
  assert.equal(independent([p(doc('ConfigMap', 'a', 'x')), p(doc('ClusterRole', 'r', 'y'))]), false);
  assert.equal(independent([p(doc('ConfigMap', 'a', 'x')), p(doc('StorageClass', 's', 'y'))]), false);
  const rb = (subjectNs: string) =>
    doc('RoleBinding', 'rb', 'y', `subjects:\n  - kind: ServiceAccount\n    name: sa\n    namespace: ${subjectNs}\n`);
  assert.equal(independent([p(doc('ConfigMap', 'a', 'x')), p(rb('y'))]), true);
  assert.equal(independent([p(doc('ConfigMap', 'a', 'x')), p(rb('x'))]), false);
});

test('renderGroup: each root gets the objects it renders alone (generated names, prefixes, patches)', async () => {
  const dir = shop(true);
  for (const o of ['prod', 'staging'])
    fs.appendFileSync(
      path.join(dir, 'shop/overlays', o, 'kustomization.yaml'),
      `configMapGenerator:\n  - name: settings\n    literals: [env=${o}]\n`,
    );
  const roots = ['prod', 'staging'].map((o) => path.join(dir, 'shop/overlays', o));
  const opts = options(dir, countingKustomize(dir).command);
  const state = newBatchState();
  const out = await renderGroup(
    roots.map((r) => ({ dir: r }) as RenderedScope),
    roots.map((r) => ({ dir: r, unstage: (p: string) => p })),
    opts,
    state,
  );
  assert.ok(out.ok);
  const again = await renderGroup(
    roots.map((r) => ({ dir: r }) as RenderedScope),
    roots.map((r) => ({ dir: r, unstage: (p: string) => p })),
    opts,
    state,
  );
  assert.ok(again.ok);
  assert.deepEqual(
    again.parts.map((p) => p.rendered),
    out.parts.map((p) => p.rendered),
    'the same from the sections of the last run',
  );
  for (const [i, root] of roots.entries()) {
    const alone = await renderKustomization(root, opts);
    assert.ok(alone.ok);
    const expected = parseRendered(alone.output);
    assert.deepEqual(out.parts[i].rendered, expected);
    assert.ok(expected.docs.some((d) => /^(prod|staging)-settings-\w+$/.test(d.value.metadata.name)));
    const origins = (o: { docs: { origin: Origin | null }[] }, resolve: (o: Origin) => string) =>
      o.docs.map((d) => (d.origin ? resolve(d.origin) : null));
    assert.deepEqual(
      origins(out.parts[i].rendered, out.parts[i].resolvePath),
      origins(expected, (o) => path.resolve(alone.baseDir, o.path)),
    );
  }
});
