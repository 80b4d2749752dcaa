import type { Rule } from '../../rule';
import { getIn } from '../../k8s';
import { setIn } from '../../edits';

export const rule: Rule = {
  id: 'pdb-unhealthy-eviction',
  severity: 'info',
  title: 'PodDisruptionBudget without unhealthyPodEvictionPolicy',
  summary: 'Crash-looping pods a budget counts block node drains unless unhealthy pods may be evicted.',
  fixable: true,
  fixSafety: ['safe'],
  peers: { kubeLinter: ['pdb-unhealthy-pod-eviction-policy'] },
  check(obj, ctx) {
    if (obj.kind !== 'PodDisruptionBudget' || obj.apiVersion !== 'policy/v1') return;
    const policy = getIn(obj.value, ['spec', 'unhealthyPodEvictionPolicy']);
    if (policy !== undefined && policy !== null) return;
    ctx.report({
      at: [['spec'], ['metadata', 'name']],
      message: `PodDisruptionBudget ${obj.name} leaves unhealthyPodEvictionPolicy unset: crash-looping pods count against its budget and block node drains until someone deletes them.`,
      fixes: [
        {
          title: 'Let unhealthy pods be evicted (unhealthyPodEvictionPolicy: AlwaysAllow)',
          safety: 'safe',
          edits: () => [setIn(obj, ['spec', 'unhealthyPodEvictionPolicy'], { value: 'AlwaysAllow' })],
        },
      ],
    });
  },
};
