import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAllDocuments, isMap, type Document } from 'yaml';
import { cuts, editedCuts, parseFileData, parseSource } from './parse';
import { lint } from './testing';
import { inputs, seedCorpus } from '../../../test/robustness/fuzz-core';

test('each document with apiVersion and kind is an object with its own offsets', () => {
  const s = parseSource(
    'f.yaml',
    'apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: x}\n---\n# just a comment\n---\nfoo: bar\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\n',
  );
  const objs = s.docs.map((d) => d.object && `${d.object.kind}/${d.object.name}@${d.object.namespace}`);
  assert.deepEqual(objs, ['Service/a@x', null, null, 'Deployment/b@default']);
});

test('a broken document is a yaml-syntax error; the other documents are still analysed', () => {
  const text =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {replicas: 1, selector: {matchLabels: {x: y}}, template: {metadata: {labels: {x: y}}, spec: {containers: []}}}\n---\nkey: [unclosed\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s\n';
  const f = lint(text);
  assert.ok(
    f.some((x) => x.rule === 'yaml-syntax' && x.range.start.line >= 5),
    'syntax error reported in the broken document',
  );
  assert.ok(
    f.some((x) => x.rule === 'single-replica'),
    'the valid document is still analysed',
  );
});

test('duplicate keys are reported', () => {
  const f = lint('apiVersion: v1\nkind: Pod\nkind: Pod\n');
  assert.equal(f.filter((x) => x.rule === 'yaml-syntax').length, 1);
});

test('an alias bomb is reported, not expanded', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`,
    );
  const f = lint('apiVersion: v1\nkind: ConfigMap\n' + lines.join('\n') + '\n');
  assert.equal(f.length, 1);
  assert.equal(f[0].rule, 'yaml-syntax');
  assert.match(f[0].message, /not analysed/);
});

test('a YAML file with no Kubernetes object has no findings', () => {
  assert.deepEqual(lint('name: my-app\nversion: 1.2.3\ndependencies:\n  - a\n'), []);
  assert.deepEqual(lint(''), []);
});

test('cutting a file into documents at `---` lines never changes what the documents parse to', () => {
  // Each document uses the tag handle !e!: a cut between a %TAG directive and its document fails it.
  const cm = (n: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${n}}\ndata: {k: "50%", t: !e!x v}\n`;
  const tag = '%TAG !e! tag:example.com,2000:';
  const texts = [
    `${cm('a')}---\n${cm('b')}---\n${cm('c')}`,
    `${tag}\n---\n${cm('a')}---\n${cm('b')}`, // a directive: no cuts
    `${tag}\n---\n${cm('a')}...\n${tag}\n---\n${cm('b')}`, // a directive after a document end
    `${cm('a')}...\n---\n${cm('b')}`,
    `${cm('a')}...  \n${cm('b')}`,
    `${cm('a')}...\f\n---\n${cm('b')}`,
    `${tag}\n---\n${cm('a')}...\r${tag}\n---\n${cm('b')}`,
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n...\r${tag}\n---\n${cm('b')}`, // a directive line after a lone CR
    `${cm('a')}\u2028...\n---\n${cm('b')}`,
    `${cm('a')}x: "...\n---\n"\n${cm('b')}`, // `---` inside a quoted scalar
    `${cm('a')}--- # comment\n${cm('b')}---\t\n${cm('c')}----\nnot: a cut\n`,
    `---\n${cm('a')}---\n`,
  ];
  for (const text of texts) {
    const whole = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
    const source = parseSource('f.yaml', text);
    const show = JSON.stringify(text.slice(0, 140));
    assert.deepEqual(
      source.docs.map((d) => [d.start, d.end]),
      whole.map((d) => [d.range[0], d.range[2]]),
      `document ranges of ${show}`,
    );
    assert.deepEqual(
      source.docs.map((d) => d.object?.value ?? null),
      whole.map((d) => (d.errors.length === 0 && isMap(d.contents) ? d.toJS() : null)),
      `values of ${show}`,
    );
  }
});

test('cut points found from the previous cut and the changed middle equal a fresh scan, after every random edit', () => {
  // Edits aimed at what decides a cut: `-`, `.` and `%` typed or deleted next to line breaks of
  // every kind, whole marker lines inserted, and documents without a final newline.
  const cm = (n: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${n}}\ndata: {k: "50%", d: "..."}\n`;
  const typed = [
    '-',
    '-',
    '-',
    '.',
    '%',
    '\n',
    '\r',
    '\u2028',
    ' ',
    '\t',
    'x',
    '---\n',
    '...\n',
    '%YAML 1.2\n',
    '\n---',
    '---',
  ];
  let state = 7;
  const rnd = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  let checked = 0;
  for (let run = 0; run < 40; run++) {
    let text = [cm('a'), cm('b'), cm('c'), cm('d')].join(run % 2 ? '---\n' : '--- \n') + (run % 3 === 0 ? '---' : '');
    for (let n = 0; n < 60; n++) {
      const points = cuts(text);
      const old = points.map((p, i) => ({
        start: p,
        text: text.slice(p, i + 1 < points.length ? points[i + 1] : text.length),
      }));
      // Edits near markers: at a random line start or right after a `-`/`.`/`%`, else anywhere.
      const marks = [...text.matchAll(/[\n.%-]/g)].map((m) => m.index! + 1);
      const at =
        rnd() < 0.7 && marks.length ? marks[Math.floor(rnd() * marks.length)] : Math.floor(rnd() * (text.length + 1));
      const next =
        rnd() < 0.35
          ? text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 3))
          : text.slice(0, at) + typed[Math.floor(rnd() * typed.length)] + text.slice(at);
      const incremental = editedCuts(next, text, old);
      if (incremental) {
        // What it says it found in place is there: the leading chunks at their start, the trailing ones moved by the change in length.
        for (let i = 0; i < incremental.head; i++)
          assert.equal(
            next.slice(old[i].start, old[i].start + old[i].text.length),
            old[i].text,
            `run ${run}, edit ${n + 1}: head chunk ${i}`,
          );
        for (let t = 0; t < incremental.tail; t++) {
          const c = old[old.length - 1 - t],
            at = c.start + next.length - text.length;
          assert.equal(next.slice(at, at + c.text.length), c.text, `run ${run}, edit ${n + 1}: tail chunk ${t}`);
        }
        assert.deepEqual(
          incremental.points,
          cuts(next),
          `run ${run}, edit ${n + 1}: ${JSON.stringify(text)} → ${JSON.stringify(next)}`,
        );
        checked++;
      }
      text = next;
    }
  }
  assert.ok(checked > 800, `only ${checked} edits were answered incrementally`);
});

/** a and b are the same JS value: same prototypes, same own keys in the same order (descriptors
 *  included), same primitives by Object.is (NaN, -0). */
function sameJs(a: unknown, b: unknown, at = '$'): string | null {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null)
    return Object.is(a, b) ? null : `${at}: ${String(a)} vs ${String(b)}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: prototypes differ`;
  const ka = Reflect.ownKeys(a),
    kb = Reflect.ownKeys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i]))
    return `${at}: keys ${ka.map(String)} vs ${kb.map(String)}`;
  for (const k of ka) {
    const da = Object.getOwnPropertyDescriptor(a, k)!,
      db = Object.getOwnPropertyDescriptor(b, k)!;
    if (da.enumerable !== db.enumerable || da.writable !== db.writable) return `${at}.${String(k)}: descriptors differ`;
    const d = sameJs(da.value, db.value, `${at}.${String(k)}`);
    if (d) return d;
  }
  return null;
}

/** Each document's value as parseFileData gives it against doc.toJS() of the whole text. */
function valuesDiffer(text: string): string | null {
  let whole: Document.Parsed[] = parseAllDocuments(text, {
    uniqueKeys: true,
    prettyErrors: false,
  }) as Document.Parsed[];
  // A broken text is parsed document by document on purpose (a quote left open does not swallow
  // the documents after the next `---` line): compare with toJS of each document's own text.
  if (whole.some((d) => d.errors.length > 0)) {
    const points = cuts(text);
    whole = points.flatMap(
      (p, i) =>
        parseAllDocuments(text.slice(p, points[i + 1] ?? text.length), {
          uniqueKeys: true,
          prettyErrors: false,
        }) as Document.Parsed[],
    );
  }
  const data = parseFileData(text);
  if (data.skip !== null) return null;
  // A `---` line cannot be content (YAML forbids it at a line start inside a scalar), so the file
  // is cut there; `yaml` alone, recovering from an unclosed quote, reads on across it. Then the
  // reference is each cut's documents as `yaml` gives them, and the values are still compared.
  if (whole.some((d) => d.errors.length > 0) && data.chunks.length > 1) {
    whole = data.chunks.flatMap((c): Document.Parsed[] =>
      parseAllDocuments(text.slice(c.start, c.end), { uniqueKeys: true, prettyErrors: false }),
    );
  }
  const mine = data.chunks.flatMap((c) => c.docs.map((d) => d.value));
  if (mine.length !== whole.length) return `${mine.length} documents vs ${whole.length}`;
  for (const [i, d] of whole.entries()) {
    let expected: unknown;
    try {
      expected = d.errors.length === 0 && isMap(d.contents) ? d.toJS({ maxAliasCount: 100 }) : undefined;
    } catch {
      expected = undefined;
    }
    const diff = sameJs(mine[i], expected, `doc ${i}`);
    if (diff) return diff;
  }
  return null;
}

test("documents' values are what yaml's toJS gives, key order and all: edge cases, every fixture and example, fuzzed inputs", () => {
  const edge = [
    'a: 1\nb: 1.0\nc: 0x1F\nd: .inf\ne: -.inf\nf: .nan\ng: -0\nh: 9007199254740993\ni: true\nj: ~\nk:\nl: ""\n',
    '__proto__: {polluted: true}\nconstructor: 1\ntoString: 2\nhasOwnProperty: x\n',
    '1: a\n"1": b\n1.0: c\ntrue: d\n~: e\nnull: f\n',
    'a: &x {b: 1}\nc: *x\n',
    'base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n',
    '"<<": quoted\nm: !!map {a: 1}\ns: !!set {a, b}\no: !!omap [a: 1]\nt: !custom x\nu: !!str 12\n',
    '? [a, b]\n: complex\n? {c: d}\n: too\n',
    'seq: [a, b: c, {d: e}]\nblock: |\n  line\n  two\nfolded: >-\n  x\n  y\n',
    'a: &anchored 1\nb: [&s 2, *s]\n',
    '- not\n- a map\n',
    'a: [1, null, ~, ""]\nb:\n  -\n  - x\n  - {}\n  - []\n',
    'plain\n',
    'a: b\na: c\n',
  ];
  for (const text of edge) assert.equal(valuesDiffer(text), null, JSON.stringify(text));
  const corpus = seedCorpus();
  assert.ok(corpus.length > 40, `${corpus.length} seeds`);
  for (const { name, text } of corpus) assert.equal(valuesDiffer(text), null, name);
  fc.assert(
    fc.property(inputs(corpus), (text) => valuesDiffer(text) === null),
    { numRuns: 600, seed: 20261126 },
  );
});
