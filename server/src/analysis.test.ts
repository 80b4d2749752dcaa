// Analysis jobs over a server state with real TextDocuments (fed as a client would), driven one
// scheduler step at a time by a fake clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { createState, keyOf } from './server-state';
import { markDirty } from './analysis';
import type { EditorRendering } from './rendered/server-hooks';

type Handler = (e: unknown) => void;

function harness() {
  const sent: PublishDiagnosticsParams[] = [];
  const handlers: Record<string, Handler> = {};
  const on = (name: string) => (h: Handler) => {
    handlers[name] = h;
    return { dispose: () => undefined };
  };
  const connection = {
    console: { log: () => undefined },
    sendDiagnostics: (p: PublishDiagnosticsParams) => {
      sent.push(p);
      return Promise.resolve();
    },
    onDidOpenTextDocument: on('open'),
    onDidChangeTextDocument: on('change'),
    onDidCloseTextDocument: on('close'),
    onWillSaveTextDocument: on('willSave'),
    onWillSaveTextDocumentWaitUntil: on('willSaveWait'),
    onDidSaveTextDocument: on('save'),
  } as unknown as Connection;
  const rendering: EditorRendering = {
    initialize: () => undefined,
    settings: () => undefined,
    claims: () => false,
    findingsFor: () => [],
    changed: () => undefined,
    refresh: async () => undefined,
  };
  let t = 0;
  const slices: (() => void)[] = [];
  const s = createState(connection, () => rendering, {
    sliceMs: 2,
    now: () => ++t,
    defer: (f) => {
      slices.push(f);
    },
  });
  s.documents.onDidOpen((e) => {
    s.clientUri.set(keyOf(e.document.uri), e.document.uri);
  });
  s.documents.onDidChangeContent((e) => markDirty(s, keyOf(e.document.uri)));
  s.documents.listen(connection);
  return {
    s,
    sent,
    open: (uri: string, text: string) => handlers.open({ textDocument: { uri, languageId: 'yaml', version: 1, text } }),
    change: (uri: string, version: number, text: string) =>
      handlers.change({ textDocument: { uri, version }, contentChanges: [{ text }] }),
    step: () => {
      const f = slices.shift();
      if (!f) return false;
      f();
      return true;
    },
  };
}

const deployment = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
`;
/** 60 Deployments: parsing and analysing them takes several steps. */
const many = (replicas: number) => Array.from({ length: 60 }, (_, i) => deployment(`d${i}`, replicas)).join('---\n');

test('a job whose document changed while it ran starts over: only the newer version is published', () => {
  const h = harness();
  const uri = 'file:///w/a.yaml';
  h.open(uri, many(1));
  assert.ok(h.step(), 'the job started');
  assert.equal(h.sent.length, 0, 'and paused before publishing');
  h.change(uri, 2, many(3));
  while (h.step()) {
    /* drain */
  }
  const mine = h.sent.filter((p) => p.uri === uri);
  assert.deepEqual(
    mine.map((p) => p.version),
    [2],
    'one publish, for version 2',
  );
  assert.ok(!mine[0].diagnostics.some((d) => d.code === 'single-replica'), 'computed from the newer text (3 replicas)');
  assert.equal(h.s.index.getFile(uri)?.text, many(3));
});

test('each version that is answered gets the findings of its own text', () => {
  const h = harness();
  const uri = 'file:///w/b.yaml';
  h.open(uri, deployment('web', 3));
  while (h.step()) {
    /* drain */
  }
  h.change(uri, 2, deployment('web', 1));
  while (h.step()) {
    /* drain */
  }
  const mine = h.sent.filter((p) => p.uri === uri);
  assert.deepEqual(
    mine.map((p) => [p.version, p.diagnostics.some((d) => d.code === 'single-replica')]),
    [
      [1, false],
      [2, true],
    ],
  );
});
