import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, ofRule } from '../../testing';
import { checkFix, underlined } from '../shared/fixcheck';

const RULE = 'publish-not-ready';
const SVC = (extra: string) => `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
${extra}  publishNotReadyAddresses: true
  selector: {app: web}
  ports: [{port: 80}]
`;
const workload = (kind: string, apiVersion = 'apps/v1') => `apiVersion: ${apiVersion}
kind: ${kind}
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: ghcr.io/example/web:1.8.2}]
`;

test('fires on the field for a Deployment, ReplicaSet, Rollout; quiet for a StatefulSet or DaemonSet', () => {
  for (const [kind, api] of [
    ['Deployment', 'apps/v1'],
    ['ReplicaSet', 'apps/v1'],
    ['Rollout', 'argoproj.io/v1alpha1'],
  ]) {
    const f = ofRule(lint({ 's.yaml': SVC(''), 'w.yaml': workload(kind, api) }), RULE);
    assert.equal(f.length, 1, kind);
    assert.equal(underlined(SVC(''), f[0]), 'publishNotReadyAddresses: true');
    assert.equal(
      f[0].message,
      `Service web sets publishNotReadyAddresses: true and selects ${kind} web: it sends requests to pods that are starting, failing their readiness probe or shutting down.`,
    );
    assert.deepEqual(
      f[0].related.map((r) => [r.file, r.range.start.line]),
      [['w.yaml', 7]],
    );
  }
  for (const kind of ['StatefulSet', 'DaemonSet'])
    assert.deepEqual(ofRule(lint({ 's.yaml': SVC(''), 'w.yaml': workload(kind) }), RULE), [], kind);
});

test('quiet for a headless Service', () => {
  assert.deepEqual(ofRule(lint({ 's.yaml': SVC('  clusterIP: None\n'), 'w.yaml': workload('Deployment') }), RULE), []);
});

test('a DeploymentConfig selected through its pod labels', () => {
  const dc = `apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata: {name: web}
spec:
  replicas: 2
  selector: {app: web}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: ghcr.io/example/web:1.8.2}]
`;
  assert.equal(ofRule(lint({ 's.yaml': SVC(''), 'w.yaml': dc }), RULE).length, 1);
});

test('fix removes the field', () => {
  const out = checkFix(`${SVC('')}---\n${workload('Deployment')}`, RULE);
  assert.ok(!out.includes('publishNotReadyAddresses'));
});
