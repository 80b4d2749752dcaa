// Issue 16, defects 6–8: reading and work are bounded whatever the input. Devices, stdin and FIFOs
// are read to the size limit plus one byte; a file of a million documents is a visible skip; the
// duplicate-key check is linear. Through the real binary, with its peak memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parseAllDocuments } from 'yaml';
import * as fc from 'fast-check';
import { runCli } from '../../server/src/cli/main';
import { parseSource, SKIPPED_RULE, SYNTAX_RULE } from '../../server/src/engine/parse';
import { repoRoot } from '../../server/src/engine/testing';
import { flowNesting, runBinary, SINGLE, tmpDir } from './hostile';

interface JsonOut {
  files: number;
  findings: { rule: string; file: string; message: string }[];
}

async function cli(argv: string[], cwd: string) {
  let stdout = '',
    stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readStdin: async () => '',
    cwd,
    env: {},
  });
  return { code, stdout, stderr };
}

test('defect 6: kube-ha lint /dev/zero stops at the size limit: a visible skip, bounded memory', async (t) => {
  const r = await runBinary(['lint', '--format', 'json', '/dev/zero'], tmpDir(), 60_000);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as JsonOut;
  assert.deepEqual(
    out.findings.map((f) => f.rule),
    [SKIPPED_RULE],
  );
  assert.match(out.findings[0].message, /size limit/);
  t.diagnostic(`peak RSS ${r.maxRssMB.toFixed(0)} MB`);
  assert.ok(r.maxRssMB < 300, `peak RSS ${r.maxRssMB.toFixed(0)} MB`);
});

test('defect 6: kube-ha lint - < /dev/zero stops at the size limit', async (t) => {
  const fd = fs.openSync('/dev/zero', 'r');
  try {
    const r = await runBinary(['lint', '--format', 'json', '-'], tmpDir(), 60_000, fd);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.deepEqual(
      out.findings.map((f) => [f.rule, f.file]),
      [[SKIPPED_RULE, '<stdin>']],
    );
    assert.match(out.findings[0].message, /size limit/);
    t.diagnostic(`peak RSS ${r.maxRssMB.toFixed(0)} MB`);
    assert.ok(r.maxRssMB < 300, `peak RSS ${r.maxRssMB.toFixed(0)} MB`);
  } finally {
    fs.closeSync(fd);
  }
});

test('defect 6: FIFOs and devices inside a directory are skipped with a message; a named FIFO never blocks', async () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'web.yaml'), SINGLE);
  assert.equal(spawnSync('mkfifo', [path.join(dir, 'pipe.yaml')]).status, 0);
  fs.symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
  // A lone Deployment's single-replica is info (v1.2): --fail-on info makes its finding the exit status.
  const r = await cli(['lint', '--format', 'json', '--fail-on', 'info', '.'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.equal((JSON.parse(r.stdout) as JsonOut).files, 1);
  assert.match(r.stderr, /pipe\.yaml: skipped, not a regular file/);
  // The /dev/zero link leads out of the directory: skipped as such.
  assert.match(r.stderr, /zero\.yaml: skipped/);
  // Named on the command line with no writer: read as empty, at once.
  const named = await cli(['lint', '--format', 'json', 'pipe.yaml'], dir);
  assert.equal(named.code, 0, named.stderr);
  assert.equal((JSON.parse(named.stdout) as JsonOut).files, 1);
});

test('defect 6: a process substitution (a pipe named /dev/fd/N) is read like a file', async () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'web.yaml'), SINGLE);
  const bin = path.join(repoRoot(), 'bin', 'kube-ha.js');
  const r = spawnSync(
    'bash',
    ['-c', `"${process.execPath}" "${bin}" lint --format json --fail-on info <(cat web.yaml)`],
    { cwd: dir, encoding: 'utf8' },
  );
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(
    (JSON.parse(r.stdout) as JsonOut).findings.map((f) => f.rule),
    ['single-replica'],
  );
});

test('defect 7: a million empty documents are a visible skip, not 1.6 GB of parsed documents', () => {
  for (const text of [
    '---\n'.repeat(1_000_000),
    '%YAML 1.2\n' + '---\n'.repeat(1_000_000),
    'a: 1\n' + '...\n'.repeat(1_000_000),
  ]) {
    const s = parseSource('many.yaml', text);
    assert.deepEqual(
      s.parseFindings.map((f) => f.rule),
      [SKIPPED_RULE],
    );
    assert.match(s.parseFindings[0].message, /documents/);
    assert.equal(s.docs.length, 0);
  }
  // A file just under the cap is parsed as usual.
  const many = Array.from({ length: 2000 }, (_, i) => SINGLE.replace(/web/g, `w${i}`)).join('---\n');
  assert.equal(parseSource('ok.yaml', many).docs.filter((d) => d.object).length, 2000);
});

test('defect 7: two 10 MB files of --- lines: no heap exhaustion, bounded memory', async (t) => {
  const dir = tmpDir();
  try {
    const docs = '---\n'.repeat(2_600_000); // 10.4 MB; under a raised limit
    fs.writeFileSync(path.join(dir, '.kube-ha.yaml'), 'maxFileBytes: 12000000\n');
    fs.writeFileSync(path.join(dir, 'a.yaml'), docs);
    fs.writeFileSync(path.join(dir, 'b.yaml'), docs);
    const r = await runBinary(['lint', '--format', 'json', '.'], dir, 120_000);
    assert.equal(r.signal, null);
    assert.equal(r.code, 0, r.stderr.slice(0, 500));
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.deepEqual(
      out.findings.map((f) => [f.file, f.rule]),
      [
        ['a.yaml', SKIPPED_RULE],
        ['b.yaml', SKIPPED_RULE],
      ],
    );
    t.diagnostic(`peak RSS ${r.maxRssMB.toFixed(0)} MB`);
    assert.ok(r.maxRssMB < 600, `peak RSS ${r.maxRssMB.toFixed(0)} MB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A ConfigMap of n keys (block style), or one flow mapping of n keys. */
const bigMap = (n: number, flow: boolean) =>
  flow
    ? `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {${Array.from({ length: n }, (_, i) => `key-${i}: "value-${i}"`).join(', ')}}\n`
    : `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${Array.from({ length: n }, (_, i) => `  key-${i}: value-${i}-${'x'.repeat(8)}`).join('\n')}\n`;

test('defect 8: duplicate keys are found as yaml finds them (block and flow maps, every key type)', () => {
  const keys = fc.oneof(
    fc.constantFrom(
      'a',
      'b',
      '"a"',
      "'a'",
      '1',
      '01',
      '0x1',
      'true',
      'True',
      'null',
      '~',
      '',
      '.nan',
      '1.0',
      '[x]',
      '{k: v}',
      '? c',
      '&x a',
      'a #c',
    ),
    fc.string({ maxLength: 3 }).map((s) => JSON.stringify(s)),
  );
  fc.assert(
    fc.property(fc.array(keys, { minLength: 1, maxLength: 6 }), fc.boolean(), (ks, flow) => {
      const text = flow
        ? `m: { ${ks.map((k, i) => `${k}: ${i}`).join(', ')} }\n`
        : `m:\n${ks.map((k, i) => `  ${k}: ${i}`).join('\n')}\n`;
      // By line: for an empty key (`: v`) yaml points past the colon, we at the key's (empty) start.
      const lineOf = (at: number) => text.slice(0, at).split('\n').length;
      const theirs = parseAllDocuments(text, { uniqueKeys: true }).flatMap((d) =>
        d.errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => lineOf(e.pos[0])),
      );
      const ours = parseSource('m.yaml', text)
        .parseFindings.filter((f) => f.rule === SYNTAX_RULE && /unique/.test(f.message))
        .map((f) => lineOf(f.offset.start));
      assert.deepEqual(ours, theirs.slice(0, ours.length), text);
      assert.equal(ours.length > 0, theirs.length > 0, text);
    }),
    { numRuns: 400, seed: 16 },
  );
});

test('defect 8: a 40,000-key ConfigMap and a 1.4 MB flow mapping are parsed and analysed (the check is linear)', () => {
  for (const flow of [false, true]) {
    const text = bigMap(flow ? 50_000 : 40_000, flow);
    const s = parseSource('big.yaml', text);
    assert.deepEqual(s.parseFindings, [], `flow: ${flow}`);
    assert.equal(s.docs[0].object?.kind, 'ConfigMap');
    // A duplicate at the end is still found.
    const dup = parseSource('dup.yaml', flow ? text.replace(/\}\n$/, ', key-0: again}\n') : text + '  key-1: again\n');
    assert.ok(
      dup.parseFindings.some((f) => /unique/.test(f.message)),
      `flow: ${flow}: duplicate found`,
    );
  }
});

test("nesting under the 1,000 limit that still exhausts the parser's stack is a visible skip, not a syntax error", () => {
  for (const depth of [824, 900, 990]) {
    const f = parseSource('deep.yaml', flowNesting(depth)).parseFindings;
    assert.ok(
      f.every((x) => x.rule !== SYNTAX_RULE || !/call stack/i.test(x.message)),
      `${depth}: ${JSON.stringify(f.map((x) => x.message))}`,
    );
    assert.ok(
      f.length === 0 || f.some((x) => x.rule === SKIPPED_RULE && /nesting/.test(x.message)),
      `${depth}: ${JSON.stringify(f.map((x) => x.message))}`,
    );
  }
});
