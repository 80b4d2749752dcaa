import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runToEnd } from './steps';

test('runToEnd runs every step and returns the result', () => {
  const seen: number[] = [];
  function* counting(): Generator<void, string> {
    for (let i = 0; i < 3; i++) {
      seen.push(i);
      yield;
    }
    return 'done';
  }
  assert.equal(runToEnd(counting()), 'done');
  assert.deepEqual(seen, [0, 1, 2]);
});
