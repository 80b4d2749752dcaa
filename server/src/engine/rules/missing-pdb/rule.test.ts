import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { applyEdits } from '../../edits';
import { isEmptySelector } from '../../selectors';
import { fixtures, lint, ofRule, rulesDir } from '../../testing';

const RULE = 'missing-pdb';

test('missing-pdb never writes an empty selector: over every fixture of every rule', () => {
  let fixes = 0;
  for (const id of fs.readdirSync(rulesDir()).filter((d) => fs.existsSync(path.join(rulesDir(), d, 'fixtures')))) {
    for (const fx of fixtures(id)) {
      for (const f of ofRule(lint({ [fx.name]: fx.text }), RULE)) {
        for (const fix of f.fixes) {
          fixes++;
          const out = applyEdits(fx.text, fix.edits());
          const before = new Set(parseAllDocuments(fx.text).map((d) => JSON.stringify(d.toJS())));
          const added = parseAllDocuments(out)
            .map((d) => d.toJS())
            .filter((v) => v?.kind === 'PodDisruptionBudget' && !before.has(JSON.stringify(v)));
          assert.equal(added.length, 1, `${id}/${fx.name}: the fix adds one PDB`);
          assert.ok(
            added[0].spec?.selector && !isEmptySelector(added[0].spec.selector),
            `${id}/${fx.name}: the new PDB's selector selects by labels: ${JSON.stringify(added[0].spec?.selector)}`,
          );
        }
      }
    }
  }
  assert.ok(fixes >= 3, `only ${fixes} missing-pdb fixes seen`);
});
