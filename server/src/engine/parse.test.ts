import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSource } from './parse';
import { lint } from './testing';

test('each document with apiVersion and kind is an object with its own offsets', () => {
  const s = parseSource('f.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: x}\n---\n# just a comment\n---\nfoo: bar\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\n');
  const objs = s.docs.map((d) => d.object && `${d.object.kind}/${d.object.name}@${d.object.namespace}`);
  assert.deepEqual(objs, ['Service/a@x', null, null, 'Deployment/b@default']);
});

test('a broken document is a yaml-syntax error; the other documents are still analysed', () => {
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {replicas: 1, selector: {matchLabels: {x: y}}, template: {metadata: {labels: {x: y}}, spec: {containers: []}}}\n---\nkey: [unclosed\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s\n';
  const f = lint(text);
  assert.ok(f.some((x) => x.rule === 'yaml-syntax' && x.range.start.line >= 5), 'syntax error reported in the broken document');
  assert.ok(f.some((x) => x.rule === 'single-replica'), 'the valid document is still analysed');
});

test('duplicate keys are reported', () => {
  const f = lint('apiVersion: v1\nkind: Pod\nkind: Pod\n');
  assert.equal(f.filter((x) => x.rule === 'yaml-syntax').length, 1);
});

test('an alias bomb is reported, not expanded', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`);
  const f = lint('apiVersion: v1\nkind: ConfigMap\n' + lines.join('\n') + '\n');
  assert.equal(f.length, 1);
  assert.equal(f[0].rule, 'yaml-syntax');
  assert.match(f[0].message, /not analysed/);
});

test('a YAML file with no Kubernetes object has no findings', () => {
  assert.deepEqual(lint('name: my-app\nversion: 1.2.3\ndependencies:\n  - a\n'), []);
  assert.deepEqual(lint(''), []);
});
