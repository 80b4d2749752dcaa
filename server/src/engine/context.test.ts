// The analysis context (context.ts): an index's caches are its own, the engine keeps none in
// module state, and an analysis without caching leaves nothing in the context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { createIndex, analyzeSource, mergeConfig, objectsOf, type KObject } from './index';
import { createAnalysisContext } from './context';
import { podLabels } from './k8s';
import { labelsOf } from './selectors';
import { repoRoot } from './testing';

const FILE = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, annotations: {team: a}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: "1"}}
    spec:
      containers: [{name: web, image: nginx:1.27}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
`;

function analysed(cache: boolean) {
  const index = createIndex();
  const source = index.setFile('a.yaml', FILE);
  const findings = analyzeSource(index, source, mergeConfig(), { cache });
  return { index, source, findings, objects: objectsOf(source) };
}

test('each index has its own context; an index can be given one', () => {
  const a = createIndex(),
    b = createIndex();
  assert.notEqual(a.context, b.context);
  const cx = createAnalysisContext();
  assert.equal(createIndex(undefined, cx).context, cx);
});

test('a cached analysis keeps its reports in the index context, and only there', () => {
  const { index, objects } = analysed(true);
  const deploy = objects.find((o) => o.kind === 'Deployment')!;
  assert.ok(index.context.reports.has(deploy));
  assert.ok(index.context.findings.has(deploy));
  // Another index's context knows nothing of these objects, nor does a new one.
  assert.equal(createIndex().context.reports.has(deploy), false);
});

test('an analysis without caching leaves no reports, findings or spans, and the same findings', () => {
  const cached = analysed(true),
    uncached = analysed(false);
  for (const o of uncached.objects) {
    assert.equal(uncached.index.context.reports.has(o), false);
    assert.equal(uncached.index.context.findings.has(o), false);
  }
  const shown = (fs_: typeof cached.findings) =>
    fs_.map((f) => `${f.rule} ${f.range.start.line}:${f.range.start.character} ${f.message}`);
  assert.ok(cached.findings.length > 0);
  assert.deepEqual(shown(uncached.findings), shown(cached.findings));
});

test('pod labels are kept per context: a second context computes its own', () => {
  const { index, objects } = analysed(false);
  const deploy = objects.find((o) => o.kind === 'Deployment') as KObject;
  const labels = podLabels(deploy, index.context);
  assert.equal(podLabels(deploy, index.context), labels);
  const other = createAnalysisContext();
  assert.equal(other.podLabels.has(deploy), false);
  assert.deepEqual({ ...podLabels(deploy, other) }, { ...labels });
  assert.equal(other.podLabels.has(deploy), true);
});

test('labelsOf: a map of strings is its own label map (frozen, no copy); others are copies', () => {
  const strings = { app: 'web', tier: 'x' };
  assert.equal(labelsOf(strings), strings);
  assert.ok(Object.isFrozen(strings));
  const mixed = { app: 'web', replicas: 3, on: true, gone: null };
  const l = labelsOf(mixed);
  assert.notEqual(l, mixed);
  assert.deepEqual({ ...l }, { app: 'web', replicas: '3', on: 'true' });
  assert.equal(Object.isFrozen(mixed), false);
});

test('no engine module keeps a cache in module state', () => {
  const dir = path.join(repoRoot(), 'server', 'src', 'engine');
  const sources: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) sources.push(p);
    }
  };
  walk(dir);
  assert.ok(sources.length > 50);
  // A top-level WeakMap/WeakSet, or an empty Map/Set filled later, is a cache with a hidden lifetime.
  const cache = /^(?:export )?(?:const|let) \w+(?:: [^=]+)? = new (?:Weak(?:Map|Set)\b|(?:Map|Set)(?:<[^>]*>)?\(\))/m;
  const found = sources.filter((p) => cache.test(fs.readFileSync(p, 'utf8'))).map((p) => path.relative(dir, p));
  assert.deepEqual(found, []);
});
