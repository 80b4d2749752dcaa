import type { Rule } from '../../rule';
import { displayName, getIn, hasSpecReplicas } from '../../k8s';
import { autoscalersTargeting } from '../../workspace';
import { removeKeyKeepingComments } from '../../edits';

export const rule: Rule = {
  id: 'replicas-with-hpa',
  severity: 'warning',
  title: 'Workload sets spec.replicas while an HPA manages it',
  summary: "spec.replicas next to an HPA resets the autoscaler's count on every apply.",
  fixable: true,
  fixSafety: ['safe'],
  crossObject: true,
  peers: { kubeScore: ['deployment-targeted-by-hpa-does-not-have-replicas-configured'] },
  appliesTo: 'ha-workloads',
  check(obj, ctx) {
    if (!hasSpecReplicas(obj)) return;
    const hpas = autoscalersTargeting(ctx.index, obj);
    if (hpas.length === 0) return;
    const replicas = JSON.stringify(getIn(obj.value, ['spec', 'replicas']));
    ctx.report({
      at: [['spec', 'replicas']],
      message: `${displayName(obj)} sets replicas: ${replicas} while ${hpas[0].kind} ${hpas[0].object.name} scales it: every apply resets it to ${replicas} and kills the pods the autoscaler added under load.`,
      related: hpas.map((h) => ({
        object: h.object,
        at: ['spec', 'scaleTargetRef'],
        message: `${h.kind} ${h.object.name} targets ${displayName(obj)}`,
      })),
      // A comment on the replicas line stays behind on a line of its own.
      fixes: [
        {
          title: 'Remove spec.replicas (let the HPA own the count)',
          safety: 'safe',
          edits: () => [removeKeyKeepingComments(obj, ['spec', 'replicas'])],
        },
      ],
    });
  },
};
