import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'probe-port-undeclared';
const API = `apiVersion: apps/v1
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
          readinessProbe:
            httpGet: {path: /readyz, port: web} # renamed to http
          livenessProbe:
            tcpSocket:
              port: 8080
`;

test('a name fires as an error on the port key; a number never fires (rules.md v1.2)', () => {
  const f = findings(API, RULE);
  assert.equal(f.length, 1);
  const [named] = f;
  assert.equal(named.severity, 'error');
  assert.deepEqual(named.range.start, {
    line: lineOf(API, 'port: web'),
    character: API.split('\n')[lineOf(API, 'port: web')].indexOf('port: web'),
  });
  assert.equal(underlined(API, named), 'port: web');
  assert.equal(
    named.message,
    'The readiness probe of container api in Deployment api targets port web, which the container does not declare: the kubelet cannot resolve it, so the probe always fails.',
  );
});

test('fix changes the port to the one declared port, by name', () => {
  const out = checkFix(API, RULE);
  assert.ok(out.includes('httpGet: {path: /readyz, port: http} # renamed to http'));
  assert.deepEqual(findings(out, RULE), []);
});

test('a name declared as UDP is an error; the TCP port with the same number is the fix', () => {
  const text = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: dns
spec:
  selector: {matchLabels: {app: dns}}
  template:
    metadata: {labels: {app: dns}}
    spec:
      containers:
        - name: dns
          image: coredns/coredns:1.11.3
          ports:
            - {name: dns, containerPort: 53, protocol: UDP}
            - {name: dns-tcp, containerPort: 53, protocol: TCP}
            - {name: metrics, containerPort: 9153}
          livenessProbe:
            tcpSocket:
              port: dns
`;
  const f = findings(text, RULE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.match(f[0].message, /which is declared as UDP/);
  const out = checkFix(text, RULE);
  assert.ok(out.includes('              port: dns-tcp\n'));
});

test('no fix when several ports could be meant; Jobs exempt; kube-linter annotation suppresses', () => {
  const many = API.replace(
    'ports: [{name: http, containerPort: 8000}]',
    'ports: [{name: http, containerPort: 8000}, {name: admin, containerPort: 9000}]',
  );
  for (const f of findings(many, RULE)) assert.deepEqual(f.fixes, []);
  const annotated = API.replace(
    'metadata: {labels: {app: api}}',
    'metadata: {labels: {app: api}, annotations: {ignore-check.kube-linter.io/readiness-port: "legacy"}}',
  );
  assert.deepEqual(findings(annotated, RULE), []);
});
