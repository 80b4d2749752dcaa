import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'bare-pod';
// Rules that judge Deployments (not Pods) have new things to say about the wrapped Pod.
const CASCADES = [
  'missing-pdb',
  'no-pod-spread',
  'missing-readiness-probe',
  'missing-liveness-probe',
  'missing-resource-requests',
  'missing-memory-limit',
  'image-tag-mutable',
  'missing-prestop-hook',
];

const POD = `# A cache started "just for now".
apiVersion: v1
kind: Pod
metadata:
  name: redis # the cache
  labels: {app: redis}
spec:
  # one container
  containers:
    - name: redis
      image: "redis:7.4.1" # pinned
      command:
        - redis-server
  restartPolicy: Never
---
apiVersion: v1
kind: Service
metadata: {name: redis}
spec:
  selector: {app: redis}
  ports: [{port: 6379}]
`;

test('fires on kind for a Pod without ownerReferences', () => {
  const f = findings(POD, RULE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.deepEqual(f[0].range, {
    start: { line: lineOf(POD, 'kind: Pod'), character: 0 },
    end: { line: lineOf(POD, 'kind: Pod'), character: 9 },
  });
  assert.equal(underlined(POD, f[0]), 'kind: Pod');
  assert.equal(f[0].message, 'Pod redis has no controller: nothing recreates it when its node fails or is drained.');
});

test('fix wraps the Pod in a Deployment, keeping its text and comments', () => {
  const out = checkFix(POD, RULE, { changedLines: 20, cascades: CASCADES });
  assert.equal(
    out.split('---')[0],
    `# A cache started "just for now".
apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis # the cache
  labels: {app: redis}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: redis
  template:
    metadata:
      labels:
        app: redis
    spec:
      # one container
      containers:
        - name: redis
          image: "redis:7.4.1" # pinned
          command:
            - redis-server
`,
  );
  const dep = parseAllDocuments(out)[0].toJS();
  assert.equal(dep.spec.template.spec.restartPolicy, undefined, 'restartPolicy Never is not allowed in a Deployment');
});

test('a Pod without labels gets app: <name>; flow spec; owned Pods are clean', () => {
  const text =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: tool\nspec: {containers: [{name: t, image: "busybox:1.36"}]}\n';
  const out = checkFix(text, RULE, { changedLines: 5, cascades: CASCADES });
  const dep = parseAllDocuments(out)[0].toJS();
  assert.deepEqual(dep.spec.selector, { matchLabels: { app: 'tool' } });
  assert.deepEqual(dep.spec.template.metadata.labels, { app: 'tool' });
  assert.deepEqual(dep.spec.template.spec, { containers: [{ name: 't', image: 'busybox:1.36' }] });
  assert.match(out, /    spec: \{containers: \[\{name: t, image: "busybox:1.36"\}\]\}\n$/);
  const owned =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  ownerReferences: [{kind: ReplicaSet, name: r}]\nspec: {containers: [{name: t, image: "busybox:1.36"}]}\n';
  assert.deepEqual(findings(owned, RULE), []);
});

test('polaris nakedPod exemption suppresses it', () => {
  const text =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  annotations: {polaris.fairwinds.com/nakedPod-exempt: "true"}\nspec: {containers: [{name: t, image: "busybox:1.36"}]}\n';
  assert.deepEqual(findings(text, RULE), []);
});
