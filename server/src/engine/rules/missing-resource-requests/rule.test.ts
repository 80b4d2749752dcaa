import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'missing-resource-requests';
const DEPLOY = `# api
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api # the app
          image: ghcr.io/example/api:1.0.0
          resources: {}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: other} # untouched
`;

test('fires on resources when there are no requests, naming both', () => {
  const f = findings(DEPLOY, RULE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.deepEqual(f[0].range.start, { line: lineOf(DEPLOY, 'resources: {}'), character: 10 });
  assert.equal(underlined(DEPLOY, f[0]), 'resources');
  assert.equal(
    f[0].message,
    'Container api of Deployment api has no CPU and memory requests: the scheduler may pack its pods onto an overcommitted node, where they are the first to be evicted under pressure.',
  );
});

test('fix adds both requests as a block with TODO comments', () => {
  const out = checkFix(DEPLOY, RULE, { changedLines: 1 });
  assert.match(
    out,
    /          resources:\n            requests:\n              cpu: 100m # TODO: placeholder: set to the container's measured CPU use\n              memory: 128Mi # TODO: /,
  );
});

const POD_SPEC = `      initContainers:
        - name: wait
          image: busybox:1.36
      containers:
        - name: migrate
          image: busybox:1.36
          resources:
            requests:
              cpu: 10m # small
            limits: {memory: 64Mi}
`;

test('Jobs and init containers are exempt (rules.md v1.2)', () => {
  const job = `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n${POD_SPEC}`;
  assert.deepEqual(findings(job, RULE), []);
});

test('only the missing request is named and added, on the requests key', () => {
  const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: migrate\nspec:\n  selector: {matchLabels: {app: m}}\n  template:\n    metadata: {labels: {app: m}}\n    spec:\n${POD_SPEC}`;
  const f = findings(text, RULE);
  assert.equal(f.length, 1);
  assert.equal(
    f[0].message,
    'Container migrate of Deployment migrate has no memory request: the scheduler may pack its pods onto an overcommitted node, where they are the first to be evicted under pressure.',
  );
  assert.deepEqual(f[0].range.start, { line: lineOf(text, 'requests:'), character: 12 });
  const out = checkFix(text, RULE);
  assert.match(out, /              cpu: 10m # small\n              memory: 128Mi # TODO: /);
});
