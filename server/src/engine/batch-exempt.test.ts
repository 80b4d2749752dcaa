// rules.md, Terms: Jobs and CronJobs are exempt from every HA rule except image-tag-mutable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from './rules';
import { lint } from './testing';

// A pod with every container-level HA problem: no probes, no requests or limits, no preStop,
// a mutable image, a port no probe declares, a DNS name of a Service that does not exist.
const POD = `      containers:
        - name: app
          image: registry.example/app:latest
          ports: [{containerPort: 8080, name: http}]
          env: [{name: UPSTREAM, value: "http://missing.shop.svc.cluster.local"}]
          livenessProbe: {httpGet: {path: /, port: 9999}}
          readinessProbe: {httpGet: {path: /, port: 9999}}`;
const SERVICE = `---
apiVersion: v1
kind: Service
metadata: {name: app, namespace: shop}
spec:
  selector: {app: app}
  ports: [{port: 80, targetPort: http}]
`;
const PDBS = ['a', 'b']
  .map(
    (n) => `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${n}, namespace: shop}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: app}}
`,
  )
  .join('');

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
${POD}
`;
const job = `apiVersion: batch/v1
kind: Job
metadata: {name: app, namespace: shop}
spec:
  template:
    metadata: {labels: {app: app}}
    spec:
      restartPolicy: Never
${POD}
`;
const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata: {name: app, namespace: shop}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: app}}
        spec:
          restartPolicy: Never
${POD.replace(/^/gm, '    ')}
`;

const rulesOn = (text: string, kind: string) => [
  ...new Set(
    lint({ 'app.yaml': text + SERVICE + PDBS })
      .filter((f) => f.object?.kind === kind)
      .map((f) => f.rule),
  ),
];

test('Jobs and CronJobs get no HA rule but image-tag-mutable; the same pod in a Deployment gets them', () => {
  const onDeployment = rulesOn(deployment, 'Deployment');
  const scoped = RULES.filter((r) => r.appliesTo === 'ha-workloads').map((r) => r.id);
  assert.ok(scoped.length >= 10, 'the HA workload rules declare their scope');
  // The pod above is meant to make most of them fire: else the batch assertions below say little.
  const firing = scoped.filter((id) => onDeployment.includes(id));
  assert.ok(firing.length >= 5, `HA rules firing on the Deployment: ${firing.join(', ')}`);
  assert.ok(onDeployment.includes('image-tag-mutable'));
  for (const [text, kind] of [
    [job, 'Job'],
    [cronJob, 'CronJob'],
  ]) {
    assert.deepEqual(rulesOn(text, kind), ['image-tag-mutable'], `${kind}: only image-tag-mutable`);
  }
});
