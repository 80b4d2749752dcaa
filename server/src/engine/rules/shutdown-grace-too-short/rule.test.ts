import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, ofRule } from '../../testing';
import { checkFix, underlined } from '../shared/fixcheck';
import { preStopSleep } from './rule';

const RULE = 'shutdown-grace-too-short';
const SVC = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
`;
const deploy = (grace: string, preStop: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
${grace}      containers:
        - name: web
          image: ghcr.io/example/web:1.8.2
          ports: [{name: http, containerPort: 8080}]
          lifecycle:
            preStop: ${preStop}
`;

test('preStopSleep reads exec sleep, sh -c sleep and the sleep handler', () => {
  const p = ['x'];
  assert.equal(preStopSleep({ exec: { command: ['sleep', '45'] } }, p)?.seconds, 45);
  assert.equal(preStopSleep({ exec: { command: ['/bin/sleep', '5s'] } }, p)?.seconds, 5);
  assert.equal(preStopSleep({ exec: { command: ['sh', '-c', 'sleep 20 && nginx -s quit'] } }, p)?.seconds, 20);
  assert.equal(preStopSleep({ exec: { command: ['/bin/bash', '-c', 'echo draining; sleep 12'] } }, p)?.seconds, 12);
  assert.deepEqual(preStopSleep({ sleep: { seconds: 15 } }, p), { seconds: 15, at: ['x', 'sleep', 'seconds'] });
  assert.equal(preStopSleep({ exec: { command: ['/app/drain', '40'] } }, p), null);
  assert.equal(preStopSleep({ exec: { command: ['sh', '-c', 'nosleep 40'] } }, p), null);
  assert.equal(preStopSleep({ httpGet: { path: '/drain', port: 8080 } }, p), null);
});

test('fires on the sleep value when the default grace (30) is not longer', () => {
  const text = deploy('', '{exec: {command: ["sleep", "30"]}}');
  const f = ofRule(lint({ 'd.yaml': text, 's.yaml': SVC }), RULE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.equal(underlined(text, f[0]), '"30"');
  assert.equal(
    f[0].message,
    'Container web of Deployment web sleeps 30 s in preStop while terminationGracePeriodSeconds is 30 (unset, so 30): the kubelet kills the pod before the drain delay ends, and requests still in flight are cut off.',
  );
  assert.deepEqual(
    ofRule(lint({ 'd.yaml': deploy('', '{exec: {command: ["sleep", "29"]}}'), 's.yaml': SVC }), RULE),
    [],
  );
});

test('the sleep handler against an explicit grace period; quiet without a Service', () => {
  const text = deploy('      terminationGracePeriodSeconds: 10\n', '{sleep: {seconds: 15}}');
  assert.equal(ofRule(lint({ 'd.yaml': text, 's.yaml': SVC }), RULE).length, 1);
  assert.deepEqual(ofRule(lint({ 'd.yaml': text }), RULE), []);
});

test('fix sets terminationGracePeriodSeconds to N + 30; safe', () => {
  const set = `${deploy('      terminationGracePeriodSeconds: 10 # short\n', '{sleep: {seconds: 15}}')}---\n${SVC}`;
  assert.match(checkFix(set, RULE), /terminationGracePeriodSeconds: 45 # short\n/);
  const unset = `${deploy('', '{exec: {command: [sh, -c, "sleep 40"]}}')}---\n${SVC}`;
  const f = ofRule(lint(unset), RULE)[0];
  assert.deepEqual(
    f.fixes.map((x) => x.title),
    ['Set terminationGracePeriodSeconds to 70'],
  );
  assert.match(checkFix(unset, RULE), /    spec:\n      containers:[\s\S]*\n      terminationGracePeriodSeconds: 70\n/);
});
