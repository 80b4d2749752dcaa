// A position table must give exactly the span locate.ts gives on the nodes, for every path of every
// document we have (examples, rule fixtures, the Polaris corpus when present, odd YAML), and for
// paths that do not exist.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import { spanOf } from './locate';
import { positionTable, tableSpan } from './positions';
import { repoRoot } from './testing';
import type { Path } from './types';

function yamlFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f));
}

const ODD = [
  'a: 1\n"quoted": 2\n\'single\': 3\n1.0: x\n~: y\n? [complex]\n: z\nempty:\nplain: "v"\n',
  'list: [a, b: c, {d: e}, [f]]\nmap: {x: 1, "y z": 2}\nnested:\n  - - 1\n    - 2\n  - k: v\n    l: [1]\n  -\n',
  'key: |\n  block\n  text\nother: >-\n  folded\n# comment\nlast: !!str 5\n',
  'esc: "\\u0041"\n"\\u0042": 1\ntrue: t\n0x10: hex\n',
];

/** Every path to a node of the document, plus steps that do not exist from each. */
function pathsOf(doc: Document.Parsed): Path[] {
  const out: Path[] = [[]];
  const walk = (node: unknown, at: Path, depth: number) => {
    if (depth > 50) return;
    out.push([...at, 'no-such-key'], [...at, 0], [...at, -1], [...at, 1.5], [...at, 99]);
    if (isMap(node)) {
      for (const p of node.items) {
        if (!isPair(p) || !isScalar(p.key)) continue;
        const step = String(p.key.value);
        out.push([...at, step]);
        walk(p.value, [...at, step], depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        out.push([...at, i]);
        walk(item, [...at, i], depth + 1);
      });
    }
  };
  walk(doc.contents, [], 0);
  return out;
}

test('position tables give the spans the nodes give, on every path', () => {
  const root = repoRoot();
  const files = [
    ...yamlFilesUnder(path.join(root, 'examples')),
    ...yamlFilesUnder(path.join(root, 'server', 'src', 'engine', 'rules')),
    ...yamlFilesUnder(path.join(root, '..', 'shared', 'corpus', 'polaris')),
  ];
  assert.ok(files.length > 20, `found ${files.length} YAML files`);
  let checked = 0,
    tables = 0;
  for (const text of [...ODD, ...files.map((f) => fs.readFileSync(f, 'utf8'))]) {
    for (const doc of parseAllDocuments(text, { uniqueKeys: true }) as unknown as Document.Parsed[]) {
      if (doc.errors.length) continue;
      const t = positionTable(doc.contents, text);
      if (!t) continue; // a document with aliases: spans come from its nodes
      tables++;
      for (const p of pathsOf(doc)) {
        assert.deepEqual(
          tableSpan(t, text, p),
          spanOf({ doc }, p),
          `path ${JSON.stringify(p)} in ${JSON.stringify(text.slice(doc.range[0], doc.range[0] + 60))}`,
        );
        checked++;
      }
    }
  }
  assert.ok(tables > 50 && checked > 5000, `${tables} tables, ${checked} paths`);
});

test('a document too big for a string table gets an Int32Array one, with the same spans', () => {
  // Offsets past 65,534 do not fit a code unit.
  const text = `pad: "${'x'.repeat(70_000)}"\nlist:\n  - {name: a, port: 80}\n  - name: b\nlast: {k: v}\n`;
  const [doc] = parseAllDocuments(text) as unknown as Document.Parsed[];
  const big = positionTable(doc.contents, text)!;
  assert.ok(big.slots instanceof Int32Array);
  const shortText = text.replace(/x+/, 'x');
  const [shortDoc] = parseAllDocuments(shortText) as unknown as Document.Parsed[];
  assert.equal(typeof positionTable(shortDoc.contents, shortText)?.slots, 'string');
  for (const p of pathsOf(doc))
    assert.deepEqual(tableSpan(big, text, p), spanOf({ doc }, p), `path ${JSON.stringify(p)}`);
});

test('a document with aliases has no table (its value does not follow its nodes)', () => {
  const [doc] = parseAllDocuments('a: &x {b: 1}\nc: *x\n') as unknown as Document.Parsed[];
  assert.equal(positionTable(doc.contents, 'a: &x {b: 1}\nc: *x\n'), null);
});
