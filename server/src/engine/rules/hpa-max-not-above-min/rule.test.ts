import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures } from '../../testing';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'hpa-max-not-above-min';
const fx = (name: string) => fixtures(RULE).find((f) => f.name === name)!.text;

test('underlines maxReplicas and says it can never scale out', () => {
  const text = fx('fire-max-equals-min.yaml');
  const [f] = findings(text, RULE);
  assert.deepEqual(f.range.start, { line: lineOf(text, 'maxReplicas'), character: 2 });
  assert.equal(underlined(text, f), 'maxReplicas: 4');
  assert.equal(
    f.message,
    'HorizontalPodAutoscaler search has maxReplicas 4 not above minReplicas 4: it can never scale out, so a traffic spike overloads the pods it has.',
  );
});

test('the fix sets maxReplicas to twice minReplicas, in place', () => {
  const text = fx('fire-max-equals-min.yaml');
  assert.equal(checkFix(text, RULE), text.replace('maxReplicas: 4 #', 'maxReplicas: 8 #'));
});

test('unset minReplicas is 1: maxReplicas becomes 2', () => {
  const text = fx('fire-max-one-min-unset.yaml');
  // maxReplicas 2 with min 1: the floor itself is hpa-min-replicas-low's, already reported.
  assert.equal(checkFix(text, RULE), text.replace('maxReplicas: 1', 'maxReplicas: 2'));
});
