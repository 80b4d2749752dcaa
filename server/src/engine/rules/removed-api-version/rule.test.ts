import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { checkFix, findings, underlined } from '../shared/fixcheck';

const RULE = 'removed-api-version';
const DEPLOY = `apiVersion: extensions/v1beta1 # old
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  template:
    metadata: {labels: {app.kubernetes.io/name: api}}
    spec:
      containers: [{name: api, image: "ghcr.io/example/api:2.0.0"}]
`;

test('fires on apiVersion; the object is still analysed by kind', () => {
  const f = findings(DEPLOY, RULE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.deepEqual(f[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 30 } });
  assert.equal(underlined(DEPLOY, f[0]), 'apiVersion: extensions/v1beta1');
  assert.equal(
    f[0].message,
    'Deployment api uses apiVersion extensions/v1beta1, but extensions/v1beta1 is no longer served by any supported Kubernetes: the next apply or cluster upgrade fails.',
  );
  assert.ok(findings(DEPLOY, 'missing-pdb').length === 1, 'other rules still judge it as a Deployment');
});

test('fix: apps/v1 with spec.selector from the template labels', () => {
  const out = checkFix(DEPLOY, RULE, { changedLines: 10, cascades: ['selector-template-mismatch'] });
  assert.ok(out.startsWith('apiVersion: apps/v1 # old\n'));
  assert.deepEqual(parseAllDocuments(out)[0].toJS().spec.selector, {
    matchLabels: { 'app.kubernetes.io/name': 'api' },
  });
});

test('PDB, HPA and a kind the version does not serve', () => {
  const text = `apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: {name: api}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: api}}
---
apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 5
---
apiVersion: v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: "ghcr.io/example/api:2.0.0"}]
`;
  const f = findings(text, RULE);
  assert.deepEqual(
    f.map((x) => x.fixes[0].title),
    ['Change apiVersion to policy/v1', 'Change apiVersion to autoscaling/v2', 'Change apiVersion to apps/v1'],
  );
  assert.match(f[2].message, /but v1 does not serve Deployment: /);
  let out = text;
  for (let i = 0; i < 3; i++) out = checkFix(out, RULE, { docs: [0, 1, 2], cascades: ['pdb-unhealthy-eviction'] });
  assert.deepEqual(
    parseAllDocuments(out).map((d) => d.toJS().apiVersion),
    ['policy/v1', 'autoscaling/v2', 'apps/v1'],
  );
});
