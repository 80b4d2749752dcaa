import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSource, createIndex, mergeConfig } from './engine';
import { codeLenses } from './code-lens';

function lenses(files: Record<string, string>, file: string) {
  const index = createIndex();
  for (const [f, t] of Object.entries(files)) index.setFile(f, t);
  const source = index.getFile(file)!;
  const findings = analyzeSource(index, source, mergeConfig());
  return codeLenses(index, source, findings).map((l) => ({ line: l.range.start.line, title: l.command!.title }));
}

const BARE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

const GOOD = `# a comment before the object
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}
      containers:
        - name: web
          image: nginx:1.27
          ports: [{name: http, containerPort: 80}]
          readinessProbe: {httpGet: {path: /ready, port: http}}
          livenessProbe: {tcpSocket: {port: http}}
          resources: {requests: {cpu: 10m, memory: 10Mi}, limits: {memory: 20Mi}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels: {app: web}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: m, image: "m:1"}]
`;

describe('code lens: HA posture above each workload', () => {
  test('a bare Deployment: 1 replica, no PDB, no spread, no probes, its problem count', () => {
    const [l, ...rest] = lenses({ 'a.yaml': BARE }, 'a.yaml');
    assert.equal(rest.length, 0);
    assert.equal(l.line, 0);
    assert.match(
      l.title,
      /^HA: 1 replica · PDB ✗ · spread ✗ · probes ✗ \(readiness 0\/1, liveness 0\/1\) · \d+ kube-ha problems$/,
    );
  });

  test('a good Deployment with its PDB (one lens: PDBs and Jobs get none), placed under the leading comment', () => {
    const ls = lenses({ 'a.yaml': GOOD }, 'a.yaml');
    assert.deepEqual(ls, [{ line: 1, title: 'HA: 3 replicas · PDB ✓ · spread ✓ · probes ✓ · no kube-ha problems' }]);
  });

  test('replicas come from an HPA in another file, the PDB from a third', () => {
    const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 6
`;
    const [l] = lenses({ 'a.yaml': BARE, 'hpa.yaml': hpa, 'pdb.yaml': GOOD.split('---\n')[1] }, 'a.yaml');
    assert.match(l.title, /^HA: 2–6 replicas \(HPA\) · PDB ✓ · spread ✗ /);
  });

  test('a KEDA ScaledObject counts as the autoscaler: scale to zero shows its floor, defaults fill the ceiling', () => {
    const so = (extra: string) => `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web}
spec:
  scaleTargetRef: {name: web}
${extra}  triggers: [{type: cpu, metricType: Utilization, metadata: {value: "60"}}]
`;
    assert.match(lenses({ 'a.yaml': BARE, 'so.yaml': so('') }, 'a.yaml')[0].title, /^HA: 0–100 replicas \(KEDA\) · /);
    assert.match(
      lenses({ 'a.yaml': BARE, 'so.yaml': so('  minReplicaCount: 3\n  maxReplicaCount: 12\n') }, 'a.yaml')[0].title,
      /^HA: 3–12 replicas \(KEDA\) · /,
    );
  });

  test('prometheus-operator resources get a lens, without container counts', () => {
    const prom = `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s}
spec:
  replicas: 2
  containers: [{name: sidecar, image: "s:1"}]
`;
    assert.match(
      lenses({ 'p.yaml': prom }, 'p.yaml')[0].title,
      /^HA: 2 replicas · PDB ✗ · spread ✗ · \d+ kube-ha problems?$/,
    );
  });

  test('a DaemonSet and a bare Pod say what they are', () => {
    const ds = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: a, image: "a:1"}]
---
apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:
  containers: [{name: d, image: "d:1"}]
`;
    const ls = lenses({ 'ds.yaml': ds }, 'ds.yaml');
    assert.equal(ls.length, 2);
    assert.match(ls[0].title, /^HA: 1 per node · probes ✗/);
    assert.match(ls[1].title, /^HA: bare Pod \(not rescheduled\) · probes ✗/);
    assert.equal(ls[1].line, 10);
  });
});
