// The short fuzz run in `npm test` (a few hundred inputs, fixed seed so a failure reproduces):
// no exception escapes the engine and fix-all keeps a parseable input parseable. No timing
// assertions here; `npm run fuzz` runs 100,000 inputs and records per-input times.
import { test } from 'node:test';
import fc from 'fast-check';
import { checkInput, generatedManifest, inputs, seedCorpus } from './fuzz-core';

const SEED = 20261101;

test('fuzz: mutated fixtures, examples and generated manifests never make the engine throw', () => {
  const corpus = seedCorpus();
  fc.assert(
    fc.property(inputs(corpus), (text) => {
      checkInput(text);
    }),
    { numRuns: 400, seed: SEED, endOnFailure: false },
  );
});

test('fuzz: generated manifests (unmutated) lint and fix-all cleanly', () => {
  fc.assert(
    fc.property(generatedManifest, (text) => {
      checkInput(text);
    }),
    { numRuns: 150, seed: SEED + 1 },
  );
});
