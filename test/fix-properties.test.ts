// The fix properties of issue 3, over every fixture we have, the examples and the external
// Polaris corpus: after a fix the file parses, the targeted finding is gone, no finding of
// another rule appears (except the cascades rules.md implies, named below), every comment is
// still there, and applying the fixes a second time changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { applyEdits, fixAll, RULES, type Finding } from '../server/src/engine';
import { lint, repoRoot } from '../server/src/engine/testing';
import { yamlFilesUnder } from './yaml-files';

// Rules that need effective replicas ≥ 2 start to apply once a fix raises the count (rules.md:
// "rules that need ≥ 2 replicas stay quiet until single-replica has been fixed").
const NEEDS_REPLICAS = [
  'missing-pdb',
  'no-pod-spread',
  'node-pinned',
  'rwo-volume-shared',
  'rollout-takes-all-down',
  'pdb-blocks-eviction',
];
// A Service that starts selecting pods (or targeting a container's port) makes its pods'
// Service-dependent rules apply: served containers (rules.md v1.2, Terms).
const SELECTED_BY_SERVICE = ['missing-prestop-hook', 'missing-readiness-probe', 'service-port-mismatch'];
const CASCADES: Record<string, string[]> = {
  'single-replica': NEEDS_REPLICAS,
  'hpa-min-replicas-low': NEEDS_REPLICAS,
  'replicas-with-hpa': NEEDS_REPLICAS,
  'bare-pod': [...NEEDS_REPLICAS, 'single-replica'],
  'unmanaged-replicaset': NEEDS_REPLICAS,
  // policy/v1beta1 → policy/v1: pdb-unhealthy-eviction is defined for policy/v1 PDBs only.
  'removed-api-version': [...NEEDS_REPLICAS, 'selector-template-mismatch', 'pdb-unhealthy-eviction'],
  'service-selects-nothing': SELECTED_BY_SERVICE,
  'statefulset-headless-service': SELECTED_BY_SERVICE,
  'service-port-mismatch': SELECTED_BY_SERVICE,
  'selector-template-mismatch': [...SELECTED_BY_SERVICE, 'missing-pdb', 'no-pod-spread'],
};

function corpusDir(): string {
  return path.join(repoRoot(), '..', 'shared', 'corpus', 'polaris');
}

function inputs(): string[] {
  const root = repoRoot();
  return [
    ...yamlFilesUnder(path.join(root, 'server', 'src', 'engine', 'rules')),
    ...yamlFilesUnder(path.join(root, 'examples')),
    ...yamlFilesUnder(corpusDir()),
  ];
}

const key = (f: Finding) => `${f.rule} ${f.object?.namespace ?? ''}/${f.object?.name ?? ''}`;
function counts(findings: Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(key(f), (m.get(key(f)) ?? 0) + 1);
  return m;
}

/** Every comment of the text (the `#…` part of a line), as a multiset. */
function comments(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    const c = /(?:^|\s)(#.*)$/.exec(line);
    if (c && !/["']/.test(line.slice(0, c.index))) m.set(c[1].trim(), (m.get(c[1].trim()) ?? 0) + 1);
  }
  return m;
}

function assertParses(text: string, what: string) {
  for (const d of parseAllDocuments(text))
    assert.deepEqual(
      d.errors.map((e) => e.message),
      [],
      `${what}: the fixed file parses`,
    );
}

function assertCommentsKept(before: string, after: string, what: string) {
  const a = comments(after);
  for (const [c, n] of comments(before))
    assert.ok((a.get(c) ?? 0) >= n, `${what}: comment ${JSON.stringify(c)} is kept`);
}

test('the inputs include the rule fixtures, the examples and the Polaris corpus', (t) => {
  const files = inputs();
  assert.ok(files.length > 50, `only ${files.length} inputs`);
  if (!fs.existsSync(corpusDir()))
    t.diagnostic(`the Polaris corpus is not at ${corpusDir()}; only the project's own fixtures were used`);
});

// The corpus lives next to the repository, not in it: where it is absent, say so as a skip.
if (!fs.existsSync(corpusDir()))
  test('fix properties: the Polaris corpus', { skip: `not found at ${corpusDir()}` }, () => undefined);

for (const file of inputs()) {
  const name = path.relative(path.join(repoRoot(), '..'), file);
  test(`fix properties: ${name}`, () => {
    const text = fs.readFileSync(file, 'utf8');
    const before = lint({ [path.basename(file)]: text });
    const beforeCounts = counts(before);
    for (const f of before) {
      for (const fix of f.fixes) {
        const what = `${name}: ${f.rule} "${fix.title}"`;
        const fixed = applyEdits(text, fix.edits());
        assert.notEqual(fixed, text, `${what} changes the file`);
        assertParses(fixed, what);
        const after = lint({ [path.basename(file)]: fixed });
        const afterCounts = counts(after);
        assert.ok((afterCounts.get(key(f)) ?? 0) < (beforeCounts.get(key(f)) ?? 0), `${what}: the finding is gone`);
        for (const [k, n] of afterCounts) {
          if (n <= (beforeCounts.get(k) ?? 0)) continue;
          const rule = k.split(' ')[0];
          assert.ok(rule === f.rule || (CASCADES[f.rule] ?? []).includes(rule), `${what}: introduced ${k}`);
        }
        assertCommentsKept(text, fixed, what);
        // rules.md "Fix safety": a safe fix writes no placeholder, and its own finding (that
        // rule, that object, that message) is gone, not just one of several like it.
        if (fix.safety === 'safe') {
          assert.ok(
            !/#.*\bTODO\b/.test(
              fix
                .edits()
                .map((e) => e.newText)
                .join('\n'),
            ),
            `${what}: a safe fix writes no TODO`,
          );
          // Counted: two objects of one name (a duplicated document) may give the same finding twice.
          const same = (list: Finding[]) => list.filter((x) => key(x) === key(f) && x.message === f.message).length;
          assert.ok(same(after) < same(before), `${what}: a safe fix removes its own finding`);
        }
      }
    }
    // Fix all (the safe fixes, as --fix and the editor apply them; then with --unsafe-fixes),
    // then again: the second pass changes nothing.
    for (const unsafe of [false, true]) {
      const mode = `${name}: fix all${unsafe ? ' --unsafe-fixes' : ''}`;
      const analyze = (t: string) => lint({ [path.basename(file)]: t });
      const once = fixAll(text, analyze, path.basename(file), 100, { unsafe });
      assertParses(once.text, mode);
      assertCommentsKept(text, once.text, mode);
      if (!unsafe)
        assert.deepEqual(
          once.applied.filter((a) => a.safety !== 'safe'),
          [],
          `${mode}: applies no unsafe fix`,
        );
      const twice = fixAll(once.text, analyze, path.basename(file), 100, { unsafe });
      assert.equal(
        twice.text,
        once.text,
        `${mode}: fixing again changes nothing (applied ${JSON.stringify(twice.applied)})`,
      );
    }
  });
}

test('every rule that declares a fix offers one on at least one of its fire fixtures', () => {
  const missing: string[] = [];
  for (const rule of RULES.filter((r) => r.fixable)) {
    const dir = path.join(repoRoot(), 'server', 'src', 'engine', 'rules', rule.id, 'fixtures');
    const fires = yamlFilesUnder(dir).filter((f) => path.basename(f).startsWith('fire'));
    const offered = fires.some((f) =>
      lint({ [path.basename(f)]: fs.readFileSync(f, 'utf8') }).some((x) => x.rule === rule.id && x.fixes.length > 0),
    );
    if (!offered) missing.push(rule.id);
  }
  assert.deepEqual(missing, []);
});
