import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeConfig, parseConfigText } from './config';
import { RULE_IDS } from './rules';
import { lint, ofRule } from './testing';

test('a .kube-ha.yaml sets minReplicas and per-rule severities', () => {
  const { config, problems } = parseConfigText(
    'minReplicas: 3\nrules:\n  missing-liveness-probe: off\n  single-replica: error\n',
    RULE_IDS,
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(config, { minReplicas: 3, rules: { 'missing-liveness-probe': 'off', 'single-replica': 'error' } });
});

test('bad entries are reported, not thrown', () => {
  const { problems } = parseConfigText(
    'minReplicas: zero\nrules:\n  no-such-rule: off\n  single-replica: loud\ncolour: red\n',
    RULE_IDS,
  );
  assert.equal(problems.length, 4);
  assert.equal(parseConfigText(': : :\n  - [', RULE_IDS).problems.length, 1);
});

test('minReplicas is bounded: 1e9 or 1001 is a problem, not a count a fix would write', () => {
  for (const v of ['1e9', '1001', '0', '2.5'])
    assert.equal(parseConfigText(`minReplicas: ${v}\n`, RULE_IDS).problems.length, 1, v);
  assert.deepEqual(parseConfigText('minReplicas: 1000\n', RULE_IDS).config, { minReplicas: 1000 });
});

test('later layers win: defaults < settings < file', () => {
  const c = mergeConfig(
    { minReplicas: 3, rules: { 'single-replica': 'info' } },
    { rules: { 'single-replica': 'error' } },
  );
  assert.deepEqual(c, { minReplicas: 3, rules: { 'single-replica': 'error' } });
});

// A StatefulSet: single-replica is a warning for it whether or not a Service selects it.
const ONE =
  'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: w}\nspec:\n  replicas: 2\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}, spec: {containers: []}}\n';

test('config changes what the engine reports', () => {
  assert.equal(ofRule(lint(ONE), 'single-replica').length, 0);
  const raised = ofRule(lint(ONE, { minReplicas: 3 }), 'single-replica');
  assert.equal(raised.length, 1);
  assert.equal(raised[0].severity, 'warning');
  assert.equal(
    ofRule(lint(ONE, { minReplicas: 3, rules: { 'single-replica': 'error' } }), 'single-replica')[0].severity,
    'error',
  );
  assert.equal(ofRule(lint(ONE, { minReplicas: 3, rules: { 'single-replica': 'off' } }), 'single-replica').length, 0);
});
