// rules.md "Fix safety": every fix is safe or unsafe, the rule's metadata says which kinds it
// offers, and a fix that writes a placeholder (`# TODO`) is never safe. Checked over every
// fixture of every rule, so a new fix without a considered safety fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from './index';
import { fixtures, lint, ofRule } from '../testing';

for (const rule of RULES) {
  test(`${rule.id}: its fixes declare a safety its metadata lists`, () => {
    assert.equal(rule.fixable, rule.fixSafety.length > 0, 'fixable iff fixSafety lists the safety of its fixes');
    const seen = new Set<string>();
    for (const fx of fixtures(rule.id)) {
      for (const f of ofRule(lint({ [fx.name]: fx.text }), rule.id)) {
        for (const fix of f.fixes) {
          assert.ok(
            fix.safety === 'safe' || fix.safety === 'unsafe',
            `${fx.name}: "${fix.title}" has safety ${String(fix.safety)}`,
          );
          assert.ok(
            rule.fixSafety.includes(fix.safety),
            `${fx.name}: "${fix.title}" is ${fix.safety}, which the rule's fixSafety does not list`,
          );
          seen.add(fix.safety);
          const written = fix
            .edits()
            .map((e) => e.newText)
            .join('\n');
          if (/#.*\bTODO\b/.test(written))
            assert.equal(fix.safety, 'unsafe', `${fx.name}: "${fix.title}" writes a TODO placeholder, so it is unsafe`);
        }
      }
    }
    // Each kind the metadata lists is shown by a fixture (and its snapshot).
    assert.deepEqual(
      [...rule.fixSafety].filter((s) => !seen.has(s)),
      [],
      'a safety listed in fixSafety that no fixture shows',
    );
  });
}
