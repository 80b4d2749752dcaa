// Each suppression form suppresses exactly its rule and scope and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from './testing';

const rulesOf = (text: string) =>
  lint(text)
    .map((f) => `${f.rule}@${f.range.start.line}`)
    .sort();

function deployment(
  opts: {
    annotations?: string;
    templateAnnotations?: string;
    beforeReplicas?: string;
    docComment?: string;
    name?: string;
  } = {},
) {
  return `${opts.docComment ?? ''}apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${opts.name ?? 'web'}
${opts.annotations ? `  annotations:\n${opts.annotations}\n` : ''}spec:
${opts.beforeReplicas ?? ''}  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
${opts.templateAnnotations ? `      annotations:\n${opts.templateAnnotations}\n` : ''}    spec:
      containers:
      - name: web
        image: nginx:1.27
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
---
# A Service makes the container a served one (readiness and preStop apply).
apiVersion: v1
kind: Service
metadata: {name: ${opts.name ?? 'web'}}
spec: {selector: {app: web}, ports: [{port: 80}]}
`;
}

const base = rulesOf(deployment()).map((x) => x.split('@')[0]);

function without(list: string[], ...rules: string[]) {
  return list.filter((r) => !rules.includes(r));
}
const ids = (text: string) => rulesOf(text).map((x) => x.split('@')[0]);

test('the unsuppressed deployment has the findings this test relies on', () => {
  assert.deepEqual(
    base,
    ['missing-liveness-probe', 'missing-prestop-hook', 'missing-readiness-probe', 'single-replica'].sort(),
  );
});

test('kube-ha/ignore annotation: listed rules only, or all', () => {
  assert.deepEqual(
    ids(deployment({ annotations: '    kube-ha/ignore: "single-replica, missing-liveness-probe"' })),
    without(base, 'single-replica', 'missing-liveness-probe'),
  );
  assert.deepEqual(ids(deployment({ annotations: '    kube-ha/ignore: all' })), []);
});

test('# kube-ha-ignore on the line above a node suppresses that rule on that line only', () => {
  assert.deepEqual(
    ids(deployment({ beforeReplicas: '  # kube-ha-ignore single-replica\n' })),
    without(base, 'single-replica'),
  );
  assert.deepEqual(
    ids(deployment({ beforeReplicas: '  # kube-ha-ignore missing-readiness-probe\n' })),
    base,
    'another rule on that line is not suppressed elsewhere',
  );
});

test('# kube-ha-ignore-document suppresses a rule in its document only', () => {
  const two =
    deployment({ docComment: '# kube-ha-ignore-document missing-readiness-probe\n' }) +
    '---\n' +
    deployment({ name: 'api' });
  const got = lint(two)
    .filter((f) => f.rule === 'missing-readiness-probe')
    .map((f) => f.object!.name);
  assert.deepEqual(got, ['api']);
});

test('peer annotations map to their kube-ha rules', () => {
  assert.deepEqual(
    ids(deployment({ annotations: '    ignore-check.kube-linter.io/minimum-three-replicas: "ok"' })),
    without(base, 'single-replica'),
  );
  assert.deepEqual(
    ids(deployment({ annotations: '    kube-score/ignore: pod-probes,deployment-strategy' })),
    without(base, 'missing-readiness-probe', 'missing-liveness-probe'),
  );
  assert.deepEqual(
    ids(deployment({ annotations: '    polaris.fairwinds.com/deploymentMissingReplicas-exempt: "true"' })),
    without(base, 'single-replica'),
  );
  assert.deepEqual(ids(deployment({ annotations: '    polaris.fairwinds.com/exempt: "true"' })), []);
  assert.deepEqual(
    ids(deployment({ annotations: '    polaris.fairwinds.com/deploymentMissingReplicas-exempt: "false"' })),
    base,
  );
});

test('pod template annotations suppress pod-level rules but not object-level ones', () => {
  assert.deepEqual(
    ids(deployment({ templateAnnotations: '        polaris.fairwinds.com/readinessProbeMissing-exempt: "true"' })),
    without(base, 'missing-readiness-probe'),
  );
  assert.deepEqual(
    ids(deployment({ templateAnnotations: '        polaris.fairwinds.com/deploymentMissingReplicas-exempt: "true"' })),
    base,
  );
});
