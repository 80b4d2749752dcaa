// Requests over a server state driven step by step: a fake clock gives the scheduler one step
// per slice, so a request can be made while a job is paused in the middle of its analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeActionParams, Connection, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { createState, type ServerState } from './server-state';
import { markDirty } from './analysis';
import { codeActions } from './requests';
import { FIX_ALL_KIND } from './language-service';
import type { EditorRendering } from './rendered/server-hooks';

/** A state whose publishes are recorded and whose scheduler runs one step per `step()`. */
function harness() {
  const sent: PublishDiagnosticsParams[] = [];
  const connection = {
    console: { log: () => undefined },
    sendDiagnostics: (p: PublishDiagnosticsParams) => {
      sent.push(p);
      return Promise.resolve();
    },
  } as unknown as Connection;
  // No rendered trees here: nothing is claimed.
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
  const s: ServerState = createState(connection, () => rendering, {
    sliceMs: 2,
    now: () => ++t,
    defer: (f) => {
      slices.push(f);
    },
  });
  return {
    s,
    sent,
    step: () => {
      const f = slices.shift();
      if (!f) return false;
      f();
      return true;
    },
  };
}

const deployment = (name: string, app: string, ns = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
`;
/** A DaemonSet updated OnDelete: fix-all has a safe fix for it. */
const ON_DELETE = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: elsewhere}
spec:
  updateStrategy: {type: OnDelete}
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: "agent:1.0"}]
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;
/** 60 Deployments: analysing them takes more than one step (analyzeSteps yields every 50 objects). */
const many = (apps: (i: number) => string) =>
  Array.from({ length: 60 }, (_, i) => deployment(`d${i}`, apps(i))).join('---\n');

const A = 'file:///w/a.yaml';
const B = 'file:///w/b.yaml';
const C = 'file:///w/c.yaml';
const codes = (p: PublishDiagnosticsParams | undefined) => (p?.diagnostics ?? []).map((d) => d.code);
const last = (sent: PublishDiagnosticsParams[], uri: string) => sent.filter((p) => p.uri === uri).pop();
const fixAll = (uri: string): CodeActionParams => ({
  textDocument: { uri },
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  context: { diagnostics: [], only: [FIX_ALL_KIND] },
});

test('fix-all in the middle of another job keeps what that job changed: the files it affects are re-checked', () => {
  const h = harness();
  const { s } = h;
  s.index.setFile(
    A,
    many((i) => `other-${i}`),
  );
  s.index.setFile(B, SERVICE);
  s.index.setFile(C, ON_DELETE);
  s.changes.take();
  markDirty(s, B);
  while (h.step()) {
    /* drain */
  }
  assert.ok(codes(last(h.sent, B)).includes('service-selects-nothing'), 'the Service selects nothing yet');

  // A workload of a.yaml now carries the Service's label (as a change on disk does), and its job
  // is run a step at a time, with a fix-all on another file after every step.
  s.index.setFile(
    A,
    many((i) => (i === 7 ? 'web' : `other-${i}`)),
  );
  markDirty(s, A);
  let steps = 0;
  let offered = 0;
  while (h.step()) {
    steps++;
    if (codeActions(s, fixAll(C)).some((a) => a.kind === FIX_ALL_KIND)) offered++;
  }
  assert.ok(steps >= 2, `the job of a.yaml paused in its analysis (${steps} steps)`);
  assert.equal(offered, steps, 'fix-all was offered (it analysed its drafts) after every step');
  assert.ok(
    !codes(last(h.sent, B)).includes('service-selects-nothing'),
    'b.yaml was re-checked: its Service selects a workload now',
  );
});
