// The fix properties of issue 3 for the HA rules with quick fixes, over every fire fixture of those
// rules and over the Polaris corpus (when it is present next to the repository): after the
// preferred fix the text parses, the finding is gone, no other rule's finding appears (except the
// cascades named here), comments and other documents are kept, and fixing again changes nothing.
import { test } from 'node:test';
import * as fs from 'fs';
import * as path from 'path';
import { fixtures, repoRoot } from '../../testing';
import { checkFix, findings } from './fixcheck';

const RULES: Record<string, { cascades?: string[]; changedLines?: number }> = {
  'replicas-with-hpa': {},
  // A higher HPA floor raises the target's effective replicas: rules that start at 2 may appear.
  'hpa-min-replicas-low': {
    cascades: ['missing-pdb', 'no-pod-spread', 'node-pinned', 'rwo-volume-shared'],
    changedLines: 2,
  },
  'hpa-max-not-above-min': {},
  'hpa-missing-requests': { changedLines: 1 },
  'pdb-no-policy': {},
  'pdb-unhealthy-eviction': {},
  'spread-selector-mismatch': { changedLines: 4 },
  'rollout-takes-all-down': { changedLines: 2 },
};

function corpusFiles(): { name: string; text: string }[] {
  const dir = path.join(repoRoot(), '..', 'shared', 'corpus', 'polaris');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      fs
        .readdirSync(path.join(dir, d.name))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => ({ name: `polaris/${d.name}/${f}`, text: fs.readFileSync(path.join(dir, d.name, f), 'utf8') })),
    );
}

const corpus = corpusFiles();
// The corpus lives next to the repository, not in it: where it is absent, say so as a skip.
if (corpus.length === 0)
  test(
    'HA fix properties over the Polaris corpus',
    { skip: `not found at ${path.join(repoRoot(), '..', 'shared', 'corpus', 'polaris')}` },
    () => undefined,
  );
for (const [rule, opts] of Object.entries(RULES)) {
  const texts = [
    ...fixtures(rule)
      .filter((f) => f.expect === 'fire')
      .map((f) => ({ name: f.name, text: f.text })),
    ...corpus,
  ];
  for (const { name, text } of texts) {
    const found = findings(text, rule);
    found.forEach((f, index) => {
      if (!f.fixes.some((x) => x.preferred)) return;
      test(`${rule}: fix #${index} of ${name} is minimal and final`, () => {
        // Cross-object fixes edit the workload's document, not the finding's.
        const docs =
          rule === 'hpa-missing-requests'
            ? [...new Set(f.fixes[0].edits().map((e) => text.slice(0, e.start).split(/^---[ \t]*\r?$/m).length - 1))]
            : undefined;
        checkFix(text, rule, { ...opts, index, docs });
      });
    });
  }
}
