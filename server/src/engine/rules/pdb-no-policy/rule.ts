import type { Rule } from '../../rule';
import { getIn } from '../../k8s';
import { setIn } from '../../edits';

const set = (v: unknown) => v !== undefined && v !== null;

export const rule: Rule = {
  id: 'pdb-no-policy',
  severity: 'warning',
  title: 'PodDisruptionBudget with neither minAvailable nor maxUnavailable',
  summary: 'A PodDisruptionBudget with neither minAvailable nor maxUnavailable.',
  fixable: true,
  fixSafety: ['safe'],
  peers: { kubeScore: ['poddisruptionbudget-has-policy'] },
  check(obj, ctx) {
    if (obj.kind !== 'PodDisruptionBudget') return;
    if (set(getIn(obj.value, ['spec', 'minAvailable'])) || set(getIn(obj.value, ['spec', 'maxUnavailable']))) return;
    ctx.report({
      at: [['spec'], ['metadata', 'name']],
      message: `PodDisruptionBudget ${obj.name} sets neither minAvailable nor maxUnavailable: it protects nothing, so a node drain may evict all the pods it selects at once.`,
      fixes: [
        {
          title: 'Allow one disruption at a time (maxUnavailable: 1)',
          safety: 'safe',
          edits: () => [setIn(obj, ['spec', 'maxUnavailable'], { value: 1 })],
        },
      ],
    });
  },
};
