// Every rule's fixtures: files named fire*.yaml must produce at least one finding of the rule,
// clean*.yaml none. Each rule folder holds its own fixtures; adding a rule adds a folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from './index';
import { fixtures, lint, ofRule } from '../testing';

for (const rule of RULES) {
  const list = fixtures(rule.id);
  test(`${rule.id} has fire and clean fixtures`, () => {
    assert.ok(list.some((f) => f.expect === 'fire'), 'no fire*.yaml fixture');
    assert.ok(list.some((f) => f.expect === 'clean'), 'no clean*.yaml fixture');
  });
  for (const fx of list) {
    test(`${rule.id}: ${fx.name} → ${fx.expect}`, () => {
      const got = ofRule(lint({ [fx.name]: fx.text }), rule.id);
      if (fx.expect === 'fire') assert.ok(got.length > 0, `expected ${rule.id} to fire`);
      else assert.deepEqual(got.map((f) => f.message), [], `expected no ${rule.id}`);
    });
  }
}
