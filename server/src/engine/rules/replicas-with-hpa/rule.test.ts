import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures, lint, ofRule } from '../../testing';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'replicas-with-hpa';
const fire = fixtures(RULE).find((f) => f.name === 'fire-replicas-and-hpa.yaml')!.text;

test('underlines spec.replicas and names the HPA in the message and related information', () => {
  const [f, ...rest] = findings(fire, RULE);
  assert.equal(rest.length, 0);
  assert.deepEqual(f.range.start, { line: lineOf(fire, 'replicas: 3'), character: 2 });
  assert.equal(underlined(fire, f), 'replicas: 3');
  assert.match(
    f.message,
    /^Deployment web sets replicas: 3 while HorizontalPodAutoscaler web scales it: every apply resets it/,
  );
  assert.equal(f.related.length, 1);
  assert.equal(f.related[0].range.start.line, lineOf(fire, 'scaleTargetRef'));
  assert.match(f.related[0].message, /HorizontalPodAutoscaler web targets Deployment web/);
});

test('the HPA may live in another file of the analysis', () => {
  const [deploy, hpa] = fire.split('---\n');
  assert.equal(ofRule(lint({ 'deploy.yaml': deploy, 'hpa.yaml': hpa }), RULE).length, 1);
  assert.equal(ofRule(lint({ 'deploy.yaml': deploy }), RULE).length, 0);
});

test('the fix removes the replicas key; its comment stays on its own line', () => {
  const out = checkFix(fire, RULE);
  assert.equal(out, fire.replace('  replicas: 3 # fights the HPA\n', '  # fights the HPA\n'));
});

test('the fix keeps flow style', () => {
  const text = fixtures(RULE).find((f) => f.name === 'fire-statefulset-namespaced.yaml')!.text;
  const out = checkFix(text, RULE);
  assert.equal(out, text.replace('  replicas: 2\n', ''));
  const flow =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2, selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: "nginx:1.27"}]}}}\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {scaleTargetRef: {kind: Deployment, name: web}, minReplicas: 2, maxReplicas: 4}\n';
  assert.equal(checkFix(flow, RULE), flow.replace('{replicas: 2, selector', '{selector'));
});
