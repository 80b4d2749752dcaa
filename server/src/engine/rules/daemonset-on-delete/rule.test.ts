import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFix, findings, underlined } from '../shared/fixcheck';

const RULE = 'daemonset-on-delete';
const DS = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-agent}
spec:
  selector: {matchLabels: {app: node-agent}}
  updateStrategy:
    type: OnDelete # set during the 2023 incident
  template:
    metadata: {labels: {app: node-agent}}
    spec:
      containers: [{name: agent, image: ghcr.io/example/agent:2.1.0}]
`;

test('fires as info on updateStrategy.type', () => {
  const f = findings(DS, RULE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'info');
  assert.equal(underlined(DS, f[0]), 'type: OnDelete');
  assert.match(
    f[0].message,
    /^DaemonSet node-agent uses updateStrategy OnDelete: a new version reaches a node only when someone deletes its pod/,
  );
});

test('fix sets RollingUpdate in place, keeping the comment', () => {
  const out = checkFix(DS, RULE);
  assert.match(out, /    type: RollingUpdate # set during the 2023 incident\n/);
});

test("kube-linter's no-rolling-update-strategy ignore annotation suppresses it", () => {
  const ignored = DS.replace(
    'metadata: {name: node-agent}',
    'metadata:\n  name: node-agent\n  annotations: {ignore-check.kube-linter.io/no-rolling-update-strategy: "CNI plugin: nodes are updated by hand"}',
  );
  assert.deepEqual(findings(ignored, RULE), []);
  assert.equal(
    findings(
      DS.replace(
        'metadata: {name: node-agent}',
        'metadata:\n  name: node-agent\n  annotations: {kube-score/ignore: deployment-strategy}',
      ),
      RULE,
    ).length,
    1,
  );
});
