import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'identical-probes';
const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: ghcr.io/example/web:1.8.2
          ports: [{name: http, containerPort: 8080}]
          readinessProbe:
            httpGet: {path: /healthz, port: http}
            periodSeconds: 5
          # only the timing differs
          livenessProbe:
            httpGet:
              path: /healthz # same endpoint
              port: http # the port
              scheme: HTTP
            periodSeconds: 20
`;

test('fires on livenessProbe when only timing differs', () => {
  const f = findings(WEB, RULE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.deepEqual(f[0].range.start, { line: lineOf(WEB, 'livenessProbe:'), character: 10 });
  assert.equal(underlined(WEB, f[0]), 'livenessProbe');
  assert.equal(
    f[0].message,
    'Container web of Deployment web has identical liveness and readiness probes: when it is slow under load the kubelet restarts it, instead of only taking it out of the Service, and every replica can restart at once.',
  );
});

test('fix: block httpGet becomes tcpSocket on the same port, keeping the port line and its comment', () => {
  const out = checkFix(WEB, RULE, { changedLines: 4 });
  assert.match(
    out,
    /          livenessProbe:\n            tcpSocket:\n              # same endpoint\n              port: http # the port\n            periodSeconds: 20\n/,
  );
});

test('fix: flow httpGet is replaced as a whole', () => {
  const text = WEB.replace(
    /            httpGet:\n              path: \/healthz # same endpoint\n              port: http # the port\n              scheme: HTTP\n/,
    '            httpGet: {path: /healthz, port: http}\n',
  );
  const out = checkFix(text, RULE);
  assert.match(out, /          livenessProbe:\n            tcpSocket: \{ ?port: http ?\}\n/);
});

test("fix: identical exec probes use the container's port", () => {
  const text = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - name: db
          image: postgres:16.4
          ports:
            - name: pg
              containerPort: 5432
          readinessProbe:
            exec:
              command: [pg_isready]
          livenessProbe:
            exec:
              command: [pg_isready] # same
`;
  const out = checkFix(text, RULE, { changedLines: 3 });
  assert.deepEqual(parseAllDocuments(out)[0].toJS().spec.template.spec.containers[0].livenessProbe, {
    tcpSocket: { port: 'pg' },
  });
});

test('identical tcpSocket probes have no fix (liveness is already tcpSocket); different paths are clean', () => {
  const tcp = WEB.replace('httpGet: {path: /healthz, port: http}', 'tcpSocket: {port: http}').replace(
    /            httpGet:\n              path: \/healthz # same endpoint\n              port: http # the port\n              scheme: HTTP\n/,
    '            tcpSocket: {port: http}\n',
  );
  const f = findings(tcp, RULE);
  assert.equal(f.length, 1);
  assert.deepEqual(f[0].fixes, []);
  assert.deepEqual(findings(WEB.replace('path: /healthz # same', 'path: /livez # same'), RULE), []);
});
