// Hostile inputs (issue 6) through the CLI (in-process and, for the 100 MB file, the real binary
// as a process with a memory check) and through the language server over stdio: each gets a
// clear diagnostic or a visible skip, never an exception, a hang or runaway memory, and the
// server keeps answering afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../server/src/cli/main';
import { lint } from '../../server/src/engine/testing';
import type { Config } from '../../server/src/engine';
import { codes, fileUri, startServer, type LspSession } from '../lsp/client';
import { hostileCases, ruleRe, runBinary, SINGLE, tmpDir, writeCase, writeHugeFile, type HostileCase } from './hostile';
import type { Diagnostic } from 'vscode-languageserver-protocol';

const MB = 1024 * 1024;

interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  file: string;
  range: { start: { line: number } };
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

/** Checks findings (CLI JSON or LSP diagnostics mapped to the same shape) against a case. */
function check(c: HostileCase, found: { rule: string; message: string; line: number }[]): void {
  const e = c.expect;
  const show = JSON.stringify(found.map((f) => `${f.rule}@${f.line}: ${f.message.slice(0, 100)}`));
  if ('onlySingleReplicaAtLine' in e) {
    if (e.onlySingleReplicaAtLine < 0) assert.deepEqual(found, [], `${c.name}: no findings; got ${show}`);
    else
      assert.deepEqual(
        found.map((f) => `${f.rule}@${f.line}`),
        [`single-replica@${e.onlySingleReplicaAtLine}`],
        `${c.name}: only the appended Deployment's finding; got ${show}`,
      );
    return;
  }
  const re = ruleRe(e.rule);
  assert.ok(
    found.some((f) => re.test(f.rule) && e.message.test(f.message)),
    `${c.name}: expected a ${e.rule} finding matching ${e.message}; got ${show}`,
  );
  if (e.alsoSingleReplica)
    assert.ok(
      found.some((f) => f.rule === 'single-replica'),
      `${c.name}: the rest of the file is still analysed; got ${show}`,
    );
  for (const f of found) {
    if (f.rule === 'analysis-skipped') assert.ok(f.message.length > 10, 'a skip says why');
  }
}

test('CLI (in-process): every hostile input gives a finding or a visible skip, never an internal error', async () => {
  const dir = tmpDir();
  for (const c of hostileCases()) {
    writeCase(dir, c);
    const r = await cli(['lint', '--format', 'json', '--fail-on', 'error', c.file], dir);
    assert.ok(r.code === 0 || r.code === 1, `${c.name}: exit ${r.code}, stderr: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /internal error|rule .* failed|\n\s+at /, `${c.name}: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { findings: JsonFinding[] };
    check(
      c,
      out.findings.map((f) => ({ rule: f.rule, message: f.message, line: f.range.start.line })),
    );
  }
});

test('CLI: a whole directory of hostile files is linted in one run', async () => {
  const dir = tmpDir();
  for (const c of hostileCases()) writeCase(dir, c);
  const r = await cli(['lint', '--format', 'json', '.'], dir);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|rule .* failed/);
  const out = JSON.parse(r.stdout) as { files: number; findings: JsonFinding[] };
  assert.equal(out.files, hostileCases().length);
});

test('limits are settings: maxFileBytes and timeBudgetMs are reported, not silently dropped', () => {
  const big = Array.from({ length: 3 }, () => SINGLE).join('---\n');
  const skipped = lint(big, { maxFileBytes: 1000 } as Partial<Config>);
  assert.ok(
    skipped.some((f) => f.rule === 'analysis-skipped' && f.severity === 'info' && /size limit/i.test(f.message)),
    JSON.stringify(skipped.map((f) => f.message)),
  );
  assert.ok(!skipped.some((f) => f.rule === 'single-replica'), 'a file over the limit is not analysed');
  assert.ok(
    lint(big).some((f) => f.rule === 'single-replica'),
    'under the default limit it is',
  );
  // 2,000 Deployments with a 1 ms budget: the budget is exceeded whatever the machine.
  const many = Array.from({ length: 2000 }, (_, i) => SINGLE.replace('name: web', `name: web-${i}`)).join('---\n');
  const budget = lint(many, { timeBudgetMs: 1 } as Partial<Config>);
  assert.ok(
    budget.some((f) => f.rule === 'analysis-skipped' && /time|budget/i.test(f.message)),
    'the stop is reported',
  );
});

test('CLI: .kube-ha.yaml maxFileBytes applies to the CLI', async () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, '.kube-ha.yaml'), 'maxFileBytes: 1000\n');
  fs.writeFileSync(path.join(dir, 'web.yaml'), SINGLE + '# ' + 'x'.repeat(2000) + '\n');
  const r = await cli(['lint', '--format', 'json', '--fail-on', 'error', 'web.yaml'], dir);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { findings: JsonFinding[] };
  assert.deepEqual(
    out.findings.map((f) => f.rule),
    ['analysis-skipped'],
  );
  assert.match(out.findings[0].message, /size limit/);
});

test('the real binary on a 100 MB file: a size-limit skip, bounded memory', async (t) => {
  const dir = tmpDir();
  try {
    writeHugeFile(path.join(dir, 'huge.yaml'), 100 * MB);
    fs.writeFileSync(path.join(dir, 'web.yaml'), SINGLE);
    const r = await runBinary(['lint', '--format', 'json', '--fail-on', 'info', '.'], dir, 90_000);
    assert.equal(r.signal, null);
    assert.equal(r.code, 1, `single-replica in web.yaml is found (info: no Service selects it); stderr: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { findings: JsonFinding[] };
    const huge = out.findings.filter((f) => f.file === 'huge.yaml');
    assert.deepEqual(
      huge.map((f) => [f.rule, f.severity]),
      [['analysis-skipped', 'info']],
    );
    assert.match(huge[0].message, /size limit/);
    assert.ok(
      out.findings.some((f) => f.file === 'web.yaml' && f.rule === 'single-replica'),
      'the other file is still analysed',
    );
    // Reading the file as text costs a few times its size; parsing it would cost gigabytes.
    t.diagnostic(`kube-ha lint on 100 MB: peak RSS ${r.maxRssMB.toFixed(0)} MB`);
    assert.ok(r.maxRssMB < 768, `peak RSS ${r.maxRssMB.toFixed(0)} MB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// ---- the language server ----------------------------------------------------------------

function rssMB(pid: number): { rss: number; hwm: number } {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

const asFound = (d: Diagnostic[]) =>
  d.map((x) => ({ rule: String(x.code), message: x.message, line: x.range.start.line }));

/** Diagnostics already published for a URI, or the first non-empty publish from now on. */
function diagnosticsOf(uri: string, timeoutMs: number): Promise<Diagnostic[]> {
  const now = s.diagnostics.get(uri);
  return now && now.length ? Promise.resolve(now) : s.waitForDiagnostics(uri, (d) => d.length > 0, timeoutMs);
}

let s: LspSession;
let wsDir: string;
const logs: string[] = [];
before(async () => {
  wsDir = tmpDir('kube-ha-robust-ws-');
  // Files on disk the server reads itself during its workspace scan.
  for (const c of hostileCases()) if (c.diskOnly) writeCase(wsDir, c);
  // Every other case on disk as well, under scan/: the scan parses them in worker threads.
  for (const c of hostileCases()) if (!c.diskOnly) writeCase(path.join(wsDir, 'scan'), c);
  writeHugeFile(path.join(wsDir, 'huge.yaml'), 100 * MB);
  s = await startServer({ folders: [wsDir] });
  s.conn.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
  });
});
after(async () => {
  await s?.stop();
  fs.rmSync(wsDir, { recursive: true, force: true });
});

test('LSP: the workspace scan (worker threads) reports a 100 MB file, invalid UTF-8 and every hostile document, and stays within memory', async (t) => {
  await Promise.race([
    s.indexed,
    new Promise((_, rej) => setTimeout(() => rej(new Error('workspace scan did not finish in 60 s')), 60_000)),
  ]);
  const huge = await diagnosticsOf(fileUri(path.join(wsDir, 'huge.yaml')), 60_000);
  assert.deepEqual(
    huge.map((d) => [d.code, d.severity]),
    [['analysis-skipped', 3]],
    'an info diagnostic: file over the size limit',
  );
  assert.match(huge[0].message, /size limit/);
  for (const c of hostileCases().filter((x) => x.diskOnly)) {
    const uri = fileUri(path.join(wsDir, c.file));
    check(c, asFound(await diagnosticsOf(uri, 30_000)));
  }
  // Each hostile document, read and parsed by the scan's worker threads, gets what opening it gives.
  for (const c of hostileCases().filter((x) => !x.diskOnly)) {
    const uri = fileUri(path.join(wsDir, 'scan', c.file));
    if ('onlySingleReplicaAtLine' in c.expect && c.expect.onlySingleReplicaAtLine < 0) continue; // nothing to wait for
    check(c, asFound(await diagnosticsOf(uri, 30_000)));
  }
  assert.ok(
    !logs.some((l) => /rule \S+ failed/.test(l)),
    `no rule threw: ${logs.filter((l) => /failed/.test(l)).join('\n')}`,
  );
  const mem = rssMB(s.proc.pid!);
  t.diagnostic(`server after scanning a 100 MB file: RSS ${mem.rss.toFixed(0)} MB, peak ${mem.hwm.toFixed(0)} MB`);
  assert.ok(mem.hwm < 1024, `server peak RSS ${mem.hwm.toFixed(0)} MB`);
});

test('LSP: every hostile document opened gets a diagnostic or a visible skip, and the server keeps answering', async () => {
  for (const c of hostileCases()) {
    if (c.diskOnly) continue;
    const uri = fileUri(path.join(wsDir, 'open', c.file));
    const text = c.bytes().toString('utf8');
    const e = c.expect;
    if ('onlySingleReplicaAtLine' in e && e.onlySingleReplicaAtLine < 0) {
      s.open(uri, text);
      continue;
    }
    const waiting = s.waitForDiagnostics(uri, (d) => d.length > 0, 30_000);
    s.open(uri, text);
    check(c, asFound(await waiting));
  }
  // Still answering: a new document, a change to it, and a request.
  const uri = fileUri(path.join(wsDir, 'open', 'after.yaml'));
  const first = s.waitForDiagnostics(uri, (d) => codes(d).includes('single-replica'), 30_000);
  s.open(uri, SINGLE);
  const diags = await first;
  const fixed = s.waitForDiagnostics(uri, (d) => !codes(d).includes('single-replica'), 30_000);
  s.change(uri, 2, [{ text: SINGLE.replace('replicas: 1', 'replicas: 3') }]);
  await fixed;
  const actions = await s.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diags[0].range,
    context: { diagnostics: diags },
  });
  assert.ok(Array.isArray(actions));
  assert.equal(s.proc.exitCode, null, 'the server is alive');
  assert.doesNotMatch(s.stderr(), /RangeError|Maximum call stack|FATAL|out of memory/i);
  assert.ok(
    !logs.some((l) => /rule \S+ failed/.test(l)),
    `no rule threw: ${logs.filter((l) => /failed/.test(l)).join('\n')}`,
  );
});

test('LSP: a document grown past the size limit by edits is skipped, then analysed again when cut back', async () => {
  const uri = fileUri(path.join(wsDir, 'open', 'grow.yaml'));
  const first = s.waitForDiagnostics(uri, (d) => codes(d).includes('single-replica'), 30_000);
  s.open(uri, SINGLE);
  await first;
  const pad = '# ' + 'x'.repeat(1022) + '\n';
  const big = SINGLE + pad.repeat(11 * 1024); // ~11 MB
  const skipped = s.waitForDiagnostics(uri, (d) => codes(d).includes('analysis-skipped'), 60_000);
  s.change(uri, 2, [{ text: big }]);
  const d = await skipped;
  assert.match(d.find((x) => x.code === 'analysis-skipped')!.message, /size limit/);
  const back = s.waitForDiagnostics(uri, (x) => codes(x).includes('single-replica'), 30_000);
  s.change(uri, 3, [{ text: SINGLE }]);
  await back;
});
