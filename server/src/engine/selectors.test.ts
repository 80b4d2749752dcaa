import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selects, labelsOf, isEmptySelector } from './selectors';

const L = { app: 'web', tier: 'front' };

test('matchLabels must all match', () => {
  assert.equal(selects({ matchLabels: { app: 'web' } }, L), true);
  assert.equal(selects({ matchLabels: { app: 'web', tier: 'back' } }, L), false);
  assert.equal(selects({ matchLabels: { missing: 'x' } }, L), false);
});

test('an empty selector selects everything', () => {
  assert.equal(selects({}, L), true);
  assert.equal(selects({}, {}), true);
  assert.equal(isEmptySelector({}), true);
  assert.equal(isEmptySelector({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }), false);
});

test('matchExpressions: In, NotIn, Exists, DoesNotExist, ANDed with matchLabels', () => {
  assert.equal(selects({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] }, L), true);
  assert.equal(selects({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, L), false);
  assert.equal(selects({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, L), false);
  assert.equal(selects({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }] }, L), true);
  assert.equal(selects({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, L), true, 'NotIn holds for an absent key');
  assert.equal(selects({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, L), true);
  assert.equal(selects({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, L), false);
  assert.equal(selects({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, L), false);
  assert.equal(selects({ matchExpressions: [{ key: 'app', operator: 'Bogus' }] }, L), false, 'an unknown operator selects nothing');
});

test('label values are compared as the API stores them (strings)', () => {
  assert.deepEqual(labelsOf({ version: 2, on: true, gone: null }), { version: '2', on: 'true' });
  assert.equal(selects({ matchLabels: { version: 2 } }, labelsOf({ version: '2' })), true);
});
