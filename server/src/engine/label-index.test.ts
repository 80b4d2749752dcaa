// The label index must answer exactly what matching every object against every other answers
// (selectors.ts: controller hash labels match any value, StatefulSet pods carry their name and
// index), after every edit of random workspaces; and re-analysing only the edited file plus the
// files takeChanges names must leave every file's findings as a fresh analysis gives them.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeSource } from './analyze';
import { mergeConfig } from './config';
import { isWorkload } from './k8s';
import { pdbsSelecting, pdbSelectsWorkload, workloadsOfPdb } from './rules/shared/pdb';
import { servicesSelecting, serviceSelects, workloadsSelectedBy } from './rules/shared/services';
import type { Finding, KObject } from './types';
import { autoscalerOf, autoscalersTargeting, createIndex, type WorkspaceIndex } from './workspace';
import { POD_INDEX_LABEL, POD_NAME_LABEL } from './selectors';

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const NAMESPACES = ['a', 'b'];
const NAMES = ['web', 'api', 'db', 'cache'];
// Few keys and values, so that selectors often match, and keys the controllers set.
const KEYS = ['app', 'app', 'tier', 'pod-template-hash', 'controller-revision-hash', POD_NAME_LABEL, POD_INDEX_LABEL];
const VALUES = ['web', 'web', 'api', '0', '1', 'web-0', 'web-1'];
const WORKLOAD_KINDS = [
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['v1', 'Pod'],
  ['v1', 'ReplicationController'],
  ['argoproj.io/v1alpha1', 'Rollout'],
  ['monitoring.coreos.com/v1', 'Prometheus'],
  ['batch/v1', 'Job'],
];

function labels(r: Rand, max: number): Record<string, string> {
  const out: Record<string, string> = {};
  const n = 1 + Math.floor(r() * max);
  for (let i = 0; i < n; i++) out[pick(r, KEYS)] = pick(r, VALUES);
  return out;
}

function workload(r: Rand, ns: string): Record<string, unknown> {
  const [apiVersion, kind] = pick(r, WORKLOAD_KINDS);
  const name = pick(r, NAMES);
  const podLabels = labels(r, 3);
  const meta = { name, namespace: ns };
  if (kind === 'Pod')
    return {
      apiVersion,
      kind,
      metadata: { ...meta, labels: podLabels },
      spec: { containers: [{ name: 'c', image: 'i:1' }] },
    };
  if (kind === 'Prometheus')
    return { apiVersion, kind, metadata: meta, spec: { replicas: 2, podMetadata: { labels: podLabels } } };
  const template = {
    metadata: { labels: podLabels },
    spec: { containers: [{ name: 'c', image: 'i:1', ports: [{ containerPort: 80 }] }] },
  };
  return {
    apiVersion,
    kind,
    metadata: meta,
    spec: { replicas: Math.floor(r() * 4), selector: { matchLabels: podLabels }, template },
  };
}

function selector(r: Rand): Record<string, unknown> {
  const sel: Record<string, unknown> = {};
  if (r() < 0.8) sel.matchLabels = labels(r, 2);
  if (r() < 0.4) {
    sel.matchExpressions = Array.from({ length: 1 + Math.floor(r() * 2) }, () => {
      const operator = pick(r, ['In', 'In', 'NotIn', 'Exists', 'DoesNotExist', 'Bogus']);
      return {
        key: pick(r, KEYS),
        operator,
        ...(operator === 'In' || operator === 'NotIn' ? { values: [pick(r, VALUES), pick(r, VALUES)] } : {}),
      };
    });
  }
  return sel;
}

function other(r: Rand, ns: string): Record<string, unknown> {
  const name = pick(r, NAMES);
  const meta = { name, namespace: ns };
  const x = r();
  if (x < 0.4)
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta,
      spec: { ...(r() < 0.9 ? { selector: labels(r, 2) } : {}), ports: [{ port: 80 }] },
    };
  if (x < 0.75)
    return {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta,
      spec: { minAvailable: 1, ...(r() < 0.9 ? { selector: selector(r) } : {}) },
    };
  if (x < 0.9)
    return {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: pick(r, ['Deployment', 'StatefulSet']), name: pick(r, NAMES) },
        minReplicas: 1,
        maxReplicas: 3,
      },
    };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta,
    spec: { defaultBackend: { service: { name: pick(r, NAMES), port: { number: 80 } } } },
  };
}

type Doc = Record<string, any>;
function fileDocs(r: Rand): Doc[] {
  return Array.from({ length: 1 + Math.floor(r() * 3) }, () => {
    const ns = pick(r, NAMESPACES);
    return r() < 0.5 ? workload(r, ns) : other(r, ns);
  });
}
const textOf = (docs: Doc[]) => docs.map((d) => JSON.stringify(d)).join('\n---\n') + '\n';

/** An edit of one document: one that keeps its labels (a workload's replicas or container port,
 *  a PDB's minAvailable), or a new workload in its place. */
function tweak(r: Rand, docs: Doc[]): Doc[] {
  const at = Math.floor(r() * docs.length);
  const relabel = r() < 0.4;
  return docs.map((d, i) => {
    if (i !== at) return d;
    if (relabel) return workload(r, d.metadata.namespace);
    const c = structuredClone(d);
    if (c.kind === 'PodDisruptionBudget') c.spec.minAvailable = Math.floor(r() * 4);
    else if (c.spec?.template) {
      c.spec.replicas = Math.floor(r() * 4);
      c.spec.template.spec.containers[0].ports = [{ containerPort: pick(r, [80, 8080]) }];
    }
    return c;
  });
}

const byPlace = (a: KObject, b: KObject) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.docIndex - b.docIndex);
const ids = (xs: readonly KObject[]) => xs.map((o) => `${o.file}#${o.docIndex}`);

/** Every answer of the index against brute force over the namespace. */
function checkAnswers(index: WorkspaceIndex, where: string) {
  const all = index.objects().sort(byPlace);
  for (const o of all) {
    const same = all.filter((x) => x.namespace === o.namespace);
    const workloads = same.filter(isWorkload);
    if (o.kind === 'Service')
      assert.deepEqual(
        ids(workloadsSelectedBy(index, o)),
        ids(workloads.filter((w) => serviceSelects(o, w, index.context))),
        `${where}: Service ${o.file}#${o.docIndex}`,
      );
    if (o.kind === 'PodDisruptionBudget') {
      assert.deepEqual(
        ids(workloadsOfPdb(index, o)),
        ids(workloads.filter((w) => pdbSelectsWorkload(o, w, index.context))),
        `${where}: PDB ${o.file}#${o.docIndex}`,
      );
    }
    if (isWorkload(o)) {
      assert.deepEqual(
        ids(servicesSelecting(index, o)),
        ids(same.filter((s) => s.kind === 'Service' && serviceSelects(s, o, index.context))),
        `${where}: Services of ${o.file}#${o.docIndex}`,
      );
      assert.deepEqual(
        ids(pdbsSelecting(index, o)),
        ids(same.filter((s) => s.kind === 'PodDisruptionBudget' && pdbSelectsWorkload(s, o, index.context))),
        `${where}: PDBs of ${o.file}#${o.docIndex}`,
      );
      const scalers = same.filter((s) => {
        const t = autoscalerOf(s, index.context)?.target;
        return !!t && t.kind === o.kind && t.name === o.name;
      });
      assert.deepEqual(
        ids(autoscalersTargeting(index, o).map((a) => a.object)),
        ids(scalers),
        `${where}: autoscalers of ${o.file}#${o.docIndex}`,
      );
    }
    assert.deepEqual(
      ids(index.named(o.namespace, o.kind, o.name)),
      ids(same.filter((x) => x.kind === o.kind && x.name === o.name)),
      `${where}: named ${o.kind} ${o.name}`,
    );
  }
}

const config = mergeConfig({});
const seen = (fs: Finding[]) =>
  fs.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    range: f.range,
    related: f.related,
    fixes: f.fixes.map((x) => x.title),
  }));

function freshFindings(files: Map<string, string>, file: string): unknown {
  const index = createIndex();
  for (const [f, t] of files) index.setFile(f, t);
  return seen(analyzeSource(index, index.getFile(file)!, config, { cache: false }));
}

for (const seed of [1, 2, 3, 4]) {
  test(`label index: answers and re-checked files match brute force over random edits (seed ${seed})`, () => {
    const r = random(seed);
    const index = createIndex();
    const files = new Map<string, string>();
    const docs = new Map<string, Doc[]>();
    const shown = new Map<string, unknown>();
    const names = Array.from({ length: 8 }, (_, i) => `/w/f${i}.yaml`);
    const set = (f: string, d: Doc[]) => {
      docs.set(f, d);
      files.set(f, textOf(d));
      index.setFile(f, textOf(d));
    };
    for (const f of names) set(f, fileDocs(r));
    for (const f of names) shown.set(f, seen(analyzeSource(index, index.getFile(f)!, config)));
    index.takeChanges();
    for (let step = 0; step < 40; step++) {
      const f = pick(r, names);
      const where = `seed ${seed} step ${step}`;
      const x = r();
      if (x < 0.15 && files.has(f)) {
        files.delete(f);
        docs.delete(f);
        index.removeFile(f);
        shown.delete(f);
      } else {
        set(f, x < 0.6 && docs.has(f) ? tweak(r, docs.get(f)!) : fileDocs(r));
        shown.set(f, seen(analyzeSource(index, index.getFile(f)!, config)));
      }
      checkAnswers(index, where);
      // As the server does (queueAffected): the files the changes name are analysed again.
      const c = index.takeChanges();
      const again = new Set<string>(c.kinds ? index.files() : []);
      for (const ns of c.others) index.filesIn(ns).forEach((x) => again.add(x));
      for (const x of c.files) again.add(x);
      for (const x of again)
        if (x !== f && files.has(x)) shown.set(x, seen(analyzeSource(index, index.getFile(x)!, config)));
      for (const x of files.keys())
        assert.deepEqual(shown.get(x), freshFindings(files, x), `${where}: findings of ${x} after editing ${f}`);
    }
  });
}

test('a changed workload re-checks only the Services and PDBs that select it before or after', () => {
  const index = createIndex();
  const deployment = (i: number, replicas: number, app = `app-${i}`) =>
    JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `app-${i}`, namespace: 'shop' },
      spec: {
        replicas,
        selector: { matchLabels: { app } },
        template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } },
      },
    });
  const selecting = (i: number) =>
    [
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `app-${i}`, namespace: 'shop' },
        spec: { selector: { app: `app-${i}` }, ports: [{ port: 80 }] },
      },
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: `app-${i}`, namespace: 'shop' },
        spec: { minAvailable: 1, selector: { matchLabels: { app: `app-${i}` } } },
      },
    ]
      .map((d) => JSON.stringify(d))
      .join('\n---\n');
  for (let i = 0; i < 5; i++) {
    index.setFile(`/w/d${i}.yaml`, deployment(i, 3));
    index.setFile(`/w/s${i}.yaml`, selecting(i));
  }
  const pdbFindings = (i: number) =>
    analyzeSource(index, index.getFile(`/w/s${i}.yaml`)!, config)
      .map((f) => f.rule)
      .filter((r) => r === 'pdb-blocks-eviction');
  for (let i = 0; i < 5; i++) pdbFindings(i);
  index.takeChanges();
  index.setFile('/w/d1.yaml', deployment(1, 1));
  assert.deepEqual([...index.takeChanges().files], ['/w/s1.yaml'], 'a value no selector reads: only what selects it');
  assert.deepEqual(pdbFindings(1), ['pdb-blocks-eviction'], 'the PDB sees the new replicas');
  index.setFile('/w/d1.yaml', deployment(1, 3, 'app-2'));
  assert.deepEqual(
    [...index.takeChanges().files].sort(),
    ['/w/s1.yaml', '/w/s2.yaml'],
    'a new label: what selected it and what selects it now',
  );
});
