import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures, lint, ofRule } from '../../testing';
import { findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'node-pinned';
const fx = (name: string) => fixtures(RULE).find((f) => f.name === name)!.text;

test('underlines the hostname nodeSelector entry', () => {
  const text = fx('fire-node-selector-hostname.yaml');
  const [f] = findings(text, RULE);
  assert.deepEqual(f.range.start, { line: lineOf(text, 'kubernetes.io/hostname: node-7'), character: 8 });
  assert.equal(underlined(text, f), 'kubernetes.io/hostname: node-7');
  assert.equal(
    f.message,
    'Deployment queue-consumer pins its 2 replicas to node node-7 (nodeSelector kubernetes.io/hostname): when that node fails or is drained, every pod goes down and none can start elsewhere.',
  );
  assert.equal(f.fixes.length, 0);
});

test('required node affinity with one hostname; effective replicas from the HPA', () => {
  const text = fx('fire-required-affinity-hpa.yaml');
  const [f] = findings(text, RULE);
  assert.equal(underlined(text, f), 'requiredDuringSchedulingIgnoredDuringExecution');
  assert.match(f.message, /pins its 3 replicas to node node-1 \(required node affinity/);
  // Without the HPA, replicas is unset (1): quiet.
  assert.equal(ofRule(lint(text.split('---\n')[0]), RULE).length, 0);
});

test('nodeName', () => {
  const text = fx('fire-node-name-statefulset.yaml');
  const [f] = findings(text, RULE);
  assert.equal(underlined(text, f), 'nodeName: node-2');
});
