import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseError } from 'vscode-languageserver/node';
import { guardNotification, guardRequest, MESSAGE_SHAPES, problem } from './lsp-guard';

test('problem() names the first wrong field and never quotes its value', () => {
  const open = MESSAGE_SHAPES['textDocument/didOpen'];
  assert.equal(problem({ textDocument: { uri: 'file:///a', languageId: 'yaml', version: 1, text: 'x' } }, open), null);
  assert.equal(
    problem({ textDocument: { uri: 'file:///a', languageId: 'yaml', version: 1, text: { secret: 'tok-123' } } }, open),
    'params.textDocument.text must be a string',
  );
  assert.equal(
    problem({ textDocument: { uri: 'file:///a', languageId: 'yaml', version: 1.5, text: '' } }, open),
    'params.textDocument.version must be an integer',
  );
  const change = MESSAGE_SHAPES['textDocument/didChange'];
  assert.match(
    problem(
      {
        textDocument: { uri: 'u', version: 1 },
        contentChanges: [
          { text: 'a' },
          { range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } }, text: 'b' },
        ],
      },
      change,
    )!,
    /^params\.contentChanges\[1\]/,
  );
  assert.ok(
    !String(problem({ kind: 'tok-123', name: 1, namespace: 'n' }, MESSAGE_SHAPES['kubeHa/findManifest'])).includes(
      'tok-123',
    ),
  );
});

test('guarded handlers: malformed notifications are dropped and logged, requests answered with errors, throws caught', async () => {
  const logs: string[] = [];
  const log = (m: string) => logs.push(m);
  let seen = 0;
  const n = guardNotification('textDocument/didClose', log, () => {
    seen++;
    throw new Error('boom');
  });
  n({ textDocument: { uri: 3 } } as never);
  n({ textDocument: { uri: 'file:///a' } } as never);
  assert.equal(seen, 1);
  assert.match(logs[0], /^dropped textDocument\/didClose: params\.textDocument\.uri must be a string$/);
  assert.match(logs[1], /^textDocument\/didClose failed: Error: boom/);
  const r = guardRequest('textDocument/hover', log, (_p: unknown): unknown => {
    throw new Error('boom');
  });
  assert.ok((await r({ textDocument: { uri: 'u' }, position: { line: 0, character: 0 } })) instanceof ResponseError);
  const bad = await guardRequest(
    'textDocument/hover',
    log,
    (_p: unknown): unknown => 1,
  )({ textDocument: { uri: 'u' } });
  assert.ok(bad instanceof ResponseError && /position must be an object/.test(bad.message));
});
