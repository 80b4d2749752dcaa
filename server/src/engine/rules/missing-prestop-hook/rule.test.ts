import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { lint, ofRule } from '../../testing';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'missing-prestop-hook';
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec:
      containers:
        - name: web # the app
          image: ghcr.io/example/web:1.8.2
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;

test('fires on the container name, as info, with the selecting Service as related information', () => {
  const f = ofRule(lint({ 'deploy.yaml': DEPLOY, 'svc.yaml': SERVICE }), RULE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'info');
  assert.equal(f[0].file, 'deploy.yaml');
  assert.deepEqual(f[0].range.start, { line: lineOf(DEPLOY, '- name: web'), character: 10 });
  assert.equal(underlined(DEPLOY, f[0]), 'name: web');
  assert.equal(
    f[0].message,
    'Container web of Deployment web has no preStop hook: it stops accepting connections while Service web still routes requests to it, so every rollout and drain drops some of them.',
  );
  assert.deepEqual(
    f[0].related.map((r) => [r.file, r.range.start.line, r.message]),
    [['svc.yaml', 5, 'Service web selects Deployment web']],
  );
});

test('quiet without a selecting Service (none, other namespace, other labels)', () => {
  assert.deepEqual(ofRule(lint({ 'deploy.yaml': DEPLOY }), RULE), []);
  assert.deepEqual(
    ofRule(
      lint({
        'deploy.yaml': DEPLOY,
        'svc.yaml': SERVICE.replace('  name: web\n', '  name: web\n  namespace: other\n'),
      }),
      RULE,
    ),
    [],
  );
  assert.deepEqual(
    ofRule(lint({ 'deploy.yaml': DEPLOY, 'svc.yaml': SERVICE.replace('{app: web}', '{app: api}') }), RULE),
    [],
  );
});

test('fix adds lifecycle.preStop exec sleep 5', () => {
  const text = `${DEPLOY}---\n${SERVICE}`;
  const out = checkFix(text, RULE);
  assert.match(
    out,
    /          image: ghcr.io\/example\/web:1.8.2\n          lifecycle:\n            preStop:\n              exec:\n                command:\n                  - sleep\n                  - "5"\n/,
  );
  assert.deepEqual(parseAllDocuments(out)[0].toJS().spec.template.spec.containers[0].lifecycle, {
    preStop: { exec: { command: ['sleep', '5'] } },
  });
  assert.deepEqual(findings(out, RULE), []);
});
