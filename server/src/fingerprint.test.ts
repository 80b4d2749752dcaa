import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fingerprint } from './fingerprint';

const diag = (line: number, message: string, extra: Record<string, unknown> = {}) => ({
  range: { start: { line, character: 0 }, end: { line, character: 4 } },
  severity: 2,
  code: 'single-replica',
  source: 'kube-ha',
  message,
  ...extra,
});

test('equal values have one fingerprint; any change to a field, an order or a type changes it', () => {
  const base = [diag(3, 'one replica'), diag(9, 'no PodDisruptionBudget')];
  const fp = fingerprint(base);
  assert.equal(fingerprint(structuredClone(base)), fp, 'a copy');
  assert.ok(Number.isSafeInteger(fp) && fp >= 0);
  const others = [
    [diag(3, 'one replica'), diag(10, 'no PodDisruptionBudget')],
    [diag(3, 'one replica'), diag(9, 'no PodDisruptionBudgeT')],
    [diag(9, 'no PodDisruptionBudget'), diag(3, 'one replica')],
    [diag(3, 'one replica')],
    [diag(3, 'one replica'), diag(9, 'no PodDisruptionBudget', { relatedInformation: [] })],
    [diag(3, 'one replica'), { ...diag(9, 'no PodDisruptionBudget'), severity: '2' }],
    [],
    [[]],
    [{}],
    ['ab', 'c'],
    ['a', 'bc'],
  ];
  const seen = new Set([fp]);
  for (const o of others) {
    const f = fingerprint(o);
    assert.ok(!seen.has(f), JSON.stringify(o));
    seen.add(f);
  }
  assert.equal(fingerprint({ a: 1, b: undefined }), fingerprint({ a: 1 }), 'an undefined field is absent, as in JSON');
});
