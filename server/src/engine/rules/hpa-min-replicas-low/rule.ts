import type { Rule } from '../../rule';
import type { FileEdit } from '../../types';
import { asCount, getIn } from '../../k8s';
import { setIn } from '../../edits';

export const rule: Rule = {
  id: 'hpa-min-replicas-low',
  severity: 'warning',
  title: 'HPA minReplicas below the minimum',
  summary: 'An HPA allowed to scale its workload down below the replica floor.',
  fixable: true,
  fixSafety: ['safe'],
  peers: { kubeLinter: ['hpa-minimum-three-replicas'], kubeScore: ['horizontalpodautoscaler-replicas'], polaris: ['hpaMinAvailability'] },
  check(obj, ctx) {
    if (obj.kind !== 'HorizontalPodAutoscaler') return;
    const raw = getIn(obj.value, ['spec', 'minReplicas']);
    const unset = raw === undefined || raw === null;
    const min = unset ? 1 : asCount(raw);
    const want = ctx.config.minReplicas;
    if (min === undefined || min >= want) return;
    const max = asCount(getIn(obj.value, ['spec', 'maxReplicas']));
    ctx.report({
      at: [['spec', 'minReplicas'], ['spec']],
      message: `HorizontalPodAutoscaler ${obj.name} may scale down to ${min} ${min === 1 ? 'pod' : 'pods'}${unset ? ' (minReplicas is unset, so 1)' : ''}: at low traffic one node failure or drain takes the workload down.`,
      fixes: [{
        title: `Set minReplicas to ${want}`,
        safety: 'safe',
        edits: () => {
          const edits: FileEdit[] = [setIn(obj, ['spec', 'minReplicas'], { value: want })];
          // Keep the ceiling above the new floor, so the fix does not create hpa-max-not-above-min.
          if (max !== undefined && max <= want) edits.push(setIn(obj, ['spec', 'maxReplicas'], { value: 2 * want }));
          return edits;
        },
      }],
    });
  },
};
