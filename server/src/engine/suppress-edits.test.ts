import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from './edits';
import { parseSource } from './parse';
import { disableInConfig, ignoreForObject, ignoreOnLine } from './suppress-edits';
import { lint, ofRule } from './testing';
import { parseConfigText } from './config';
import { RULE_IDS } from './rules';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # keep me
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
`;

test('Ignore for this object adds (then extends) the kube-ha/ignore annotation', () => {
  const obj = parseSource('t.yaml', DEPLOY).docs[0].object!;
  const once = applyEdits(DEPLOY, [ignoreForObject(obj, 'single-replica')]);
  assert.match(once, /name: web # keep me\n {2}annotations:\n {4}kube-ha\/ignore: single-replica\n/);
  assert.deepEqual(ofRule(lint(once), 'single-replica'), []);
  assert.equal(ofRule(lint(once), 'missing-readiness-probe').length, 1, 'only that rule');
  const obj2 = parseSource('t.yaml', once).docs[0].object!;
  const twice = applyEdits(once, [ignoreForObject(obj2, 'missing-readiness-probe')]);
  assert.match(twice, /kube-ha\/ignore: "?single-replica,missing-readiness-probe"?\n/);
  assert.deepEqual(ofRule(lint(twice), 'missing-readiness-probe'), []);
});

test('Ignore on this line adds a comment above with the same indentation, then extends it', () => {
  const source = parseSource('t.yaml', DEPLOY);
  const f = ofRule(lint(DEPLOY), 'missing-readiness-probe')[0];
  const once = applyEdits(DEPLOY, [ignoreOnLine(source, f.range.start.line, f.rule)]);
  assert.match(once, /\n {6}# kube-ha-ignore missing-readiness-probe\n {6}- name: web\n/);
  const after = lint(once);
  assert.deepEqual(ofRule(after, 'missing-readiness-probe'), []);
  assert.equal(ofRule(after, 'missing-liveness-probe').length, 1);
  const f2 = ofRule(after, 'missing-liveness-probe')[0];
  const twice = applyEdits(once, [ignoreOnLine(parseSource('t.yaml', once), f2.range.start.line, f2.rule)]);
  assert.match(twice, /# kube-ha-ignore missing-readiness-probe,missing-liveness-probe\n {6}- name: web/);
  assert.deepEqual(ofRule(lint(twice), 'missing-liveness-probe'), []);
});

test('Turn off in this workspace creates or edits .kube-ha.yaml, keeping its comments', () => {
  const created = disableInConfig(null, 'single-replica');
  assert.deepEqual(parseConfigText(created, RULE_IDS).config, { rules: { 'single-replica': 'off' } });
  const existing = '# team config\nminReplicas: 3\nrules:\n  missing-pdb: warning # keep\n';
  const edited = disableInConfig(existing, 'single-replica');
  assert.ok(edited.startsWith('# team config\nminReplicas: 3\nrules:\n  missing-pdb: warning # keep\n'));
  assert.deepEqual(parseConfigText(edited, RULE_IDS).config, {
    minReplicas: 3,
    rules: { 'missing-pdb': 'warning', 'single-replica': 'off' },
  });
  const noRules = disableInConfig('minReplicas: 3\n', 'single-replica');
  assert.deepEqual(parseConfigText(noRules, RULE_IDS).config, { minReplicas: 3, rules: { 'single-replica': 'off' } });
});
