// Regression tests of issue 16, defects 1–5: what `kube-ha lint --fix` does to the bytes it is
// trusted with, and which files a run reads.
// The manifests are lone Deployments, whose replica fix is unsafe (v1.2): --unsafe-fixes makes
// these tests about the bytes written, not about which fixes are safe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './main';
import { SINGLE } from '../engine/testing';
// SINGLE's replica fix is unsafe (no Service selects it, rules.md v1.2): these tests are about bytes, so --unsafe-fixes.

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-fix-'));
}

async function cli(argv: string[], cwd: string, stdin: string | Buffer = '') {
  let stdout = '',
    stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readStdin: async () => stdin,
    cwd,
    env: {},
  });
  return { code, stdout, stderr };
}

/** SINGLE with a Latin-1 comment (`# café`, é as the single byte 0xE9) on its name line. */
function latin1File(): Buffer {
  const [head, tail] = SINGLE.split('  name: web\n');
  return Buffer.concat([Buffer.from(head + '  name: web # caf'), Buffer.from([0xe9]), Buffer.from('\n' + tail)]);
}

test('defect 1: --fix keeps a Latin-1 byte as it was (no U+FFFD), and the next lint still reports it', async () => {
  const dir = tmp();
  const before = latin1File();
  fs.writeFileSync(path.join(dir, 'web.yaml'), before);
  // The same file with an ASCII e in place of the 0xE9 byte, fixed: what the Latin-1 file must
  // become, with its byte put back (it lies before every edit, so at the same offset).
  const ascii = tmp();
  const at = before.indexOf(0xe9);
  fs.writeFileSync(
    path.join(ascii, 'web.yaml'),
    Buffer.concat([before.subarray(0, at), Buffer.from('e'), before.subarray(at + 1)]),
  );
  await cli(['lint', '--fix', '--unsafe-fixes', 'web.yaml'], ascii);
  const expected = fs.readFileSync(path.join(ascii, 'web.yaml'));
  expected[at] = 0xe9;
  const r = await cli(['lint', '--fix', '--unsafe-fixes', '--format', 'json', 'web.yaml'], dir);
  const after = fs.readFileSync(path.join(dir, 'web.yaml'));
  assert.ok(!after.includes(Buffer.from([0xef, 0xbf, 0xbd])), `no replacement character written; stderr: ${r.stderr}`);
  assert.match(after.toString('latin1'), /replicas: 2/, 'the fixes were applied');
  assert.ok(after.equals(expected), "byte-identical to the ASCII file's fix, the 0xE9 byte kept");
  const again = await cli(['lint', '--format', 'json', 'web.yaml'], dir);
  assert.ok(
    JSON.parse(again.stdout).findings.some(
      (f: { rule: string; message: string }) => f.rule === 'yaml-syntax' && /invalid UTF-8/.test(f.message),
    ),
    again.stdout,
  );
});

test('defect 1 (BOM, CRLF): --fix keeps a byte-order mark and the CRLF line ends it did not edit', async () => {
  const dir = tmp();
  const crlf = SINGLE.replace(/\n/g, '\r\n');
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  fs.writeFileSync(path.join(dir, 'bom.yaml'), Buffer.concat([bom, Buffer.from(crlf)]));
  const plain = tmp();
  fs.writeFileSync(path.join(plain, 'plain.yaml'), crlf);
  const r = await cli(['lint', '--fix', '--unsafe-fixes', 'bom.yaml'], dir);
  await cli(['lint', '--fix', '--unsafe-fixes', 'plain.yaml'], plain);
  const after = fs.readFileSync(path.join(dir, 'bom.yaml'));
  assert.deepEqual(after.subarray(0, 3), bom, `BOM kept; ${r.stderr}`);
  assert.ok(
    after.subarray(3).equals(fs.readFileSync(path.join(plain, 'plain.yaml'))),
    'the same bytes as the fix without a BOM',
  );
  const lines = (b: Buffer | string) => b.toString().split('\r\n').length;
  assert.ok(lines(after) >= lines(crlf), 'every CRLF kept');
});

test('defect 2: read-time findings (invalid UTF-8, size limit) count the same in lint, --fix and --fix-dry-run', async () => {
  const dir = tmp();
  const bad = Buffer.concat([
    Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: "caf'),
    Buffer.from([0xe9]),
    Buffer.from('"}\n'),
  ]);
  fs.writeFileSync(path.join(dir, 'bad.yaml'), bad);
  fs.mkdirSync(path.join(dir, 'big'));
  fs.writeFileSync(path.join(dir, 'big', '.kube-ha.yaml'), 'maxFileBytes: 1000\n');
  fs.writeFileSync(path.join(dir, 'big', 'web.yaml'), SINGLE + '# ' + 'x'.repeat(2000) + '\n');
  for (const [cwd, file, failOn] of [
    [dir, 'bad.yaml', 'warning'],
    [path.join(dir, 'big'), 'web.yaml', 'info'],
  ] as const) {
    const codes: number[] = [];
    for (const mode of [[], ['--fix', '--unsafe-fixes'], ['--fix-dry-run', '--unsafe-fixes']]) {
      const r = await cli(['lint', '--fail-on', failOn, ...mode, file], cwd);
      codes.push(r.code);
    }
    assert.deepEqual(codes, [1, 1, 1], `${file}: lint, --fix, --fix-dry-run`);
    const fixed = await cli(['lint', '--fix', '--unsafe-fixes', '--format', 'json', '--fail-on', failOn, file], cwd);
    const rules = JSON.parse(fixed.stdout).findings.map((f: { rule: string }) => f.rule);
    assert.ok(rules.includes(failOn === 'info' ? 'analysis-skipped' : 'yaml-syntax'), `${file} under --fix: ${rules}`);
  }
  assert.deepEqual(fs.readFileSync(path.join(dir, 'bad.yaml')), bad, 'nothing to fix: not rewritten');
});

test('defect 4: a file reached twice (a symlinked directory holding a symlink to it) is read, reported and fixed once', async () => {
  const dir = tmp();
  fs.mkdirSync(path.join(dir, 'real'));
  fs.writeFileSync(path.join(dir, 'real', 'web.yaml'), SINGLE);
  fs.symlinkSync('web.yaml', path.join(dir, 'real', 'link.yaml'));
  fs.symlinkSync('real', path.join(dir, 'via'));
  const lint = await cli(['lint', '--format', 'json', 'via', 'real'], dir);
  const out = JSON.parse(lint.stdout);
  assert.equal(out.files, 1, lint.stderr);
  assert.deepEqual(
    out.findings.map((f: { file: string }) => f.file),
    ['via/web.yaml'],
    "under the path given first, by its own name, not a link's (files/discovery.ts)",
  );
  const r = await cli(['lint', '--fix', '--unsafe-fixes', '--format', 'json', 'via'], dir);
  assert.match(fs.readFileSync(path.join(dir, 'real', 'web.yaml'), 'utf8'), /replicas: 2/, r.stderr);
  assert.ok(
    fs.lstatSync(path.join(dir, 'real', 'link.yaml')).isSymbolicLink(),
    'a fix through a symlink rewrites its target, not the link',
  );
  assert.equal((r.stderr.match(/fixed /g) ?? []).length, 1, r.stderr);
  // The exit status is a lint of the fixed file: Deployment with 2 replicas still lacks a PDB.
  const after = await cli(['lint', 'real'], dir);
  assert.equal(r.code, after.code);
});

test('defect 5: names that are not valid UTF-8, hold a newline or start with - are read and reported, escaped', async () => {
  const dir = tmp();
  const bytes = Buffer.concat([Buffer.from(dir + '/caf'), Buffer.from([0xe9]), Buffer.from('.yaml')]);
  // Four Deployments of their own names and labels (one name in four files would be a duplicate).
  const own = (n: string) => SINGLE.replace(/web/g, n);
  fs.writeFileSync(bytes, own('a'));
  fs.writeFileSync(path.join(dir, 'two\nlines.yaml'), own('b'));
  fs.writeFileSync(path.join(dir, '-dash.yaml'), own('c'));
  fs.writeFileSync(path.join(dir, 'plain.yaml'), own('d'));
  const r = await cli(['lint', '--format', 'json', '--fail-on', 'info', '.'], dir);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.files, 4, r.stderr);
  assert.deepEqual([...new Set(out.findings.map((f: { file: string }) => f.file))].sort(), [
    '-dash.yaml',
    'caf\\xe9.yaml',
    'plain.yaml',
    'two\\nlines.yaml',
  ]);
  const text = await cli(['lint', '.'], dir);
  assert.ok(
    text.stdout.split('\n').every((l) => !l.startsWith('lines.yaml')),
    'a newline in a name does not start a line of output',
  );
  const fixed = await cli(['lint', '--fix', '--unsafe-fixes', '.'], dir);
  assert.equal((fixed.stderr.match(/^kube-ha: fixed /gm) ?? []).length, 4, fixed.stderr);
  assert.equal(fixed.code, 0, 'every finding fixed');
  assert.match(fs.readFileSync(bytes, 'utf8'), /replicas: 2/);
});

// ---- property: bytes outside each applied edit are unchanged ------------------------------------
import * as fc from 'fast-check';
import {
  analyzeSource,
  applyEdits,
  createIndex,
  DEFAULT_CONFIG,
  fixAll,
  type FileEdit,
  type FixAnalysis,
} from '../engine';
import { decodeUtf8 } from '../engine/parse';
import { lint, repoRoot } from '../engine/testing';
import { byteSpans, bomLength, isValidUtf8 } from '../utf8-bytes';
import { spliceFixes } from './fix-files';
import { inputs as fuzzInputs, seedCorpus } from '../../../test/robustness/fuzz-core';
import { yamlFilesUnder } from '../../../test/yaml-files';

/** Each input as it is, with a BOM and CRLF line ends, and with bytes that are not UTF-8 in comments. */
function variants(bytes: Buffer): { name: string; bytes: Buffer }[] {
  const crlf = Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
  return [
    { name: 'as is', bytes },
    { name: 'BOM + CRLF', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), crlf]) },
    {
      name: 'Latin-1 comments',
      bytes: Buffer.concat([
        Buffer.from('# caf'),
        Buffer.from([0xe9, 0x0a]),
        bytes,
        Buffer.from('\n# \xff\n', 'latin1'),
      ]),
    },
  ];
}

/** Fix `bytes` round by round, checking each round's splice against the bytes it came from. */
function checkRounds(what: string, bytes: Buffer): number {
  const text = decodeUtf8(bytes).text;
  // As --fix analyses: fixes on other documents share a round, so a round splices several edits.
  const r = fixAll(text, (t) => lintWithDocs('f.yaml', t), 'f.yaml');
  let prev = bytes,
    prevText = text;
  for (const [k, edits] of r.rounds.entries()) {
    const nextText = applyEdits(prevText, edits);
    const out = spliceFixes(prev, prevText, [edits], nextText);
    if ('withheld' in out) {
      assert.ok(!isValidUtf8(bytes), `${what}: round ${k} withheld (${out.withheld}) on a valid UTF-8 file`);
      return k;
    }
    const next = out.bytes;
    const sorted: FileEdit[] = [...edits].sort((a, b) => a.start - b.start);
    const spans = byteSpans(prev, sorted)!;
    // Byte ranges, not decoded strings: every byte between the edits is where it was, shifted.
    let shift = 0,
      from = 0;
    for (const [i, s] of spans.entries()) {
      assert.ok(
        prev.subarray(from, s.start).equals(next.subarray(from + shift, s.start + shift)),
        `${what}: bytes ${from}-${s.start} before edit ${i} of round ${k} unchanged`,
      );
      assert.equal(
        decodeUtf8(prev.subarray(0, s.start)).text,
        prevText.slice(0, sorted[i].start),
        `${what}: edit ${i} of round ${k} spliced at its text's bytes`,
      );
      const enc = Buffer.from(sorted[i].newText, 'utf8');
      assert.ok(
        next.subarray(s.start + shift, s.start + shift + enc.length).equals(enc),
        `${what}: the edit's own bytes`,
      );
      shift += enc.length - (s.end - s.start);
      from = s.end;
    }
    assert.ok(
      prev.subarray(from).equals(next.subarray(from + shift)),
      `${what}: bytes after the last edit of round ${k} unchanged`,
    );
    assert.equal(bomLength(next), bomLength(bytes), `${what}: BOM kept`);
    prev = next;
    prevText = nextText;
  }
  const all = spliceFixes(bytes, text, r.rounds, r.text);
  if ('bytes' in all) assert.ok(all.bytes.equals(prev), `${what}: all rounds at once give the same bytes`);
  return r.rounds.length;
}

test('property: for every fixture and example (as is, BOM + CRLF, Latin-1 bytes) bytes outside each applied edit are unchanged', () => {
  const files = [
    ...yamlFilesUnder(path.join(repoRoot(), 'server', 'src', 'engine', 'rules')),
    ...yamlFilesUnder(path.join(repoRoot(), 'examples')),
  ];
  let rounds = 0;
  for (const file of files)
    for (const v of variants(fs.readFileSync(file)))
      rounds += checkRounds(`${path.relative(repoRoot(), file)} (${v.name})`, v.bytes);
  assert.ok(files.length > 50 && rounds > 100, `${files.length} files, ${rounds} fixes applied`);
});

test('property: fuzzed inputs (mutated seeds and generated manifests), bytes outside each applied edit are unchanged', () => {
  fc.assert(
    fc.property(fuzzInputs(seedCorpus()), fc.constantFrom(0, 1, 2), (text, v) => {
      checkRounds(`fuzzed (variant ${v})`, variants(Buffer.from(text, 'utf8'))[v].bytes);
    }),
    { numRuns: 60, seed: 16 },
  );
});

/** fixAll's analysis with the documents' ranges (as --fix gives it): fixes on other documents share a round. */
function lintWithDocs(file: string, text: string): FixAnalysis {
  const index = createIndex();
  const source = index.setFile(file, text);
  return { findings: analyzeSource(index, source, DEFAULT_CONFIG), docs: source.docs };
}

test('property: fixes batched by document give what one fix a round gives, in fewer rounds (fixtures, examples, both safety levels)', () => {
  const files = [
    ...yamlFilesUnder(path.join(repoRoot(), 'server', 'src', 'engine', 'rules')),
    ...yamlFilesUnder(path.join(repoRoot(), 'examples')),
  ];
  let one = 0,
    batched = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const unsafe of [false, true]) {
      const a = fixAll(text, (t) => lint({ 'f.yaml': t }), 'f.yaml', 100, { unsafe });
      const b = fixAll(text, (t) => lintWithDocs('f.yaml', t), 'f.yaml', 100, { unsafe });
      const what = `${path.relative(repoRoot(), file)}${unsafe ? ' (unsafe too)' : ''}`;
      assert.equal(b.text, a.text, `${what}: the same fixed text`);
      assert.deepEqual(
        b.applied.map((x) => x.rule).sort(),
        a.applied.map((x) => x.rule).sort(),
        `${what}: the same fixes`,
      );
      assert.ok(b.rounds.length <= a.rounds.length, `${what}: no more rounds`);
      one += a.rounds.length;
      batched += b.rounds.length;
    }
  }
  assert.ok(batched < one, `batched ${batched} rounds, one a round ${one}`);
});
