import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeSource, createIndex, DEFAULT_LIMITS, mergeConfig, RULE_IDS, type SourceFile } from '../engine';
import { fixtures } from '../engine/testing';
import { createEarlyAnalysis } from './early-analysis';

const config = mergeConfig({});

const deploy = (ns: string, name: string, replicas = 3) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: app
          image: registry.example/${name}:1.0
          ports: [{containerPort: 8080, name: http}]
`;
const service = (ns: string, name: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: http}]
`;
const pdb = (ns: string, name: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${name}, namespace: ${ns}}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: ${name}}}
`;
const hpa = (ns: string, name: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${name}, namespace: ${ns}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}
  minReplicas: 1
  maxReplicas: 5
`;
const filler = (i: number) => deploy(`filler-${i}`, `f${i}`);

/**
 * Index `files` in order as the CLI reads them, analysing early as it does, and compare each
 * file's findings with a fresh analysis of the complete index. Returns how often each file was
 * analysed (1: its early findings stood; 2: they were made stale by a later file).
 */
function readAndCompare(files: [string, string][], settle: number, maxBytes = DEFAULT_LIMITS.maxBytes) {
  const index = createIndex({ ...DEFAULT_LIMITS, maxBytes });
  const analyses = new Map<string, number>();
  const early = createEarlyAnalysis(
    index,
    (s) => {
      analyses.set(s.file, (analyses.get(s.file) ?? 0) + 1);
      return analyzeSource(index, s, config, { cache: false });
    },
    settle,
  );
  const sources: SourceFile[] = [];
  for (const [name, text] of files) {
    const s = index.setFile(name, text);
    sources.push(s);
    early.indexed(s);
    early.step();
  }
  for (const s of sources) {
    const got = early.result(s);
    const want = analyzeSource(index, s, config, { cache: false });
    assert.deepEqual(
      got.map((f) => [f.rule, f.severity, f.message, f.offset]),
      want.map((f) => [f.rule, f.severity, f.message, f.offset]),
      `findings of ${s.file} (settle ${settle})`,
    );
  }
  return analyses;
}

test('early analysis: findings made stale by files read later are analysed again', () => {
  const files: [string, string][] = [
    ['shop/web.yaml', deploy('shop', 'web')], // its PDB and HPA come last
    ['shop/api.yaml', deploy('shop', 'api')],
    ['edge/front-svc.yaml', service('edge', 'front')], // selects nothing until front is read
    ...Array.from({ length: 6 }, (_, i): [string, string] => [`filler/${i}.yaml`, filler(i)]),
    ['edge/front.yaml', deploy('edge', 'front')],
    ...Array.from({ length: 6 }, (_, i): [string, string] => [`filler2/${i}.yaml`, filler(10 + i)]),
    ['shop/web-pdb.yaml', pdb('shop', 'web')],
    ['shop/api-hpa.yaml', hpa('shop', 'api')], // the first HPA anywhere: a new kind
    ...Array.from({ length: 6 }, (_, i): [string, string] => [`filler3/${i}.yaml`, filler(20 + i)]),
  ];
  for (const settle of [1, 2, 3, 5, 100]) {
    const analyses = readAndCompare(files, settle);
    if (settle <= 3) {
      assert.equal(analyses.get('shop/web.yaml'), 2, 'web: its missing-pdb went stale when its PDB was read');
      assert.equal(analyses.get('filler/0.yaml'), 1, 'a file nothing later touches is analysed once');
    }
    if (settle === 100) assert.equal(analyses.get('filler/0.yaml'), 1, 'nothing settles: analysed once, at the end');
  }
});

test('early analysis: a file skipped at the end makes the dangling findings before it stale', () => {
  const files: [string, string][] = [
    ['a/svc.yaml', service('a', 'nothing-selects-this')],
    ['a/other.yaml', deploy('a', 'other')],
    ...Array.from({ length: 5 }, (_, i): [string, string] => [`filler/${i}.yaml`, filler(i)]),
    ['big.yaml', `# ${'x'.repeat(5000)}\n`], // over the limit: analysis-skipped, the analysis is incomplete
  ];
  for (const settle of [1, 2, 4]) readAndCompare(files, settle, 4096);
});

test('early analysis: every rule fixture read as one repository gives the findings of a full analysis', () => {
  const files: [string, string][] = [...RULE_IDS].flatMap((rule) =>
    fixtures(rule).map((f): [string, string] => [`${rule}/${f.name}`, f.text]),
  );
  assert.ok(files.length > 100, 'the fixtures are found');
  for (const settle of [1, 4, 16]) {
    const analyses = readAndCompare(files, settle);
    assert.ok(
      [...analyses.values()].filter((n) => n === 1).length > 0,
      'some early findings stood (the comparison is not of two late analyses only)',
    );
  }
});
