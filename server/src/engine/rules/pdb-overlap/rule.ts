import type { Rule } from '../../rule';
import type { KObject } from '../../types';
import { displayName } from '../../k8s';
import { pdbsSelecting } from '../shared/pdb';

export const rule: Rule = {
  id: 'pdb-overlap',
  severity: 'error',
  title: 'Pods selected by more than one PodDisruptionBudget',
  summary: 'Pods that two PodDisruptionBudgets select cannot be evicted: every node drain stalls on them.',
  fixable: false,
  fixSafety: [],
  crossObject: true,
  appliesTo: 'ha-workloads',
  check(obj, ctx) {
    // One PDB written in two files (alternatives, copies) is one object in the cluster: count names.
    const byName = new Map<string, KObject>();
    for (const pdb of pdbsSelecting(ctx.index, obj)) if (!byName.has(pdb.name)) byName.set(pdb.name, pdb);
    if (byName.size < 2) return;
    const pdbs = [...byName.values()];
    ctx.report({
      at: [['metadata', 'name']],
      message: `The pods of ${displayName(obj)} are selected by ${pdbs.length} PodDisruptionBudgets (${pdbs.map((p) => p.name).join(', ')}): the eviction API refuses to evict a pod more than one budget covers, so every node drain stalls on them. Keep one.`,
      related: pdbs.map((p) => ({
        object: p,
        at: ['spec', 'selector'],
        message: `PodDisruptionBudget ${p.name} selects ${displayName(obj)}`,
      })),
    });
  },
};
