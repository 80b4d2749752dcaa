import type { Rule } from '../../rule';
import { reportDangling } from '../shared/dangling';
import type { AnalysisContext } from '../../context';
import type { KObject } from '../../types';
import { displayName, getIn, podLabels, podLabelsPath } from '../../k8s';
import { workloadsIn } from '../../workspace';
import { pdbSelector, workloadsOfPdb } from '../shared/pdb';

function labelText(obj: KObject, cx: AnalysisContext): string {
  const l = podLabels(obj, cx);
  const pairs = Object.entries(l).map(([k, v]) => `${k}=${v}`);
  return pairs.length ? pairs.join(', ') : 'no labels';
}

export const rule: Rule = {
  id: 'pdb-selects-nothing',
  severity: 'warning',
  title: 'PodDisruptionBudget selects no workload',
  summary: 'A PodDisruptionBudget whose selector matches no workload protects nothing.',
  fixable: false,
  fixSafety: [],
  crossObject: true,
  check(obj, ctx) {
    if (obj.kind !== 'PodDisruptionBudget') return;
    // Dangling rule: only when the analysis holds at least one workload anywhere.
    if (!ctx.index.hasWorkload()) return;
    if (workloadsOfPdb(ctx.index, obj).length > 0) return;
    const hasSelector = pdbSelector(obj) !== null || getIn(obj.value, ['spec', 'selector']) !== undefined;
    const what = hasSelector
      ? `selects the pods of no workload in namespace ${obj.namespace}`
      : 'has no selector, so it selects no pods';
    const others = workloadsIn(ctx.index, obj.namespace);
    reportDangling(ctx, {
      at: [['spec', 'selector'], ['spec'], ['metadata', 'name']],
      message: `PodDisruptionBudget ${obj.name} ${what}: the workload it was meant to protect can lose all its pods in one node drain.`,
      related: others.slice(0, 3).map((w) => ({
        object: w,
        at: podLabelsPath(w),
        message: `${displayName(w)} has pod labels ${labelText(w, ctx.index.context)}`,
      })),
    });
  },
};
