import type { Rule } from '../../rule';
import { displayName, hasSpecReplicas, isReplicated, specReplicas } from '../../k8s';
import { hpasTargeting } from '../../workspace';
import { setIn } from '../../edits';
import { plural } from '../shared/text';

export const rule: Rule = {
  id: 'single-replica',
  severity: 'warning',
  title: 'Replicated workload runs fewer pods than minReplicas',
  fixable: true,
  crossObject: true, // an HPA that targets the workload silences it
  peers: { kubeLinter: ['minimum-three-replicas'], kubeScore: ['deployment-replicas'], polaris: ['deploymentMissingReplicas'] },
  check(obj, ctx) {
    if (!isReplicated(obj) || hpasTargeting(ctx.index, obj).length > 0) return;
    const n = specReplicas(obj);
    const min = ctx.config.minReplicas;
    if (n >= min) return;
    const unset = hasSpecReplicas(obj) ? '' : ' (spec.replicas is unset, so 1)';
    const counts = [...new Set([min, 3])].filter((c) => c > n);
    ctx.report({
      at: [['spec', 'replicas']],
      message: `${displayName(obj)} runs ${plural(n, 'replica')}${unset}: one node drain or crash takes it down. Run at least ${min}.`,
      fixes: counts.map((c, i) => ({
        title: `Set replicas to ${c}`,
        preferred: i === 0,
        edits: () => [setIn(obj, ['spec', 'replicas'], { value: c })],
      })),
    });
  },
};
