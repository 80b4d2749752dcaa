import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { addEntries, appendDocument, appendToSeq, applyEdits, insertKey, removeKey, setIn } from './edits';
import { parseSource } from './parse';
import type { KObject } from './types';

function obj(text: string, docIndex = 0): KObject {
  const source = parseSource('t.yaml', text);
  const o = source.docs[docIndex].object;
  if (!o) throw new Error('no object');
  return o;
}

function parses(text: string) {
  for (const d of parseAllDocuments(text)) assert.deepEqual(d.errors, [], text);
}

const DEPLOY = `# top comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # the name
spec:
  replicas: 1 # too few
  template:
    spec:
      containers:
        - name: web
          image: "nginx:1.27"
---
kind: ConfigMap
apiVersion: v1
`;

test('setIn replaces a scalar in place and keeps its comment', () => {
  const o = obj(DEPLOY);
  const out = applyEdits(DEPLOY, [setIn(o, ['spec', 'replicas'], { value: 2 })]);
  assert.equal(out, DEPLOY.replace('replicas: 1 # too few', 'replicas: 2 # too few'));
});

test("setIn adds a missing key at the end of its map with the map's indentation", () => {
  const o = obj(DEPLOY);
  const out = applyEdits(DEPLOY, [setIn(o, ['metadata', 'labels'], { value: { app: 'web' } })]);
  parses(out);
  assert.match(out, /name: web {3}# the name\n {2}labels:\n {4}app: web\nspec:/);
  assert.ok(out.includes('# top comment') && out.endsWith('kind: ConfigMap\napiVersion: v1\n'));
});

test('setIn creates missing parents and respects the sequence item indentation', () => {
  const o = obj(DEPLOY);
  const out = applyEdits(DEPLOY, [
    setIn(o, ['spec', 'template', 'spec', 'containers', 0, 'readinessProbe'], {
      value: { httpGet: { path: '/healthz', port: 'http' } },
      todo: [{ path: ['httpGet', 'path'], note: 'check me' }],
    }),
  ]);
  parses(out);
  assert.match(
    out,
    /image: "nginx:1.27"\n {10}readinessProbe:\n {12}httpGet:\n {14}path: \/healthz # TODO: check me\n {14}port: http\n/,
  );
});

test('setIn into a flow map keeps the flow style', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: wbe}}\n';
  const o = obj(text);
  assert.equal(applyEdits(text, [setIn(o, ['spec', 'selector', 'app'], { value: 'web' })]), text.replace('wbe', 'web'));
  const out = applyEdits(text, [setIn(o, ['metadata', 'namespace'], { value: 'shop' })]);
  assert.equal(out, text.replace('{name: web}', '{name: web, namespace: shop}'));
});

test('setIn fills an empty value (`limits:` / `limits: null`), and keeps `{}` flow', () => {
  const flowText = 'apiVersion: v1\nkind: Pod\nspec:\n  limits: {}\n';
  assert.equal(
    applyEdits(flowText, [setIn(obj(flowText), ['spec', 'limits', 'memory'], { value: '1Gi' })]),
    flowText.replace('{}', '{memory: 1Gi}'),
  );
  for (const empty of ['limits:', 'limits: null']) {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  resources:\n    ${empty}\n  x: 1\n`;
    const out = applyEdits(text, [setIn(obj(text), ['spec', 'resources', 'limits', 'memory'], { value: '256Mi' })]);
    parses(out);
    assert.match(out, /limits:\n {6}memory: 256Mi\n {2}x: 1\n/, empty);
  }
});

test('insertKey keeps CRLF line endings', () => {
  const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\n';
  const out = applyEdits(text, [insertKey(obj(text), ['metadata'], 'namespace', { value: 'x' })]);
  assert.equal(out, 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\n  namespace: x\r\n');
});

test('removeKey drops whole lines in block maps and the comma in flow maps', () => {
  const o = obj(DEPLOY);
  const out = applyEdits(DEPLOY, [removeKey(o, ['spec', 'replicas'])]);
  assert.equal(out, DEPLOY.replace('  replicas: 1 # too few\n', ''));
  const flow = 'apiVersion: v1\nkind: X\nspec: {a: 1, b: 2}\n';
  assert.equal(applyEdits(flow, [removeKey(obj(flow), ['spec', 'b'])]), 'apiVersion: v1\nkind: X\nspec: {a: 1}\n');
  assert.equal(applyEdits(flow, [removeKey(obj(flow), ['spec', 'a'])]), 'apiVersion: v1\nkind: X\nspec: {b: 2}\n');
});

test('appendToSeq appends to block and flow sequences and creates missing ones', () => {
  const block = 'apiVersion: v1\nkind: X\nspec:\n  items:\n  - a: 1\n  # trailing\n';
  const out = applyEdits(block, [appendToSeq(obj(block), ['spec', 'items'], [{ value: { b: 2 } }])]);
  parses(out);
  assert.equal(out, 'apiVersion: v1\nkind: X\nspec:\n  items:\n  - a: 1\n  - b: 2\n  # trailing\n');
  const flow = 'apiVersion: v1\nkind: X\nspec: {items: [1]}\n';
  assert.equal(
    applyEdits(flow, [appendToSeq(obj(flow), ['spec', 'items'], [{ value: 2 }])]),
    'apiVersion: v1\nkind: X\nspec: {items: [1, 2]}\n',
  );
  const none = 'apiVersion: v1\nkind: X\nspec:\n  a: 1\n';
  const created = applyEdits(none, [
    appendToSeq(obj(none), ['spec', 'items'], [{ value: { b: 2 } }, { value: { c: 3 } }]),
  ]);
  parses(created);
  assert.equal(created, 'apiVersion: v1\nkind: X\nspec:\n  a: 1\n  items:\n    - b: 2\n    - c: 3\n');
});

test('appendDocument adds a document after the object, before the next one', () => {
  const o = obj(DEPLOY);
  const out = applyEdits(DEPLOY, [
    appendDocument(o, { value: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' } }),
  ]);
  parses(out);
  const docs = parseAllDocuments(out);
  assert.equal(docs.length, 3);
  assert.equal((docs[1] as any).toJS().kind, 'PodDisruptionBudget');
  assert.equal((docs[2] as any).toJS().kind, 'ConfigMap');
});

test('addEntries appends several keys to a block or flow map', () => {
  const block = 'apiVersion: v1\nkind: Pod\nspec:\n  requests:\n    cpu: 1 # keep\n  x: 1\n';
  const out = applyEdits(block, [
    addEntries(obj(block), ['spec', 'requests'], {
      value: { memory: '1Gi', storage: '2Gi' },
      todo: [{ path: ['memory'], note: 'size me' }],
    }),
  ]);
  parses(out);
  assert.equal(
    out,
    'apiVersion: v1\nkind: Pod\nspec:\n  requests:\n    cpu: 1 # keep\n    memory: 1Gi # TODO: size me\n    storage: 2Gi\n  x: 1\n',
  );
  const flow = 'apiVersion: v1\nkind: Pod\nspec: {requests: {cpu: 1}}\n';
  assert.equal(
    applyEdits(flow, [addEntries(obj(flow), ['spec', 'requests'], { value: { memory: '1Gi' } })]),
    flow.replace('{cpu: 1}', '{cpu: 1, memory: 1Gi}'),
  );
});

test('addEntries turns an empty or missing map into a block map that carries TODO comments', () => {
  for (const empty of ['resources: {}', 'resources:', 'resources: null']) {
    const text = `apiVersion: v1\nkind: Pod\nspec:\n  ${empty}\n  x: 1\n`;
    const out = applyEdits(text, [
      addEntries(obj(text), ['spec', 'resources', 'requests'], {
        value: { cpu: '100m' },
        todo: [{ path: ['cpu'], note: 'measure' }],
      }),
    ]);
    parses(out);
    assert.equal(
      out,
      'apiVersion: v1\nkind: Pod\nspec:\n  resources:\n    requests:\n      cpu: 100m # TODO: measure\n  x: 1\n',
      empty,
    );
  }
  const none = 'apiVersion: v1\nkind: Pod\nspec:\n  x: 1\n';
  const out = applyEdits(none, [
    addEntries(obj(none), ['spec', 'resources', 'requests'], {
      value: { cpu: '100m' },
      todo: [{ path: ['cpu'], note: 'measure' }],
    }),
  ]);
  assert.equal(
    out,
    'apiVersion: v1\nkind: Pod\nspec:\n  x: 1\n  resources:\n    requests:\n      cpu: 100m # TODO: measure\n',
  );
});

test('flow insertions go into the innermost collection when it closes right before its parent', () => {
  const text = 'apiVersion: v1\nkind: X\nspec: {s: {a: 1}}\nother: {l: [1]}\n';
  assert.equal(
    applyEdits(text, [setIn(obj(text), ['spec', 's', 'b'], { value: 2 })]),
    text.replace('{a: 1}', '{a: 1, b: 2}'),
  );
  assert.equal(
    applyEdits(text, [appendToSeq(obj(text), ['other', 'l'], [{ value: 2 }])]),
    text.replace('[1]', '[1, 2]'),
  );
});

// renameKey, wrapValue, mergeInserts
import { mergeInserts, renameKey } from './edits';
import { wrapValue } from './wrap-value';

test('renameKey changes only the key', () => {
  const text = 'apiVersion: v1\nkind: Pod\nspec:\n  httpGet: {port: http} # probe\n';
  assert.equal(
    applyEdits(text, [renameKey(obj(text), ['spec', 'httpGet'], 'tcpSocket')]),
    text.replace('httpGet', 'tcpSocket'),
  );
});

test('wrapValue moves a block value under new keys, re-indented, with its comments and inner edits', () => {
  const text =
    '# top\napiVersion: v1\nkind: Pod\nspec: # the spec\n  # containers\n  containers:\n  - name: a # first\n    command: [sh]\n  restartPolicy: Never\nstatus: {}\n---\nkind: X\n';
  const o = obj(text);
  const edit = wrapValue(
    o,
    ['spec'],
    { value: { replicas: 2, template: { metadata: { labels: { app: 'a' } } } } },
    ['template', 'spec'],
    [removeKey(o, ['spec', 'restartPolicy'])],
  );
  const out = applyEdits(text, [edit]);
  parses(out);
  assert.equal(
    out,
    '# top\napiVersion: v1\nkind: Pod\nspec: # the spec\n  replicas: 2\n  template:\n    metadata:\n      labels:\n        app: a\n    spec:\n      # containers\n      containers:\n      - name: a # first\n        command: [sh]\nstatus: {}\n---\nkind: X\n',
  );
});

test('wrapValue wraps flow and CRLF values', () => {
  const flow = 'apiVersion: v1\nkind: X\nspec:\n  selector: {app: a} # sel\n';
  assert.equal(
    applyEdits(flow, [wrapValue(obj(flow), ['spec', 'selector'], { value: {} }, ['matchLabels'])]),
    'apiVersion: v1\nkind: X\nspec:\n  selector:\n    matchLabels: {app: a} # sel\n',
  );
  const crlf = 'apiVersion: v1\r\nkind: X\r\nspec:\r\n  selector:\r\n    app: a\r\n';
  const out = applyEdits(crlf, [wrapValue(obj(crlf), ['spec', 'selector'], { value: {} }, ['matchLabels'])]);
  assert.equal(out, 'apiVersion: v1\r\nkind: X\r\nspec:\r\n  selector:\r\n    matchLabels:\r\n      app: a\r\n');
});

test('mergeInserts joins insertions at one offset in the given order', () => {
  const merged = mergeInserts([
    { file: 'f', start: 3, end: 3, newText: 'a' },
    { file: 'f', start: 0, end: 1, newText: 'x' },
    { file: 'f', start: 3, end: 3, newText: 'b' },
  ]);
  assert.equal(merged.length, 2);
  assert.equal(applyEdits('0123', merged), 'x12ab3');
});

test('setIn keeps the quoting style of the scalar it replaces', () => {
  const text = 'apiVersion: v1\nkind: X\nspec:\n  a: "one"\n  b: \'two\'\n  c: three\n';
  const o = obj(text);
  const out = applyEdits(text, [
    setIn(o, ['spec', 'a'], { value: 'uno' }),
    setIn(o, ['spec', 'b'], { value: "it's" }),
    setIn(o, ['spec', 'c'], { value: 'tres' }),
  ]);
  assert.equal(out, "apiVersion: v1\nkind: X\nspec:\n  a: \"uno\"\n  b: 'it''s'\n  c: tres\n");
});

test('setIn replaces a block map value up to its last line, and renders nested flow values compactly', () => {
  const text =
    'apiVersion: v1\nkind: X\nspec:\n  sel:\n    matchExpressions:\n      - {key: a, operator: Exists}\n  next: 1\n  flow: {s: {a: 1}}\n';
  const out = applyEdits(text, [setIn(obj(text), ['spec', 'sel'], { value: { matchLabels: { app: 'web' } } })]);
  parses(out);
  assert.equal(
    out,
    'apiVersion: v1\nkind: X\nspec:\n  sel:\n    matchLabels:\n      app: web\n  next: 1\n  flow: {s: {a: 1}}\n',
  );
  assert.equal(
    applyEdits(text, [setIn(obj(text), ['spec', 'flow', 's'], { value: { b: [1, 2] } })]),
    text.replace('{s: {a: 1}}', '{s: {b: [1, 2]}}'),
  );
});

import { removeKeyKeepingComments } from './edits';

test('removeKeyKeepingComments keeps the comments of the removed lines', () => {
  const text = 'apiVersion: v1\nkind: X\nspec:\n  path: "/a#b" # the endpoint\n  port: http\n';
  assert.equal(
    applyEdits(text, [removeKeyKeepingComments(obj(text), ['spec', 'path'])]),
    'apiVersion: v1\nkind: X\nspec:\n  # the endpoint\n  port: http\n',
  );
  const plain = 'apiVersion: v1\nkind: X\nspec:\n  path: "/a#b"\n  port: http\n';
  assert.equal(
    applyEdits(plain, [removeKeyKeepingComments(obj(plain), ['spec', 'path'])]),
    'apiVersion: v1\nkind: X\nspec:\n  port: http\n',
  );
});

test('a value that repeats an object is rendered in full, never with YAML anchors', () => {
  const text = 'apiVersion: v1\nkind: X\nspec:\n  a: 1\n';
  const shared = { app: 'web' };
  const out = applyEdits(text, [
    appendToSeq(obj(text), ['spec', 'items'], [{ value: { sel: shared } }, { value: { sel: shared } }]),
  ]);
  assert.ok(!/[&*]a\d/.test(out), out);
});

test('replacing a block scalar keeps the line break after it', () => {
  const text = 'apiVersion: |\nkind: X\nspec: {a: 1}\n';
  const out = applyEdits(text, [setIn(obj(text), ['apiVersion'], { value: 'v1' })]);
  assert.equal(out, 'apiVersion: v1\nkind: X\nspec: {a: 1}\n');
});

test('a byte-order mark is not a column: keys added at the top level start at column 0', () => {
  const text = '\uFEFFapiVersion: v1\nkind: X\nspec: {a: 1}\n';
  const out = applyEdits(text, [setIn(obj(text), ['metadata'], { value: { name: 'x' } })]);
  parses(out);
  assert.match(out, /\nmetadata:\n {2}name: x\n/);
});

test('a string with a line break replacing a flow value is written double-quoted', () => {
  const text = 'apiVersion: v1\nkind: X\nspec: {selector: {app: a}}\n';
  const out = applyEdits(text, [setIn(obj(text), ['spec', 'selector', 'app'], { value: 'line\n...' })]);
  parses(out);
  assert.equal(out, 'apiVersion: v1\nkind: X\nspec: {selector: {app: "line\\n..."}}\n');
});
