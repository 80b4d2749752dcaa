// Dangling rules report at info, saying why, while the analysis is incomplete (rules.md, Terms);
// the index tracks completeness incrementally and cached findings follow it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSource, createIndex, mergeConfig } from '../../index';
import { MAY_BE_SKIPPED } from './dangling';

const FILES = {
  'svc.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n',
  'hpa.yaml':
    'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, minReplicas: 2, maxReplicas: 4}\n',
  'pdb.yaml':
    'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {maxUnavailable: 1, unhealthyPodEvictionPolicy: AlwaysAllow, selector: {matchLabels: {app: web}}}\n',
  'other.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: api}}\n  template: {metadata: {labels: {app: api}}, spec: {containers: [{name: api, image: "api:1"}]}}\n',
};
const DANGLING = ['hpa-target-missing', 'pdb-selects-nothing', 'service-selects-nothing'];

function dangling(index: ReturnType<typeof createIndex>) {
  const config = mergeConfig();
  return Object.keys(FILES)
    .flatMap((f) => analyzeSource(index, index.getFile(f)!, config))
    .filter((f) => DANGLING.includes(f.rule))
    .map((f) => `${f.rule} ${f.severity}`)
    .sort();
}

test('dangling findings drop to info while a file is skipped or a source is unrendered, and come back', () => {
  const index = createIndex();
  for (const [f, t] of Object.entries(FILES)) index.setFile(f, t);
  assert.equal(index.isIncomplete(), false);
  assert.deepEqual(dangling(index), [
    'hpa-target-missing error',
    'pdb-selects-nothing warning',
    'service-selects-nothing error',
  ]);

  index.setFile('blob.yaml', 'PK\u0003\u0004\u0000\u0000binary');
  assert.equal(index.isIncomplete(), true, 'a file with an analysis-skipped finding');
  const config = mergeConfig();
  const svc = analyzeSource(index, index.getFile('svc.yaml')!, config).find(
    (f) => f.rule === 'service-selects-nothing',
  )!;
  assert.equal(svc.severity, 'info');
  assert.ok(svc.message.includes(MAY_BE_SKIPPED), svc.message);
  assert.deepEqual(dangling(index), [
    'hpa-target-missing info',
    'pdb-selects-nothing info',
    'service-selects-nothing info',
  ]);

  index.removeFile('blob.yaml');
  assert.equal(index.isIncomplete(), false);
  assert.deepEqual(
    dangling(index),
    ['hpa-target-missing error', 'pdb-selects-nothing warning', 'service-selects-nothing error'],
    'cached findings follow the flip',
  );

  index.setIncomplete('overlays/prod', 'kustomize not found');
  assert.equal(index.isIncomplete(), true);
  assert.ok(index.takeChanges().kinds, 'the flip re-analyses every file');
  assert.deepEqual(dangling(index), [
    'hpa-target-missing info',
    'pdb-selects-nothing info',
    'service-selects-nothing info',
  ]);
  index.setIncomplete('overlays/prod', null);
  assert.equal(index.isIncomplete(), false);
  assert.deepEqual(dangling(index), [
    'hpa-target-missing error',
    'pdb-selects-nothing warning',
    'service-selects-nothing error',
  ]);
});

test('a skip added to a file right after it is set (an over-limit read) counts; fixing the file clears it', () => {
  const index = createIndex();
  for (const [f, t] of Object.entries(FILES)) index.setFile(f, t);
  assert.equal(index.isIncomplete(), false);
  const s = index.setFile('huge.yaml', '');
  s.parseFindings.push({
    rule: 'analysis-skipped',
    severity: 'info',
    message: 'file is 12.0 MB, over the size limit',
    file: 'huge.yaml',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    offset: { start: 0, end: 0 },
    related: [],
    fixes: [],
  });
  assert.equal(index.isIncomplete(), true);
  index.setFile('huge.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: small}\n');
  assert.equal(index.isIncomplete(), false);
});
