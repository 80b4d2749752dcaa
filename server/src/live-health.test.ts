import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSource } from './engine/parse';
import { liveHealthDiagnostics } from './live-health';
import type { LiveHealthParams, LivePdb } from '../../common/src/protocol';

const TEXT = [
  'apiVersion: policy/v1',
  'kind: PodDisruptionBudget',
  'metadata:',
  '  name: postgres-pdb',
  '  namespace: storefront',
  'spec:',
  '  minAvailable: 2',
  '  selector: {matchLabels: {app: postgres}}',
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: postgres',
  '  namespace: storefront',
  'spec:',
  '  selector: {app: postgres}',
  '',
].join('\n');

const PDB: LivePdb = {
  namespace: 'storefront',
  name: 'postgres-pdb',
  disruptionsAllowed: 0,
  currentHealthy: 2,
  expectedPods: 2,
  budget: 'minAvailable 2',
  workloads: ['StatefulSet postgres'],
};
const live = (pdbs?: LivePdb[]): LiveHealthParams => ({ context: 'prod', services: [], ...(pdbs ? { pdbs } : {}) });

test('a PDB whose live object allows 0 disruptions gets an info diagnostic on its name', () => {
  const source = parseSource('file:///pg.yaml', TEXT);
  const [d, ...rest] = liveHealthDiagnostics(source, live([PDB]));
  assert.equal(rest.length, 0);
  assert.equal(d.code, 'live-pdb');
  assert.equal(d.severity, 3);
  assert.equal(
    d.message,
    'Live in prod: 2 of 2 healthy, minAvailable 2: 0 disruptions allowed, so a drain of any node running these pods (StatefulSet postgres) blocks.',
  );
  assert.deepEqual(d.range.start, { line: 3, character: 2 });
});

test('no diagnostic when it allows a disruption, when the live PDB is another one, or when the client sends no PDBs', () => {
  const source = parseSource('file:///pg.yaml', TEXT);
  assert.deepEqual(liveHealthDiagnostics(source, live([{ ...PDB, disruptionsAllowed: 1 }])), []);
  assert.deepEqual(liveHealthDiagnostics(source, live([{ ...PDB, namespace: 'other' }])), []);
  assert.deepEqual(liveHealthDiagnostics(source, live()), []);
});
