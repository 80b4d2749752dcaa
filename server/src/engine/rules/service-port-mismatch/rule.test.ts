import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, ofRule } from '../../testing';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'service-port-mismatch';
// A container whose port the Service now targets becomes a served container (rules.md, Terms).
const SERVED = ['missing-readiness-probe', 'missing-prestop-hook'];
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - name: http
      port: 80
      targetPort: web # renamed in the container
`;
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:2.0.0
          ports: [{name: http, containerPort: 8000}]
`;

test('fires on targetPort with the container ports as related information', () => {
  const f = ofRule(lint({ 'svc.yaml': SERVICE, 'deploy.yaml': DEPLOY }), RULE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.deepEqual(f[0].range.start, { line: lineOf(SERVICE, 'targetPort'), character: 6 });
  assert.equal(underlined(SERVICE, f[0]), 'targetPort: web');
  assert.equal(
    f[0].message,
    'Service api sends port 80 to port name web, which no container of Deployment api declares: its endpoints have no port for it, so every connection fails.',
  );
  assert.deepEqual(
    f[0].related.map((r) => [r.file, r.range.start.line]),
    [['deploy.yaml', lineOf(DEPLOY, 'ports:')]],
  );
});

test('fix sets targetPort to the one declared port', () => {
  const out = checkFix(`${SERVICE}---\n${DEPLOY}`, RULE, { cascades: SERVED });
  assert.ok(out.includes('      targetPort: http # renamed in the container\n'));
});

test('a number: port used when targetPort is unset; only judged when every container declares ports', () => {
  const svc = SERVICE.replace('      targetPort: web # renamed in the container\n', '').replace(
    'port: 80',
    'port: 8080',
  );
  const text = `${svc}---\n${DEPLOY}`;
  const f = findings(text, RULE);
  assert.equal(f.length, 1);
  assert.equal(underlined(text, f[0]), 'port: 8080');
  assert.match(f[0].message, /sends port 8080 to port 8080, which no container of Deployment api declares/);
  const out = checkFix(text, RULE, { cascades: SERVED });
  assert.ok(out.includes('      port: 8080\n      targetPort: 8000\n'));
  const sidecar = DEPLOY + '        - name: exporter\n          image: ghcr.io/example/exporter:1.0.0\n';
  assert.deepEqual(findings(`${svc}---\n${sidecar}`, RULE), []);
});

test('quiet when the Service selects nothing or has no selector', () => {
  assert.deepEqual(findings(SERVICE, RULE), []);
  assert.deepEqual(findings(`${SERVICE.replace('  selector: {app: api}\n', '')}---\n${DEPLOY}`, RULE), []);
});
