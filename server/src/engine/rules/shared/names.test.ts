import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, nearestName, oneEditAway } from './names';

const id = (s: string) => s;

test('editDistance counts inserts, deletes and substitutions, and stops above a limit', () => {
  assert.equal(editDistance('postgres', 'postgress'), 1);
  assert.equal(editDistance('web', 'wbe'), 2);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('a', 'abcdef', 2), 3);
});

test('nearestName: a plausible typo or a dash-separated part, never an unrelated name', () => {
  assert.equal(nearestName('store-front', ['api', 'storefront'], id), 'storefront');
  assert.equal(nearestName('web', ['storefront-web', 'api'], id), 'storefront-web');
  assert.equal(nearestName('old-web', ['web', 'api'], id), 'web');
  assert.equal(nearestName('payments', ['storefront', 'web'], id), undefined);
  assert.equal(nearestName('web', ['webhook'], id), undefined);
});

test('oneEditAway: exactly one candidate one edit away', () => {
  assert.equal(oneEditAway('postgress', ['postgres', 'redis'], id), 'postgres');
  assert.equal(oneEditAway('pg', ['pga', 'pgb'], id), undefined);
  assert.equal(oneEditAway('pg', ['pg'], id), undefined);
  assert.equal(oneEditAway('cache', ['redis'], id), undefined);
});
