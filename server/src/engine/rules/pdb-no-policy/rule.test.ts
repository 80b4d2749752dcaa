import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures } from '../../testing';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'pdb-no-policy';
const fx = (name: string) => fixtures(RULE).find((f) => f.name === name)!.text;

test('underlines spec and says a drain may evict everything', () => {
  const text = fx('fire-no-policy.yaml');
  const [f] = findings(text, RULE);
  assert.deepEqual(f.range.start, { line: lineOf(text, 'spec:'), character: 0 });
  assert.equal(underlined(text, f), 'spec');
  assert.match(
    f.message,
    /^PodDisruptionBudget rabbitmq sets neither minAvailable nor maxUnavailable: .*evict all the pods/,
  );
});

test('the fix adds maxUnavailable: 1 at the end of spec, keeping comments', () => {
  const text = fx('fire-no-policy.yaml');
  assert.equal(checkFix(text, RULE), `${text}  maxUnavailable: 1\n`);
});

test('the fix replaces a null policy value in a flow map', () => {
  const text = fx('fire-null-policy-flow.yaml');
  assert.equal(
    checkFix(text, RULE),
    text.replace(
      'minAvailable: null, selector: {matchLabels: {app: web}}}',
      'minAvailable: null, selector: {matchLabels: {app: web}}, maxUnavailable: 1}',
    ),
  );
});
