import type { Rule } from '../../rule';
import type { FileEdit } from '../../types';
import { autoscalerOf } from '../../workspace';
import { setIn } from '../../edits';

export const rule: Rule = {
  id: 'hpa-min-replicas-low',
  severity: 'warning',
  title: 'HPA minReplicas below the minimum',
  summary: 'An HPA allowed to scale its workload down below the replica floor.',
  fixable: true,
  fixSafety: ['safe'],
  peers: {
    kubeLinter: ['hpa-minimum-three-replicas'],
    kubeScore: ['horizontalpodautoscaler-replicas'],
    polaris: ['hpaMinAvailability'],
  },
  check(obj, ctx) {
    const a = autoscalerOf(obj, ctx.index.context);
    if (!a) return;
    const { min, max } = a;
    const unset = !a.minSet;
    const want = ctx.config.minReplicas;
    // A ScaledObject that may scale to zero (minReplicaCount 0 or unset) is a deliberate choice.
    if (min === undefined || min >= want || (a.kind === 'ScaledObject' && min === 0)) return;
    const field = String(a.minPath[a.minPath.length - 1]);
    ctx.report({
      at: [a.minPath, ['spec']],
      message: `${obj.kind} ${obj.name} may scale down to ${min} ${min === 1 ? 'pod' : 'pods'}${unset ? ` (${field} is unset, so 1)` : ''}: at low traffic one node failure or drain takes the workload down.`,
      fixes: [
        {
          title: `Set ${field} to ${want}`,
          safety: 'safe',
          edits: () => {
            const edits: FileEdit[] = [setIn(obj, a.minPath, { value: want })];
            // Keep the ceiling above the new floor, so the fix does not create hpa-max-not-above-min.
            if (max !== undefined && max <= want) edits.push(setIn(obj, a.maxPath, { value: 2 * want }));
            return edits;
          },
        },
      ],
    });
  },
};
