// Issue 16, defect 9: one malformed message killed the server (a didOpen whose text is not a
// string threw in the deferred analysis job). Crash-only test: every message the server handles,
// with each of its fields (and the params themselves) replaced by a value of each wrong type or
// left out; afterwards the server is alive and still analyses a document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { codes, fileUri, startServer } from './client';
import { SINGLE } from '../../server/src/engine/testing';
import { tmpDir } from '../robustness/hostile';

const URI = fileUri('/malformed/web.yaml');
const RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } };
const DIAG = { range: RANGE, message: 'm', code: 'single-replica', source: 'kube-ha', severity: 2 };

/** A valid example of each message, and whether it is a request. */
const SAMPLES: { method: string; request: boolean; params: unknown }[] = [
  {
    method: 'textDocument/didOpen',
    request: false,
    params: { textDocument: { uri: URI, languageId: 'yaml', version: 1, text: SINGLE } },
  },
  {
    method: 'textDocument/didChange',
    request: false,
    params: {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: RANGE, rangeLength: 3, text: 'api' }, { text: SINGLE }],
    },
  },
  { method: 'textDocument/willSave', request: false, params: { textDocument: { uri: URI }, reason: 1 } },
  { method: 'textDocument/didSave', request: false, params: { textDocument: { uri: URI }, text: SINGLE } },
  { method: 'textDocument/didClose', request: false, params: { textDocument: { uri: URI } } },
  {
    method: 'workspace/didChangeWatchedFiles',
    request: false,
    params: {
      changes: [
        { uri: URI, type: 2 },
        { uri: fileUri('/malformed/.kube-ha.yaml'), type: 1 },
      ],
    },
  },
  { method: 'workspace/didChangeConfiguration', request: false, params: { settings: { kubeHa: { minReplicas: 2 } } } },
  {
    method: 'kubeHa/liveHealth',
    request: false,
    params: {
      context: 'c',
      services: [{ namespace: 'default', name: 'web', health: 'red', ready: 0, total: 1, reason: 'r' }],
    },
  },
  { method: '$/setTrace', request: false, params: { value: 'off' } },
  { method: '$/cancelRequest', request: false, params: { id: 1 } },
  {
    method: 'textDocument/codeAction',
    request: true,
    params: { textDocument: { uri: URI }, range: RANGE, context: { diagnostics: [DIAG], only: ['quickfix'] } },
  },
  { method: 'textDocument/hover', request: true, params: { textDocument: { uri: URI }, position: RANGE.start } },
  { method: 'textDocument/codeLens', request: true, params: { textDocument: { uri: URI } } },
  { method: 'textDocument/willSaveWaitUntil', request: true, params: { textDocument: { uri: URI }, reason: 1 } },
  { method: 'kubeHa/findManifest', request: true, params: { kind: 'Deployment', name: 'web', namespace: 'default' } },
];

const WRONG: unknown[] = [null, 0, -1, 1.5, 2 ** 53, 'x', '', true, [], [1, 'a'], {}, { a: { b: 1 } }];
const LEFT_OUT = Symbol('left out');

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Every copy of `value` with one node (itself included) replaced by a value of another type or left out. */
function variants(value: unknown): unknown[] {
  const out: unknown[] = [];
  for (const w of [...WRONG, LEFT_OUT]) {
    if (w === LEFT_OUT ? false : typeOf(w) === typeOf(value) && !(typeof w === 'number' && !Number.isInteger(w)))
      continue;
    out.push(w === LEFT_OUT ? undefined : w);
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [k, v] of entries) {
      for (const sub of variants(v)) {
        const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as object) };
        if (sub === undefined && !Array.isArray(copy)) delete (copy as Record<string, unknown>)[k];
        else (copy as Record<string, unknown>)[k] = sub;
        out.push(copy);
      }
    }
  }
  return out;
}

test('crash-only: every LSP message with each field of the wrong type (or missing) leaves the server alive and working', async (t) => {
  const dir = tmpDir('kube-ha-malformed-');
  const s = await startServer({ folders: [dir] });
  const logs: string[] = [];
  s.conn.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
  });
  try {
    await s.indexed;
    let sent = 0,
      errors = 0;
    for (const sample of SAMPLES) {
      for (const params of variants(sample.params)) {
        sent++;
        if (sample.request) {
          // Answered, with a result or an error: never a dead connection.
          await s.conn.sendRequest(sample.method, params).catch(() => {
            errors++;
          });
        } else {
          await s.conn.sendNotification(sample.method, params);
        }
      }
      // A round trip after each message kind: its notifications were handled by now.
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: RANGE.start });
      assert.equal(s.proc.exitCode, null, `the server died after ${sample.method}: ${s.stderr().slice(-2000)}`);
    }
    t.diagnostic(`${sent} malformed messages, ${errors} requests answered with an error`);
    assert.ok(sent > 300 && errors > 50);
    const uri = fileUri(path.join(dir, 'after.yaml'));
    const after = s.waitForDiagnostics(uri, (d) => codes(d).includes('single-replica'), 30_000);
    s.open(uri, SINGLE);
    await after;
    assert.equal(s.proc.exitCode, null);
    assert.doesNotMatch(s.stderr(), /TypeError|Uncaught|FATAL/);
    assert.ok(
      logs.some((l) => /^dropped textDocument\/didOpen: params\.textDocument\.text must be a string/.test(l)),
      'a malformed notification is logged',
    );
  } finally {
    await s.stop();
  }
});

test('initialize with malformed or foreign fields: answered, and the server keeps working', async () => {
  const cases: Record<string, unknown>[] = [
    {
      workspaceFolders: [
        { uri: 'untitled:Untitled-1', name: 'u' },
        { uri: 'vscode-vfs://github/x/y', name: 'v' },
      ],
    },
    { rootUri: 'https://example.com/repo', workspaceFolders: null },
    { rootUri: 42 },
    { workspaceFolders: [{ uri: 7, name: 'n' }] },
    { capabilities: null },
    { initializationOptions: { settings: { minReplicas: 'two', rules: 5, maxFileSize: 'big', timeBudgetMs: -3 } } },
    { initializationOptions: { settings: null } },
    { initializationOptions: 'x' },
  ];
  for (const overrides of cases) {
    let answer: { result?: unknown; error?: unknown } = {};
    const s = await startServer({
      initializeOverrides: overrides,
      onInitializeAnswer: (a) => {
        answer = a;
      },
    });
    try {
      assert.ok(answer.result !== undefined || answer.error !== undefined, JSON.stringify(overrides));
      const uri = fileUri('/init/web.yaml');
      if (answer.result !== undefined) {
        const d = s.waitForDiagnostics(uri, (x) => codes(x).includes('single-replica'), 30_000);
        s.open(uri, SINGLE);
        await d;
      }
      await s.conn
        .sendRequest('textDocument/hover', { textDocument: { uri }, position: RANGE.start })
        .catch(() => undefined);
      assert.equal(s.proc.exitCode, null, `${JSON.stringify(overrides)}: ${s.stderr()}`);
    } finally {
      await s.stop();
    }
  }
});

test('a 600 MB LSP message ends the server with a message instead of leaving it idle', async () => {
  const { spawn } = await import('child_process');
  const { SERVER_EXEC_ARGV } = await import('../../common/src/server-process');
  const { repoRootFromTest } = await import('./client');
  const p = spawn(
    process.execPath,
    [...SERVER_EXEC_ARGV, path.join(repoRootFromTest(), 'dist', 'server.js'), '--stdio'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  p.stderr.on('data', (c) => {
    stderr += c;
  });
  const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
  p.stdin.on('error', () => undefined); // EPIPE once it has exited: what is wanted
  // The header, and the start of a body that would take 600 MB: the old server read and waited.
  p.stdin.write(
    `Content-Length: ${600 * 1024 * 1024}\r\n\r\n{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"text":"`,
  );
  p.stdin.write('x'.repeat(1024 * 1024));
  assert.equal(await exited, 1);
  assert.match(stderr, /an LSP message of 629145600 bytes is over the limit/);
});
