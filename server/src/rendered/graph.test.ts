import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { buildGraph, filesOfTree, isRemote, parseKustomization, remotesOf, type Kustomization } from './graph';
import { parseRendered } from './origin';
import { pathAtOffset, parseSourceText, sourceDocIndex, translatePath } from './mapback';

function graphOf(files: Record<string, string>) {
  const ks = new Map<string, Kustomization>();
  for (const [f, t] of Object.entries(files)) {
    const k = parseKustomization(f, t);
    ks.set(k.dir, k);
  }
  return buildGraph(ks);
}

test('graph: roots, components, every patch form as fragments, used files', () => {
  const g = graphOf({
    '/r/base/kustomization.yaml': 'resources: [web.yaml]\npatchesStrategicMerge: [fix.yaml]\n',
    '/r/comp/kustomization.yaml': 'kind: Component\npatches:\n  - path: c.yaml\n  - patch: |-\n      inline\n',
    '/r/prod/kustomization.yaml':
      'resources: [../base, extra.yaml]\ncomponents: [../comp]\npatches:\n  - path: p.yaml\n    target: {kind: Deployment}\npatchesJson6902:\n  - path: j.yaml\n    target: {kind: Deployment, name: web}\nconfigMapGenerator:\n  - name: c\n    files: [conf=app.conf]\n',
    '/r/staging/kustomization.yaml': 'bases: [../base]\n',
  });
  assert.deepEqual(g.roots, ['/r/prod', '/r/staging']);
  assert.deepEqual([...g.fragments].sort(), ['/r/base/fix.yaml', '/r/comp/c.yaml', '/r/prod/j.yaml', '/r/prod/p.yaml']);
  assert.deepEqual([...filesOfTree(g, '/r/prod')].sort(), [
    '/r/base/fix.yaml',
    '/r/base/kustomization.yaml',
    '/r/base/web.yaml',
    '/r/comp/c.yaml',
    '/r/comp/kustomization.yaml',
    '/r/prod/app.conf',
    '/r/prod/extra.yaml',
    '/r/prod/j.yaml',
    '/r/prod/kustomization.yaml',
    '/r/prod/p.yaml',
  ]);
  assert.deepEqual([...filesOfTree(g, '/r/staging')].sort(), [
    '/r/base/fix.yaml',
    '/r/base/kustomization.yaml',
    '/r/base/web.yaml',
    '/r/staging/kustomization.yaml',
  ]);
});

test('graph: remote resources are recorded, not resolved', () => {
  for (const r of [
    'https://github.com/x/y//base?ref=v1',
    'github.com/x/y/base?ref=main',
    'git@github.com:x/y.git',
    'ssh://git@host/x',
  ])
    assert.ok(isRemote(r), r);
  assert.ok(!isRemote('../base'));
  const g = graphOf({
    '/r/o/kustomization.yaml': 'resources:\n  - https://github.com/x/y//base?ref=v1\n  - local.yaml\n',
  });
  assert.deepEqual(remotesOf(g, '/r/o'), ['https://github.com/x/y//base?ref=v1']);
});

test('graph: a kustomization that does not parse says so', () => {
  const k = parseKustomization('/r/k/kustomization.yaml', 'resources: [a\n');
  assert.ok(k.error);
});

test('origin: annotations are read and removed; # Source: comments are read', () => {
  const r = parseRendered(
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: p-web\n  annotations:\n    config.kubernetes.io/origin: |\n      path: ../base/web.yaml\n---\n# Source: c/templates/d.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n',
  );
  assert.deepEqual(
    r.docs.map((d) => d.origin),
    [
      { path: '../base/web.yaml', kind: 'path', remote: false },
      { path: 'c/templates/d.yaml', kind: 'source', remote: false },
    ],
  );
  assert.equal(r.docs[0].value.metadata.annotations, undefined);
  assert.ok(!r.text.includes('config.kubernetes.io/origin'));
  assert.equal(r.text.split(/^---$/m).length, 2);
});

test('mapback: the path under an offset, list items by name, the source document by kind and name', () => {
  const doc = parseDocument(
    'spec:\n  containers:\n    - image: a\n      name: side\n    - image: b\n      name: web\n',
  ) as any;
  const text = String(doc.toString());
  assert.deepEqual(pathAtOffset(doc, text.indexOf('image: b')), ['spec', 'containers', 1]);
  assert.deepEqual(pathAtOffset(doc, text.indexOf('name: web')), ['spec', 'containers', 1, 'name']);
  const rendered = doc.toJS();
  assert.deepEqual(
    translatePath(rendered, { spec: { containers: [{ name: 'web' }] } }, ['spec', 'containers', 1, 'name']),
    ['spec', 'containers', 0, 'name'],
  );
  assert.equal(translatePath(rendered, { spec: { containers: [{ name: 'web' }] } }, ['spec', 'containers', 0]), null);
  const src = parseSourceText(
    'kind: Service\nmetadata: {name: web}\n---\nkind: Deployment\nmetadata: {name: web}\n---\nkind: Deployment\nmetadata: {name: web-worker}\n',
  );
  assert.equal(sourceDocIndex(src, 'Service', 'prod-web'), 0);
  assert.equal(sourceDocIndex(src, 'Deployment', 'prod-web-worker'), 2);
  assert.equal(sourceDocIndex(src, 'Deployment', 'prod-web'), 1);
  assert.equal(sourceDocIndex(src, 'Deployment', 'other'), -1);
});
