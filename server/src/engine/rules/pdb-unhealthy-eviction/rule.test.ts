import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures } from '../../testing';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'pdb-unhealthy-eviction';
const text = fixtures(RULE).find((f) => f.name === 'fire-unset.yaml')!.text;

test('underlines spec, is info, and says drains block', () => {
  const [f] = findings(text, RULE);
  assert.equal(f.severity, 'info');
  assert.deepEqual(f.range.start, { line: lineOf(text, 'spec:'), character: 0 });
  assert.equal(underlined(text, f), 'spec');
  assert.match(
    f.message,
    /^PodDisruptionBudget api leaves unhealthyPodEvictionPolicy unset: crash-looping pods .* block node drains/,
  );
});

test('the fix adds unhealthyPodEvictionPolicy: AlwaysAllow', () => {
  assert.equal(checkFix(text, RULE), `${text}  unhealthyPodEvictionPolicy: AlwaysAllow\n`);
});
