// The "Before:" and "After:" YAML of every rule page are real manifests: linted on their own,
// the before fires the page's rule and the after does not, and the after still holds every
// object the before was flagged on (by name: a fix may change the kind), so it shows the fix
// rather than the absence of the object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { RULES } from '../server/src/engine';
import { lint, ofRule, repoRoot } from '../server/src/engine/testing';

const DOCS = path.join(repoRoot(), 'docs', 'rules');

/** The first ```yaml block after a line `label:`, or null. */
function example(page: string, label: 'Before' | 'After'): string | null {
  const m = new RegExp(`^${label}:[^\\n]*\\n+\`\`\`ya?ml\\n([\\s\\S]*?)^\`\`\``, 'm').exec(page);
  return m ? m[1] : null;
}

const pages = fs
  .readdirSync(DOCS)
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .map((f) => f.slice(0, -3));

test('every rule page has a Before and an After example', () => {
  const missing = RULES.map((r) => r.id).filter((id) => {
    const file = path.join(DOCS, `${id}.md`);
    if (!fs.existsSync(file)) return true;
    const text = fs.readFileSync(file, 'utf8');
    return example(text, 'Before') === null || example(text, 'After') === null;
  });
  assert.deepEqual(missing, []);
});

for (const id of pages) {
  const text = fs.readFileSync(path.join(DOCS, `${id}.md`), 'utf8');
  const before = example(text, 'Before');
  const after = example(text, 'After');
  if (before === null || after === null) continue; // pages of parser rules without examples; the test above covers the rules
  test(`docs/rules/${id}.md: the Before example fires ${id}, the After one does not`, () => {
    const fired = ofRule(lint({ [`${id}-before.yaml`]: before }), id);
    assert.ok(fired.length > 0, `the Before example gives no ${id} finding`);
    const left = ofRule(lint({ [`${id}-after.yaml`]: after }), id);
    assert.deepEqual(
      left.map((f) => f.message),
      [],
      `the After example still gives ${id}`,
    );
    const names = new Set(
      parseAllDocuments(after).map((d) => (d.toJS() as { metadata?: { name?: unknown } } | null)?.metadata?.name),
    );
    for (const f of fired) {
      if (f.object?.name)
        assert.ok(
          names.has(f.object.name),
          `the After example has no object named ${f.object.name} (the one the Before was flagged on)`,
        );
    }
  });
}
