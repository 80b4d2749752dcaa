// rules.md v1.2 "Files" and "Templates outside charts", and the parse findings of issue 15: JSON
// manifests, List objects, template syntax judged from YAML structure, one finding per binary
// file, duplicate keys named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUtf8, parseFileData, parseSource, sourceFromData, DEFAULT_LIMITS } from './parse';
import { analyzeSource } from './analyze';
import { applyEdits } from './edits';
import { mergeConfig } from './config';
import { createIndex } from './workspace';
import { lint, ofRule } from './testing';

const rules = (text: string, file = 't.yaml') =>
  parseSource(file, text).parseFindings.map((f) => `${f.rule}: ${f.message}`);
const kinds = (text: string, file = 't.yaml') => parseSource(file, text).docs.map((d) => d.object?.kind ?? null);

test('{{ inside string values is content: a rendered ConfigMap dashboard and PrometheusRule are analysed', () => {
  const rendered = `# Source: kube-prometheus-stack/templates/grafana/dashboards/nodes.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: nodes-dashboard
  labels: {grafana_dashboard: "1"}
data:
  nodes.json: |-
    {"title": "Nodes", "panels": [{"legendFormat": "{{instance}}", "expr": "node_load1{job=\\"node\\"}"}]}
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: node-rules
spec:
  groups:
  - name: node
    rules:
    - alert: NodeDown
      expr: up{job="node"} == 0
      annotations:
        summary: "{{ $labels.instance }} is down"
        description: '{{ printf "%.2f" $value }} for {{ $labels.job }}'
`;
  assert.deepEqual(rules(rendered), []);
  assert.deepEqual(kinds(rendered), ['ConfigMap', 'PrometheusRule']);
});

test('template syntax where YAML structure is: the file is one analysis-skipped finding', () => {
  const value = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n';
  const block =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    {{- include "web.labels" . | nindent 4 }}\n';
  const control =
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n{{- if .Values.enabled }}\nspec: {}\n{{- end }}\n';
  for (const text of [value, block, control]) {
    const got = rules(text);
    assert.equal(got.length, 1, got.join('\n'));
    assert.match(got[0], /^analysis-skipped: templated YAML/);
    assert.deepEqual(kinds(text), []);
  }
  // A genuine syntax error in a file whose `{{` is content is a syntax error, not a template.
  assert.match(
    rules('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: "{{ x }}"\n  b: [1, 2\n')[0],
    /^yaml-syntax: /,
  );
  assert.deepEqual(
    rules('# {{ .Values.note }} in a comment\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n'),
    [],
  );
});

test("a file under a chart's templates/ (the caller says so) is not analysed and reports nothing", () => {
  const limits = { ...DEFAULT_LIMITS, chartTemplate: (f: string) => f.startsWith('chart/templates/') };
  const text =
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: "{{ .Release.Name }}"\nspec: {selector: {app: "{{ .Values.app }}"}}\n';
  const index = createIndex(limits);
  const s = index.setFile('chart/templates/svc.yaml', text);
  assert.deepEqual([s.docs.length, s.parseFindings.length], [0, 0]);
  assert.equal(index.isIncomplete(), false, 'a chart template is not a skipped file');
  assert.deepEqual(
    sourceFromData('chart/templates/svc.yaml', text, parseFileData(text, limits, 'chart/templates/svc.yaml')).docs,
    [],
  );
  // The same text outside a chart is plain YAML with string values.
  assert.deepEqual(kinds(text), ['Service']);
});

test('a binary file is one finding (a skip), not also an encoding error', () => {
  const bytes = new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe, 0x80,
  ]);
  const { text, invalidAt } = decodeUtf8(bytes);
  assert.equal(invalidAt, null);
  assert.deepEqual(
    parseSource('logo.yaml', text).parseFindings.map((f) => f.rule),
    ['analysis-skipped'],
  );
  // Invalid UTF-8 without NUL bytes is still reported where it is.
  assert.equal(decodeUtf8(new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0x0a])).invalidAt, 3);
});

test('"Map keys must be unique" names the key; many duplicates stay linear', () => {
  const got = rules('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  "name": b\ndata: {k: 1, \'k\': 2}\n');
  assert.deepEqual(got.sort(), [
    'yaml-syntax: Map keys must be unique: "k" is defined twice (the last one wins)',
    'yaml-syntax: Map keys must be unique: "name" is defined twice (the last one wins)',
  ]);
  const many = `data:\n${'  same: 1\n'.repeat(20_000)}`;
  const found = rules(many);
  assert.equal(found[0], 'yaml-syntax: Map keys must be unique: "same" is defined twice (the last one wins)');
  assert.ok(found.length <= 6, 'errors per document stay capped');
});

const DEPLOY_JSON = JSON.stringify(
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    },
  },
  null,
  2,
);

test('JSON: a Kubernetes object is analysed (no fixes: they would write YAML); other JSON is quiet', () => {
  const f = ofRule(lint({ 'deploy.json': DEPLOY_JSON }), 'single-replica');
  assert.equal(f.length, 1);
  assert.equal(
    f[0].range.start.line,
    DEPLOY_JSON.split('\n').findIndex((l) => l.includes('"replicas"')),
  );
  assert.deepEqual(f[0].fixes, []);
  for (const [name, text] of [
    ['package.json', '{"name": "x", "version": "1.0.0", "scripts": {"a": "b"}, "name": "again"}'],
    ['tsconfig.json', '{\n  // comments are not JSON\n  "compilerOptions": {"strict": true},\n}\n'],
    ['data.json', '[1, 2, {"kind": "x"}]'],
    ['empty.json', ''],
  ]) {
    assert.deepEqual(lint({ [name]: text }), [], name);
    assert.deepEqual(parseFileData(text, DEFAULT_LIMITS, name), { skip: null, chunks: [], quiet: true }, name);
  }
  // Broken JSON that is a manifest gets its syntax error.
  assert.ok(
    lint({ 'broken.json': '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}' }).some(
      (x) => x.rule === 'yaml-syntax',
    ),
  );
});

const LIST = `apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: a
  spec:
    replicas: 1
    selector: {matchLabels: {app: a}}
    template:
      metadata: {labels: {app: a}}
      spec: {containers: [{name: a, image: "nginx:1.27"}]}
- apiVersion: v1
  kind: Service
  metadata:
    name: a
  spec:
    selector: {app: a}
    ports: [{port: 80}]
`;

test('List items are analysed each as an object at its own range, and fixed in place', () => {
  const s = parseSource('list.yaml', LIST);
  assert.deepEqual(
    s.docs.map((d) => [d.object?.kind, LIST.slice(d.start, d.start + 'apiVersion'.length)]),
    [
      ['Deployment', 'apiVersion'],
      ['Service', 'apiVersion'],
    ],
  );
  const found = lint({ 'list.yaml': LIST });
  const single = ofRule(found, 'single-replica')[0];
  assert.equal(single.severity, 'warning', 'the Service item selects the Deployment item');
  assert.equal(LIST.slice(single.offset.start, single.offset.end), 'replicas: 1');
  const out = applyEdits(LIST, single.fixes[0].edits());
  assert.equal(out, LIST.replace('    replicas: 1\n', '    replicas: 2\n'));
  // The same findings from data parsed elsewhere (a worker: no Documents, position tables).
  const index = createIndex();
  const src = index.setParsedFile('list.yaml', LIST, parseFileData(LIST, DEFAULT_LIMITS, 'list.yaml'));
  const viaData = analyzeSource(index, src, mergeConfig());
  assert.deepEqual(
    viaData.map((f) => [f.rule, f.offset]),
    found.map((f) => [f.rule, f.offset]),
  );
  // A kubectl-style <Kind>List in JSON.
  const svcList = JSON.stringify({
    apiVersion: 'v1',
    kind: 'ServiceList',
    items: [
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'b' },
        spec: { selector: { app: 'nope' }, ports: [{ port: 80 }] },
      },
    ],
  });
  assert.deepEqual(
    parseSource('svc.json', svcList).docs.map((d) => d.object?.name),
    ['b'],
  );
});
