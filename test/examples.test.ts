// examples/ is a realistic app with deliberate HA mistakes, each marked `# expect: <rule>` at
// the top of its document. The whole folder, analysed together, must report exactly those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeSource, createIndex, mergeConfig, RULE_IDS } from '../server/src/engine';
import { repoRoot } from '../server/src/engine/testing';

test('examples/ reports exactly the marked mistakes, document by document', () => {
  const dir = path.join(repoRoot(), 'examples');
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('.kube-ha'));
  const index = createIndex();
  const sources = files.map((f) => index.setFile(f, fs.readFileSync(path.join(dir, f), 'utf8')));
  const expected: string[] = [];
  const actual: string[] = [];
  for (const s of sources) {
    const findings = analyzeSource(index, s, mergeConfig());
    s.docs.forEach((d, i) => {
      const text = s.text.slice(d.start, d.end);
      for (const m of text.matchAll(/^# expect: ([a-z0-9-]+)\s*$/gm)) {
        assert.ok(RULE_IDS.has(m[1]), `${s.file}: marker for unknown rule ${m[1]}`);
        expected.push(`${s.file}#${i}:${m[1]}`);
      }
      for (const f of findings)
        if (f.offset.start >= d.start && f.offset.start < d.end) actual.push(`${s.file}#${i}:${f.rule}`);
    });
  }
  assert.ok(expected.length >= 10, 'the examples carry their markers');
  assert.deepEqual([...new Set(actual)].sort(), [...new Set(expected)].sort());
});
