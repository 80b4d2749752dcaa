import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures, lint, ofRule } from '../../testing';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'hpa-missing-requests';
const fx = (name: string) => fixtures(RULE).find((f) => f.name === name)!.text;

test('underlines the Utilization target and points at the container', () => {
  const text = fx('fire-cpu-utilization.yaml');
  const [f] = findings(text, RULE);
  assert.deepEqual(f.range.start, { line: lineOf(text, 'type: Utilization'), character: 10 });
  assert.equal(underlined(text, f), 'type: Utilization');
  assert.match(
    f.message,
    /^HorizontalPodAutoscaler api scales Deployment api on cpu utilisation, but container api has no cpu request: .*never scales out/,
  );
  assert.deepEqual(
    f.related.map((r) => [r.range.start.line, r.message]),
    [[lineOf(text, '- name: api'), 'Container api has no cpu request']],
  );
});

test('the fix adds the cpu request next to the existing memory request, with a TODO', () => {
  const text = fx('fire-cpu-utilization.yaml');
  const out = checkFix(text, RULE, { docs: [0] });
  assert.equal(
    out,
    text.replace(
      'memory: 256Mi # measured\n',
      'memory: 256Mi # measured\n              cpu: 100m # TODO: set to the cpu this container needs\n',
    ),
  );
});

test('only the container without the request is fixed; `resources: {}` becomes a block', () => {
  const text = fx('fire-memory-sidecar-namespaced.yaml');
  const [f] = findings(text, RULE);
  assert.match(f.message, /container proxy has no memory request/);
  const out = checkFix(text, RULE, { docs: [0] });
  assert.equal(
    out,
    text.replace(
      '          resources: {}\n',
      '          resources:\n            requests:\n              memory: 128Mi # TODO: set to the memory this container needs\n',
    ),
  );
});

test('no metrics means the API default (CPU utilisation); the fix creates resources', () => {
  const text = fx('fire-default-metric.yaml');
  const out = checkFix(text, RULE, { docs: [0] });
  assert.ok(
    out.includes(
      '          image: example/worker:2.0.0\n          resources:\n            requests:\n              cpu: 100m # TODO: set to the cpu this container needs\n---',
    ),
    out,
  );
});

test('ContainerResource metrics look at their container only', () => {
  const text = fx('fire-memory-sidecar-namespaced.yaml').replace(
    '- type: Resource\n      resource: {name: memory,',
    '- type: ContainerResource\n      containerResource: {container: web, name: memory,',
  );
  assert.equal(findings(text, RULE).length, 0);
});

test('the target may be in another file; the fix edits that file', () => {
  const [deploy, hpa] = fx('fire-cpu-utilization.yaml').split('---\n');
  const got = ofRule(lint({ 'deploy.yaml': deploy, 'hpa.yaml': hpa }), RULE);
  assert.equal(got.length, 1);
  assert.equal(got[0].file, 'hpa.yaml');
  assert.deepEqual([...new Set(got[0].fixes[0].edits().map((e) => e.file))], ['deploy.yaml']);
});
