import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures, lint, ofRule } from '../../testing';
import { findings, lineOf, underlined } from '../shared/fixcheck';

const RULE = 'rwo-volume-shared';
const fx = (name: string) => fixtures(RULE).find((f) => f.name === name)!.text;

test("underlines the claimName and relates the claim's access modes", () => {
  const text = fx('fire-rwo-claim.yaml');
  const [f] = findings(text, RULE);
  assert.deepEqual(f.range.start, { line: lineOf(text, 'claimName: uploads'), character: 12 });
  assert.equal(underlined(text, f), 'claimName: uploads');
  assert.equal(
    f.message,
    'Deployment uploads runs 2 replicas that share PersistentVolumeClaim uploads (ReadWriteOnce): a replica scheduled to another node cannot mount it and never starts.',
  );
  assert.deepEqual(
    f.related.map((r) => [r.range.start.line, r.message]),
    [[lineOf(text, 'accessModes'), 'PersistentVolumeClaim uploads allows ReadWriteOnce']],
  );
  assert.equal(f.fixes.length, 0);
});

test('the claim may be in another file; without it nothing fires', () => {
  const [pvc, deploy] = fx('fire-rwo-claim.yaml').split('---\n');
  assert.equal(ofRule(lint({ 'pvc.yaml': pvc, 'deploy.yaml': deploy }), RULE).length, 1);
  assert.equal(ofRule(lint({ 'deploy.yaml': deploy }), RULE).length, 0);
});

test('ReadWriteOncePod and HPA-effective replicas', () => {
  const text = fx('fire-rwop-hpa-namespaced.yaml');
  const [f] = findings(text, RULE);
  assert.match(f.message, /runs 2 replicas .*only one pod can mount it/);
});
