import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'stream';
import type { Message } from 'vscode-languageserver/node';
import { BatchedMessageWriter, messageJson, withJson } from './batched-writer';

const diagnostics = [
  {
    range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } },
    severity: 2,
    code: 'single-replica',
    source: 'kube-ha',
    message: 'runs "1" replica — ünïcode',
  },
];

const publish = (params: object): Message =>
  ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params }) as unknown as Message;

test('a publish with its JSON attached is written as JSON.stringify writes it', () => {
  for (const version of [undefined, 7, null]) {
    const list = withJson([...diagnostics], JSON.stringify(diagnostics));
    const msg = publish({ uri: 'file:///a%20b.yaml', version, diagnostics: list });
    assert.equal(messageJson(msg), JSON.stringify(msg), `version ${version}`);
  }
});

test('the attached JSON is what is sent, and other messages are encoded as they are', () => {
  const list = withJson([...diagnostics], '["sent as attached"]');
  assert.match(
    messageJson(publish({ uri: 'file:///a', diagnostics: list })),
    /"diagnostics":\["sent as attached"\]\}\}$/,
  );
  // Keys the fast path does not know, or in another order: encoded whole (the list as it is).
  const other = publish({ diagnostics: list, uri: 'file:///a' });
  assert.equal(messageJson(other), JSON.stringify(other));
  const extra = publish({ uri: 'file:///a', diagnostics: list, more: 1 });
  assert.equal(messageJson(extra), JSON.stringify(extra));
  const request = { jsonrpc: '2.0', id: 3, result: { a: [1, 'é'] } } as unknown as Message;
  assert.equal(messageJson(request), JSON.stringify(request));
});

test('the messages of one task go out framed, in order, in one write', async () => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const w = new BatchedMessageWriter(out);
  const msgs = [1, 2, 3].map((id) => ({ jsonrpc: '2.0', id, result: `ré${id}` }) as unknown as Message);
  for (const m of msgs) void w.write(m);
  assert.equal(chunks.length, 0, 'nothing written before the task ends');
  await Promise.resolve();
  await new Promise((r) => setImmediate(r));
  assert.equal(chunks.length, 1);
  const expected = msgs
    .map((m) => {
      const json = JSON.stringify(m);
      return `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
    })
    .join('');
  assert.equal(Buffer.concat(chunks).toString('utf8'), expected);
});

test('a publish with its JSON attached as bytes goes out as the same bytes, framed among the others', async () => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const w = new BatchedMessageWriter(out);
  const json = JSON.stringify(diagnostics);
  const msgs = [
    { jsonrpc: '2.0', id: 1, result: 'ré1' } as unknown as Message,
    publish({ uri: 'file:///a', version: 3, diagnostics: withJson([...diagnostics], Buffer.from(json, 'utf8')) }),
    publish({ uri: 'file:///b', diagnostics: withJson([...diagnostics], json) }),
    { jsonrpc: '2.0', id: 2, result: 'ré2' } as unknown as Message,
  ];
  for (const m of msgs) void w.write(m);
  await Promise.resolve();
  await new Promise((r) => setImmediate(r));
  assert.equal(chunks.length, 1);
  const expected = msgs
    .map((m) => {
      const text = JSON.stringify(m);
      return `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
    })
    .join('');
  assert.equal(Buffer.concat(chunks).toString('utf8'), expected);
  assert.equal(messageJson(msgs[1]), JSON.stringify(msgs[1]));
});
