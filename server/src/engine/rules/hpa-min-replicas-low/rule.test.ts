import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures } from '../../testing';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'hpa-min-replicas-low';
const fx = (name: string) => fixtures(RULE).find((f) => f.name === name)!.text;

test('underlines minReplicas and says how far it scales down', () => {
  const text = fx('fire-min-one.yaml');
  const [f] = findings(text, RULE);
  assert.deepEqual(f.range.start, { line: lineOf(text, 'minReplicas'), character: 2 });
  assert.equal(underlined(text, f), 'minReplicas: 1');
  assert.match(
    f.message,
    /^HorizontalPodAutoscaler api may scale down to 1 pod: .*one node failure or drain takes the workload down/,
  );
});

test('unset minReplicas counts as 1 and underlines spec', () => {
  const text = fx('fire-min-unset.yaml');
  const [f] = findings(text, RULE);
  assert.equal(underlined(text, f), 'spec');
  assert.match(f.message, /minReplicas is unset, so 1/);
});

test('the configured minimum is the threshold and the fix value', () => {
  const text = fx('clean-min-two.yaml');
  assert.equal(findings(text, RULE, { minReplicas: 3 }).length, 1); // the "3" string counts as 3
  const out = checkFix(text, RULE, { config: { minReplicas: 3 } });
  assert.equal(out, text.replace('  minReplicas: 2\n', '  minReplicas: 3\n'));
});

test('the fix sets minReplicas in place, keeping its comment', () => {
  const text = fx('fire-min-one.yaml');
  assert.equal(checkFix(text, RULE), text.replace('minReplicas: 1 #', 'minReplicas: 2 #'));
});

test('the fix adds minReplicas when unset', () => {
  const text = fx('fire-min-unset.yaml');
  assert.equal(checkFix(text, RULE), `${text}  minReplicas: 2\n`);
});

test('the fix raises maxReplicas too when it would not be above the new floor', () => {
  const text =
    'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: a}\nspec:\n  minReplicas: 1\n  maxReplicas: 2 # small\n';
  assert.equal(
    checkFix(text, RULE, { changedLines: 2 }),
    text.replace('minReplicas: 1', 'minReplicas: 2').replace('maxReplicas: 2', 'maxReplicas: 4'),
  );
});
