import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, ofRule } from '../../testing';
import { underlined } from '../shared/fixcheck';

const RULE = 'pdb-overlap';
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: frontend}}
    spec:
      containers: [{name: web, image: ghcr.io/example/web:1.8.2}]
`;
const pdb = (name: string, selector: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${name}}
spec:
  maxUnavailable: 1
  selector: ${selector}
`;

test('fires on the workload with every PDB involved as related information', () => {
  const files = {
    'web.yaml': DEPLOY,
    'a.yaml': pdb('web', '{matchLabels: {app: web}}'),
    'b.yaml': pdb('frontend', '{matchLabels: {tier: frontend}}'),
  };
  const f = ofRule(lint(files), RULE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.equal(f[0].file, 'web.yaml');
  assert.equal(underlined(DEPLOY, f[0]), 'name: web');
  assert.equal(
    f[0].message,
    'The pods of Deployment web are selected by 2 PodDisruptionBudgets (web, frontend): the eviction API refuses to evict a pod more than one budget covers, so every node drain stalls on them. Keep one.',
  );
  assert.deepEqual(
    f[0].related.map((r) => [r.file, r.range.start.line, r.message]),
    [
      ['a.yaml', 5, 'PodDisruptionBudget web selects Deployment web'],
      ['b.yaml', 5, 'PodDisruptionBudget frontend selects Deployment web'],
    ],
  );
  assert.deepEqual(f[0].fixes, []);
});

test('quiet for one PDB, for PDBs of other pods, and for Jobs', () => {
  assert.deepEqual(
    ofRule(
      lint({
        'w.yaml': DEPLOY,
        'a.yaml': pdb('web', '{matchLabels: {app: web}}'),
        'b.yaml': pdb('api', '{matchLabels: {app: api}}'),
      }),
      RULE,
    ),
    [],
  );
  const job = `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      restartPolicy: Never
      containers: [{name: m, image: ghcr.io/example/migrate:1.0.0}]
`;
  assert.deepEqual(
    ofRule(
      lint({ 'j.yaml': job, 'a.yaml': pdb('web', '{matchLabels: {app: web}}'), 'b.yaml': pdb('all', '{}') }),
      RULE,
    ),
    [],
  );
});

test('matchExpressions and empty selectors count as selecting', () => {
  const f = ofRule(
    lint({
      'w.yaml': DEPLOY,
      'a.yaml': pdb('web', '{matchExpressions: [{key: app, operator: Exists}]}'),
      'b.yaml': pdb('all', '{}'),
    }),
    RULE,
  );
  assert.equal(f.length, 1);
});
