import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'missing-memory-limit';
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  selector: {matchLabels: {app: worker}}
  template:
    metadata: {labels: {app: worker}}
    spec:
      containers:
        - name: worker
          image: ghcr.io/example/worker:2.0.0
          resources:
            requests: {cpu: 100m, memory: 256Mi}
            limits:
              cpu: "1" # CPU limit only
---
# another document
kind: ConfigMap
apiVersion: v1
metadata: {name: c}
`;

test('fires on limits, as info, when there is no memory limit', () => {
  const f = findings(DEPLOY, RULE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'info');
  assert.deepEqual(f[0].range.start, { line: lineOf(DEPLOY, 'limits:'), character: 12 });
  assert.equal(underlined(DEPLOY, f[0]), 'limits');
  assert.equal(
    f[0].message,
    "Container worker of Deployment worker has no memory limit: a leak can exhaust its node's memory and get the other pods there evicted or OOM-killed.",
  );
});

test('fix adds the memory limit, starting from the memory request, with a TODO', () => {
  const out = checkFix(DEPLOY, RULE);
  assert.match(out, /              cpu: "1" # CPU limit only\n              memory: 256Mi # TODO: /);
});

test('limits: null fires; init containers are exempt (rules.md v1.2); no request → 512Mi placeholder', () => {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: tool
spec:
  initContainers:
    - name: fetch
      image: busybox:1.36
  containers:
    - name: tool
      image: busybox:1.36
      resources:
        limits:
`;
  const f = findings(text, RULE);
  assert.equal(f.length, 1);
  assert.match(f[0].message, /^Container tool of Pod tool /);
  const out = checkFix(text, RULE, { cascades: [] });
  assert.match(out, /        limits:\n          memory: 512Mi # TODO: /);
});

test('Jobs are exempt', () => {
  const job =
    'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: "busybox:1.36"}]\n';
  assert.deepEqual(findings(job, RULE), []);
});
