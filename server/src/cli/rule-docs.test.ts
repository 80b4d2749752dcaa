// The docs cannot drift from the code: docs/rules/README.md's table and the header of every rule
// page are what the rules' metadata gives. UPDATE_SNAPSHOTS=1 rewrites them (as for snapshots).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../engine/testing';
import { runCli } from './main';
import {
  docRules,
  DOCS_UPDATE_HINT,
  generatedBlock,
  HEADER_BEGIN,
  HEADER_END,
  ruleHeader,
  rulesTable,
  TABLE_BEGIN,
  TABLE_END,
  withGenerated,
} from './rule-docs';

const UPDATE = process.env.UPDATE_SNAPSHOTS === '1' || process.env.UPDATE_SNAPSHOTS === 'true';
const DOCS = path.join(repoRoot(), 'docs', 'rules');

/** Compare (or, when updating, rewrite) one generated block of one docs file. */
function check(file: string, block: string, begin: string, end: string) {
  const rel = path.relative(repoRoot(), file);
  assert.ok(fs.existsSync(file), `${rel} is missing: every rule has a page`);
  const text = fs.readFileSync(file, 'utf8');
  if (UPDATE) {
    const next = withGenerated(text, block, begin, end);
    assert.ok(next !== null, `${rel}: no generated block and no "## " heading to put one above`);
    if (next !== text) fs.writeFileSync(file, next);
    return;
  }
  const got = generatedBlock(text, begin, end);
  assert.ok(got !== null, `${rel} has no generated block (${begin}); create it with ${DOCS_UPDATE_HINT}`);
  assert.equal(got, block, `${rel} differs from the rules' metadata; regenerate with ${DOCS_UPDATE_HINT}`);
}

test('docs/rules/README.md: the rule table is the one the rules give', () => {
  check(path.join(DOCS, 'README.md'), `${TABLE_BEGIN}\n${rulesTable()}\n${TABLE_END}`, TABLE_BEGIN, TABLE_END);
});

for (const rule of docRules()) {
  test(`docs/rules/${rule.id}.md: the header is the one the rule's metadata gives`, () => {
    check(path.join(DOCS, `${rule.id}.md`), ruleHeader(rule), HEADER_BEGIN, HEADER_END);
  });
}

test('docs/rules holds a page for each rule and for nothing else', () => {
  const ids = new Set(docRules().map((r) => r.id));
  const stray = fs.readdirSync(DOCS).filter((f) => f.endsWith('.md') && f !== 'README.md' && !ids.has(f.slice(0, -3)));
  assert.deepEqual(stray, [], 'pages of rules that do not exist');
});

test('kube-ha rules --format markdown prints the table', async () => {
  let out = '';
  const code = await runCli(['rules', '--format', 'markdown'], {
    stdout: (s) => {
      out += s;
    },
    stderr: () => undefined,
    readStdin: async () => '',
    cwd: repoRoot(),
    env: {},
  });
  assert.equal(code, 0);
  assert.equal(out, rulesTable() + '\n');
  assert.equal(out.trim().split('\n').length, docRules().length + 2, 'a header, a rule line, then one row per rule');
  assert.match(out, /^\| \[`missing-pdb`\]\(missing-pdb\.md\) × \| warning \| .+ \| safe \|$/m);
});
