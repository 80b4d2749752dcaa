import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'unmanaged-replicaset';
const CASCADES = [
  'missing-pdb',
  'no-pod-spread',
  'missing-readiness-probe',
  'missing-liveness-probe',
  'missing-resource-requests',
  'missing-memory-limit',
  'image-tag-mutable',
  'single-replica',
  'missing-prestop-hook',
];

const RS = `apiVersion: apps/v1
kind: ReplicaSet # applied by hand
metadata:
  name: api
spec:
  replicas: 3
  selector:
    matchLabels: {app: api}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: "ghcr.io/example/api:1.0.0"}]
`;

test('fires on kind, as info', () => {
  const f = findings(RS, RULE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'info');
  assert.deepEqual(f[0].range.start, { line: lineOf(RS, 'kind:'), character: 0 });
  assert.equal(underlined(RS, f[0]), 'kind: ReplicaSet');
  assert.equal(
    f[0].message,
    'ReplicaSet api is not managed by a Deployment: changes to its template never roll out, so updating it means deleting its pods all at once.',
  );
});

test('fix turns a ReplicaSet into a Deployment by changing kind only', () => {
  const out = checkFix(RS, RULE, { cascades: CASCADES });
  assert.equal(out, RS.replace('kind: ReplicaSet', 'kind: Deployment'));
});

test('a ReplicationController: apiVersion, kind, and its map selector under matchLabels', () => {
  const rc = `apiVersion: v1
kind: ReplicationController
metadata:
  name: legacy
spec:
  replicas: 2
  selector:
    app: legacy # a plain map
  template:
    metadata:
      labels:
        app: legacy
    spec:
      containers:
        - name: legacy
          image: ghcr.io/example/legacy:0.9.0
`;
  const out = checkFix(rc, RULE, { changedLines: 8, cascades: CASCADES });
  assert.match(out, /^apiVersion: apps\/v1\nkind: Deployment\n/);
  assert.match(out, /  selector:\n    matchLabels:\n      app: legacy # a plain map\n/);
  const noSelector = rc.replace('  selector:\n    app: legacy # a plain map\n', '');
  const out2 = checkFix(noSelector, RULE, { changedLines: 16, cascades: CASCADES });
  assert.deepEqual(parseAllDocuments(out2)[0].toJS().spec.selector, { matchLabels: { app: 'legacy' } });
});

test('owned ReplicaSets are clean', () => {
  assert.deepEqual(
    findings(RS.replace('  name: api\n', '  name: api\n  ownerReferences: [{kind: Deployment, name: api}]\n'), RULE),
    [],
  );
});
