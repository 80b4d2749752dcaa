import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures } from '../../testing';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'rollout-takes-all-down';
const fx = (name: string) => fixtures(RULE).find((f) => f.name === name)!.text;

test('underlines maxUnavailable and says every deploy is an outage', () => {
  const text = fx('fire-max-unavailable-equals-replicas.yaml');
  const [f] = findings(text, RULE);
  assert.deepEqual(f.range.start, { line: lineOf(text, 'maxUnavailable: 3'), character: 6 });
  assert.equal(underlined(text, f), 'maxUnavailable: 3');
  assert.equal(
    f.message,
    'Deployment web may stop all 3 replicas at once during a rollout (maxUnavailable 3): every deploy is an outage until the new pods are ready.',
  );
});

test('the fix sets maxUnavailable 0 in place and adds maxSurge 1', () => {
  const text = fx('fire-max-unavailable-equals-replicas.yaml');
  assert.equal(
    checkFix(text, RULE),
    text.replace(
      '      maxUnavailable: 3 # "faster deploys"\n',
      '      maxUnavailable: 0 # "faster deploys"\n      maxSurge: 1\n',
    ),
  );
});

test('percent in flow style', () => {
  const text = fx('fire-percent-flow.yaml');
  assert.equal(checkFix(text, RULE), text.replace('{maxUnavailable: "100%"}', '{maxUnavailable: 0, maxSurge: 1}'));
});

test('maxSurge 0 on one replica: the only pod goes down; the fix adds maxUnavailable and sets maxSurge', () => {
  const text = fx('fire-single-no-surge.yaml');
  const [f] = findings(text, RULE);
  assert.equal(underlined(text, f), 'maxSurge: 0');
  assert.match(f.message, /may stop its only replica during a rollout/);
  assert.equal(
    checkFix(text, RULE),
    text.replace('      maxSurge: 0\n', '      maxSurge: 1\n      maxUnavailable: 0\n'),
  );
});

test('effective replicas come from the HPA', () => {
  const text = fx('fire-hpa-min-two.yaml');
  const [f] = findings(text, RULE);
  assert.match(f.message, /may stop all 2 replicas at once/);
  assert.equal(
    checkFix(text, RULE),
    text.replace('{maxUnavailable: 2, maxSurge: 1}', '{maxUnavailable: 0, maxSurge: 1}'),
  );
});
