import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures, lint, ofRule } from '../../testing';
import { findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'pdb-selects-nothing';
const fx = (name: string) => fixtures(RULE).find((f) => f.name === name)!.text;

test('underlines the selector and relates the workloads of the namespace', () => {
  const text = fx('fire-label-renamed.yaml');
  const [f] = findings(text, RULE);
  assert.deepEqual(f.range.start, { line: lineOf(text, 'matchLabels: {app: payments}') - 1, character: 2 });
  assert.equal(underlined(text, f), 'selector');
  assert.match(
    f.message,
    /^PodDisruptionBudget payments selects the pods of no workload in namespace default: .*one node drain/,
  );
  assert.deepEqual(
    f.related.map((r) => r.message),
    ['Deployment payments has pod labels app.kubernetes.io/name=payments'],
  );
  assert.equal(f.related[0].range.start.line, lineOf(text, '      labels:'));
  assert.equal(f.fixes.length, 0);
});

test('a PDB without a selector selects nothing', () => {
  const text = fx('fire-no-selector.yaml');
  const [f] = findings(text, RULE);
  assert.match(f.message, /has no selector, so it selects no pods/);
});

test('dangling: quiet without workloads in the analysis, fires when one exists in any file', () => {
  const pdb = fx('clean-lone-pdb.yaml');
  assert.equal(ofRule(lint({ 'pdb.yaml': pdb }), RULE).length, 0);
  const other =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: x}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n';
  assert.equal(ofRule(lint({ 'pdb.yaml': pdb, 'other.yaml': other }), RULE).length, 1);
  const web = other.replace(/api/g, 'web').replace('namespace: x', 'namespace: default');
  assert.equal(ofRule(lint({ 'pdb.yaml': pdb, 'web.yaml': web }), RULE).length, 0);
});
