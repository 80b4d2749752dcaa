import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures } from '../../testing';
import { checkFix, findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'spread-selector-mismatch';
const fx = (name: string) => fixtures(RULE).find((f) => f.name === name)!.text;

test('underlines the labelSelector and names the pod labels', () => {
  const text = fx('fire-copied-selector.yaml');
  const [f, ...rest] = findings(text, RULE);
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.range.start, { line: lineOf(text, 'labelSelector'), character: 10 });
  assert.equal(underlined(text, f), 'labelSelector');
  assert.equal(
    f.message,
    'In Deployment web, a topology spread constraint does not select its own pods (app.kubernetes.io/name=web): its replicas are not spread and can all land on one node or zone.',
  );
});

test('the fix sets the selector to the pod labels, in place and in flow style', () => {
  const text = fx('fire-copied-selector.yaml');
  const out = checkFix(text, RULE);
  assert.equal(
    out,
    text.replace(
      'labelSelector: {matchLabels: {app.kubernetes.io/name: api}} #',
      'labelSelector: {matchLabels: {app.kubernetes.io/name: web}} #',
    ),
  );
});

test('anti-affinity against other pods never fires; a term with no labelSelector does, with the fix', () => {
  assert.deepEqual(findings(fx('clean-anti-affinity-expression.yaml'), RULE), []);
  assert.deepEqual(findings(fx('clean-anti-affinity-other-app.yaml'), RULE), []);
  const text = fx('fire-anti-affinity-no-selector.yaml');
  const [f, ...rest] = findings(text, RULE);
  assert.equal(rest.length, 0);
  assert.equal(
    f.message,
    'In Deployment linkerd-destination, a pod anti-affinity term has no labelSelector, so it matches no pod: it keeps the replicas away from nothing.',
  );
  const out = checkFix(text, RULE, { changedLines: 4 });
  assert.ok(
    out.includes(
      '          - topologyKey: kubernetes.io/hostname\n            labelSelector:\n              matchLabels:\n                linkerd.io/control-plane-component: destination\n                linkerd.io/control-plane-ns: linkerd\n',
    ),
    out,
  );
});

test('spread fields the API rejects: minDomains with ScheduleAnyway, bad whenUnsatisfiable, minDomains 0, no maxSkew', () => {
  const text = fx('fire-invalid-spread-fields.yaml');
  const got = findings(text, RULE);
  assert.deepEqual(
    got.map((f) => underlined(text, f)),
    ['minDomains: 3', 'whenUnsatisfiable: DoNotScheduleOrElse', 'minDomains: 0', 'topologyKey: kubernetes.io/hostname'],
  );
  assert.match(got[0].message, /sets minDomains with whenUnsatisfiable ScheduleAnyway/);
  assert.match(got[1].message, /whenUnsatisfiable "DoNotScheduleOrElse" \(DoNotSchedule or ScheduleAnyway\)/);
  assert.match(got[2].message, /minDomains 0 \(it must be at least 1\)/);
  assert.match(got[3].message, /has no maxSkew \(required, at least 1\)/);
  assert.equal(
    checkFix(text, RULE, { index: 3 }).includes(
      '      - topologyKey: kubernetes.io/hostname\n        whenUnsatisfiable: DoNotSchedule\n        labelSelector:\n          matchLabels: {app: foo}\n        maxSkew: 1\n',
    ),
    true,
  );
});

test('missing selector, maxSkew 0 and empty topologyKey are three findings', () => {
  const text = fx('fire-missing-selector-bad-skew.yaml');
  const got = findings(text, RULE);
  assert.deepEqual(
    got.map((f) => underlined(text, f)),
    ['maxSkew: 0', 'maxSkew: 0', 'topologyKey: ""'],
  );
  assert.match(got[0].message, /has no labelSelector/);
  assert.match(got[1].message, /maxSkew 0 \(it must be at least 1\)/);
  assert.match(got[2].message, /empty topologyKey/);
  const added = checkFix(text, RULE);
  assert.ok(
    added.includes(
      '      whenUnsatisfiable: DoNotSchedule\n      labelSelector:\n        matchLabels:\n          app: one\n',
    ),
    added,
  );
  assert.equal(checkFix(text, RULE, { index: 1 }), text.replace('maxSkew: 0', 'maxSkew: 1'));
});
