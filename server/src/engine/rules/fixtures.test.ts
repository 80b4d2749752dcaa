// Snapshot tests of every rule's fixtures (as Ruff and Biome do them): each
// `rules/<id>/fixtures/<name>.yaml` has `<name>.yaml.snap` next to it holding the rule's findings
// on it and the diff of each fix. The runner compares them with what the rule gives now;
// `UPDATE_SNAPSHOTS=1` rewrites them (a reviewer then reads the snapshot diff in the commit).
// Besides the snapshot, the name still means something: fire* has findings, clean* none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from './index';
import { fixtures, lint, renderSnapshot, repoRoot, rulesDir, snapshotPath, SNAPSHOT_UPDATE_HINT } from '../testing';

const UPDATE = process.env.UPDATE_SNAPSHOTS === '1' || process.env.UPDATE_SNAPSHOTS === 'true';
const ids = new Set(RULES.map((r) => r.id));

/** The first line where two snapshots differ, for a failure message that points at it. */
function firstDifference(want: string, got: string): string {
  const a = want.split('\n'),
    b = got.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `line ${i + 1}:\n  committed: ${JSON.stringify(a[i] ?? '(end)')}\n  now:       ${JSON.stringify(b[i] ?? '(end)')}`;
}

for (const rule of RULES) {
  const list = fixtures(rule.id);
  test(`${rule.id} has fire and clean fixtures`, () => {
    assert.ok(
      list.some((f) => f.expect === 'fire'),
      'no fire*.yaml fixture',
    );
    assert.ok(
      list.some((f) => f.expect === 'clean'),
      'no clean*.yaml fixture',
    );
  });
  for (const fx of list) {
    test(`${rule.id}: ${fx.name} matches its snapshot`, () => {
      assert.ok(/^(fire|clean)/.test(fx.name), `${fx.name}: a fixture's name starts with fire or clean`);
      const { snapshot: got, findings } = renderSnapshot(rule.id, fx.name, fx.text);
      const snap = snapshotPath(fx.file);
      const rel = path.relative(repoRoot(), snap);
      if (UPDATE) {
        if (!fs.existsSync(snap) || fs.readFileSync(snap, 'utf8') !== got) fs.writeFileSync(snap, got);
      } else {
        assert.ok(
          fs.existsSync(snap),
          `${rel} is missing; create it with ${SNAPSHOT_UPDATE_HINT}, then review and commit it`,
        );
        const want = fs.readFileSync(snap, 'utf8');
        if (want !== got)
          assert.fail(
            `${rel} differs from what ${rule.id} gives now, at ${firstDifference(want, got)}\nIf the change is intended: ${SNAPSHOT_UPDATE_HINT}, then review the snapshot diff`,
          );
      }
      if (fx.expect === 'fire')
        assert.ok(findings.length > 0, `${fx.name}: a fire fixture must give at least one ${rule.id} finding`);
      else
        assert.deepEqual(
          findings.map((f) => f.message),
          [],
          `${fx.name}: a clean fixture must give no ${rule.id} finding`,
        );
    });
  }
}

// A clean fixture is a manifest as it should be: whatever rule it is for, no rule reports an
// error on it (an error must be right every time). Deliberately broken parts say so with a
// `# kube-ha-ignore-document` comment.
test('no fixture named clean* has an error-severity finding of any rule', () => {
  const errors: string[] = [];
  for (const id of fs.readdirSync(rulesDir())) {
    for (const fx of fixtures(id).filter((f) => f.expect === 'clean')) {
      for (const f of lint({ [fx.name]: fx.text }))
        if (f.severity === 'error')
          errors.push(`${id}/fixtures/${fx.name}:${f.range.start.line + 1} ${f.rule}: ${f.message}`);
    }
  }
  assert.deepEqual(errors, []);
});

test('no snapshot is left without its fixture or rule', () => {
  const obsolete: string[] = [];
  for (const id of fs.readdirSync(rulesDir())) {
    const dir = path.join(rulesDir(), id, 'fixtures');
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.snap'))) {
      const fixture = path.join(dir, f.slice(0, -'.snap'.length));
      if (ids.has(id) && fs.existsSync(fixture)) continue;
      if (UPDATE) fs.rmSync(path.join(dir, f));
      else obsolete.push(path.join(id, 'fixtures', f));
    }
  }
  assert.deepEqual(
    obsolete,
    [],
    `obsolete snapshots (their fixture or rule is gone): delete them, or run ${SNAPSHOT_UPDATE_HINT}`,
  );
});
