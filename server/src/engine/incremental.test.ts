// Incremental re-analysis must give exactly what a fresh parse and analysis of the same text gives:
// reused documents are moved lazily (chunks.ts place()) and their findings are moved, not
// recomputed (analyze.ts findingsFor()), so positions, related information and fixes are compared
// after every edit of a random sequence.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeSource } from './analyze';
import { mergeConfig } from './config';
import { applyEdits } from './edits';
import { DEFAULT_LIMITS, parseFileData, releaseDocuments } from './parse';
import { repoRoot } from './testing';
import type { Finding } from './types';
import { createIndex } from './workspace';

/** A small deterministic PRNG (mulberry32), so a failure names its seed and edit. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const config = mergeConfig({});

/** Everything a client sees of a finding, fixes applied to the text included. */
function observable(findings: Finding[], text: string): unknown[] {
  return findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    file: f.file,
    range: f.range,
    offset: f.offset,
    related: f.related.map((r) => ({ file: r.file, range: r.range, message: r.message })),
    fixes: f.fixes.map((x) => ({
      title: x.title,
      preferred: x.preferred,
      result: applyEdits(
        text,
        x.edits().filter((e) => e.file === f.file),
      ),
    })),
  }));
}

function fresh(files: Record<string, string>, file: string): unknown[] {
  const index = createIndex(DEFAULT_LIMITS);
  for (const [f, t] of Object.entries(files)) index.setFile(f, t);
  return observable(analyzeSource(index, index.getFile(file)!, config), files[file]);
}

const examples = ['api.yaml', 'web.yaml', 'queue.yaml', 'postgres.yaml'].map((f) =>
  fs.readFileSync(path.join(repoRoot(), 'examples', f), 'utf8'),
);

/** One random edit: a character typed, deleted or replaced (the length stays), a line duplicated, a `---` inserted. */
function edit(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
  switch (Math.floor(rnd() * 7)) {
    case 0:
      return text.slice(0, at) + 'x' + text.slice(at);
    case 6:
      return text.slice(0, at) + (text[at] === 'y' ? 'z' : 'y') + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + text.slice(at + 1);
    case 2:
      return text.slice(0, at) + '\n' + text.slice(at);
    case 3:
      return text.slice(0, lineEnd) + '\n' + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
    case 4:
      return text.slice(0, lineStart) + '---\n' + text.slice(lineStart);
    default:
      return text.slice(0, lineStart) + text.slice(lineEnd + 1);
  }
}

for (const released of [false, true]) {
  // Released: the files come in parsed elsewhere (as from the server's worker threads), and their
  // Documents are let go at random between edits, so spans come from position tables and nodes
  // are parsed again when fixes read them.
  test(`after each of 150 random edits, incremental findings equal a fresh analysis${released ? ' (files parsed elsewhere, Documents released)' : ''}`, () => {
    for (const seed of [1, 2, 3]) {
      const rnd = random(seed);
      const index = createIndex(DEFAULT_LIMITS);
      // Two files: cross-file rules (Services, PDBs) relate objects of both.
      let text = examples.join('---\n');
      const other = examples[(seed + 1) % examples.length];
      if (released) {
        index.setParsedFile('other.yaml', other, parseFileData(other));
        index.setParsedFile('big.yaml', text, parseFileData(text));
      } else {
        index.setFile('other.yaml', other);
        index.setFile('big.yaml', text);
      }
      analyzeSource(index, index.getFile('big.yaml')!, config); // fills the caches
      for (let n = 0; n < 50; n++) {
        text = edit(text, rnd);
        index.setFile('big.yaml', text);
        // Line starts are carried over from the previous parse for the unchanged documents.
        assert.deepEqual(
          index.getFile('big.yaml')!.lineCounter.lineStarts,
          createIndex(DEFAULT_LIMITS).setFile('x.yaml', text).lineCounter.lineStarts,
          `line starts, seed ${seed}, edit ${n + 1}`,
        );
        if (released && rnd() < 0.5) releaseDocuments(index.getFile(rnd() < 0.5 ? 'big.yaml' : 'other.yaml')!);
        const incremental = observable(analyzeSource(index, index.getFile('big.yaml')!, config), text);
        assert.deepEqual(
          incremental,
          fresh({ 'other.yaml': other, 'big.yaml': text }, 'big.yaml'),
          `seed ${seed}, edit ${n + 1}`,
        );
      }
    }
  });
}

test('deleting the lines above a `---` gives the line starts and findings a fresh parse gives', () => {
  const body = examples[1];
  for (const [before, after] of [
    [`x: 1\n---\n${body}`, `---\n${body}`],
    [`# a comment\n---\n${body}`, `---\n${body}`],
    [`a: 1\n---\nb: 2\n---\n${body}`, `a: 1\n---\n---\n${body}`],
  ]) {
    const index = createIndex(DEFAULT_LIMITS);
    index.setFile('f.yaml', before);
    analyzeSource(index, index.getFile('f.yaml')!, config);
    const source = index.setFile('f.yaml', after);
    assert.deepEqual(
      source.lineCounter.lineStarts,
      createIndex(DEFAULT_LIMITS).setFile('x.yaml', after).lineCounter.lineStarts,
      JSON.stringify(before.slice(0, 12)),
    );
    assert.deepEqual(observable(analyzeSource(index, source, config), after), fresh({ 'f.yaml': after }, 'f.yaml'));
  }
});

test('a file parsed elsewhere gives the findings and fixes a parse with Documents gives', () => {
  const texts = [
    ...examples,
    ...fs
      .readdirSync(path.join(repoRoot(), 'server', 'src', 'engine', 'rules'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /fixtures[\\/].*\.ya?ml$/.test(f))
      .map((f) => fs.readFileSync(path.join(repoRoot(), 'server', 'src', 'engine', 'rules', f), 'utf8')),
  ];
  assert.ok(texts.length > 40, `${texts.length} texts`);
  for (const text of texts) {
    const index = createIndex(DEFAULT_LIMITS);
    const source = index.setParsedFile('f.yaml', text, parseFileData(text));
    assert.deepEqual(
      observable(analyzeSource(index, source, config), text),
      fresh({ 'f.yaml': text }, 'f.yaml'),
      text.slice(0, 80),
    );
  }
});

test('a reused document is read at its new offset (its nodes move when read)', () => {
  const index = createIndex(DEFAULT_LIMITS);
  const tail = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n';
  const first = index.setFile('f.yaml', `a: 1\n---\n${tail}`);
  const obj = first.docs[1].object!;
  const second = index.setFile('f.yaml', `a: 12345\n---\n${tail}`);
  assert.equal(second.docs[1].object, obj, 'the unchanged document is reused');
  const name = obj.doc.contents!.range![0];
  assert.equal(second.text.slice(name, name + 'apiVersion'.length), 'apiVersion');
  assert.equal(second.docs[1].start, second.text.indexOf('---'), 'the document starts at its marker');
});

test('typing a template or a NUL into one document of a clean file skips the file, as a fresh parse does', () => {
  for (const inserted of ['{{ .Values.image }}', '\u0000']) {
    const index = createIndex(DEFAULT_LIMITS);
    const clean = examples.join('---\n');
    index.setFile('big.yaml', clean);
    const at = clean.indexOf('\n', Math.floor(clean.length / 2)) + 1; // a line start in a middle document
    const dirty = `${clean.slice(0, at)}x: ${inserted}\n${clean.slice(at)}`;
    const incremental = index.setFile('big.yaml', dirty);
    const fresh = createIndex(DEFAULT_LIMITS).setFile('big.yaml', dirty);
    assert.deepEqual(
      incremental.parseFindings.map((f) => [f.rule, f.message]),
      fresh.parseFindings.map((f) => [f.rule, f.message]),
    );
    assert.ok(
      incremental.parseFindings.some((f) => f.rule === 'analysis-skipped'),
      `${JSON.stringify(inserted)} must skip the file`,
    );
    // And removing it again analyses the file again.
    assert.ok(!index.setFile('big.yaml', clean).parseFindings.some((f) => f.rule === 'analysis-skipped'));
  }
});

test('analysis that keeps nothing (cache: false, as kube-ha lint runs it) gives what the cached analysis gives', () => {
  // The examples as one workspace (their Services, PDBs and workloads refer to each other), then
  // every rule fixture on its own.
  const sets: Record<string, string>[] = [Object.fromEntries(examples.map((t, i) => [`example-${i}.yaml`, t]))];
  for (const f of fs.readdirSync(path.join(repoRoot(), 'server', 'src', 'engine', 'rules'), {
    recursive: true,
    encoding: 'utf8',
  })) {
    if (/fixtures[\\/].*\.ya?ml$/.test(f))
      sets.push({ 'f.yaml': fs.readFileSync(path.join(repoRoot(), 'server', 'src', 'engine', 'rules', f), 'utf8') });
  }
  let total = 0;
  for (const files of sets) {
    const once = createIndex(DEFAULT_LIMITS);
    const cached = createIndex(DEFAULT_LIMITS);
    for (const [f, t] of Object.entries(files)) {
      once.setFile(f, t);
      cached.setFile(f, t);
    }
    for (const [f, t] of Object.entries(files)) {
      const plain = observable(analyzeSource(once, once.getFile(f)!, config, { cache: false }), t);
      analyzeSource(cached, cached.getFile(f)!, config);
      // The second cached analysis answers from the cache.
      assert.deepEqual(plain, observable(analyzeSource(cached, cached.getFile(f)!, config), t), t.slice(0, 80));
      total += plain.length;
    }
  }
  assert.ok(sets.length > 40 && total > 40, `${sets.length} sets, ${total} findings`);
});
