import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autoFix, fixAll } from './fix-all';
import { lint, SINGLE } from './testing';

const SERVICE =
  '---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n';
const NO_PROBES = SINGLE.replace(/        (readiness|liveness)Probe.*\n/g, '');

test('fix-all applies safe preferred fixes only; unsafe ones need { unsafe: true }', () => {
  const analyze = (t: string) => lint({ 'w.yaml': t });
  // Served and missing probes: raising replicas (then the PDB) is safe, a guessed probe is not.
  const text = NO_PROBES + SERVICE;
  const safe = fixAll(text, analyze, 'w.yaml');
  assert.deepEqual(
    safe.applied.map((a) => a.rule),
    ['single-replica', 'missing-pdb', 'no-pod-spread'],
  );
  assert.ok(safe.applied.every((a) => a.safety === 'safe'));
  assert.ok(
    analyze(safe.text).some((f) => f.rule === 'missing-readiness-probe'),
    'the unsafe probe fix is left for a person',
  );
  const all = fixAll(text, analyze, 'w.yaml', 100, { unsafe: true });
  assert.ok(all.applied.some((a) => a.rule === 'missing-readiness-probe'));
  assert.ok(!analyze(all.text).some((f) => f.rule === 'missing-readiness-probe'));
});

test('autoFix picks the preferred fix when it is safe, or unsafe ones are wanted', () => {
  const f = lint({ 'w.yaml': SINGLE }).find((x) => x.rule === 'single-replica')!;
  assert.equal(autoFix(f), undefined, 'unsafe: no Service sends the Deployment traffic');
  assert.equal(autoFix(f, { unsafe: true })?.title, 'Set replicas to 2');
});
