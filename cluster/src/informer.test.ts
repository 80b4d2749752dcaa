import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextBackoff } from './informer';

test('backoff doubles up to the maximum, with ±20 % jitter', () => {
  const b = { initialMs: 100, maxMs: 1000 };
  assert.equal(
    nextBackoff(0, b, () => 0.5),
    100,
  );
  assert.equal(
    nextBackoff(100, b, () => 0.5),
    200,
  );
  assert.equal(
    nextBackoff(800, b, () => 0.5),
    1000,
  );
  assert.equal(
    nextBackoff(1000, b, () => 0),
    800,
  );
  assert.equal(
    nextBackoff(1000, b, () => 1),
    1200,
  );
});
