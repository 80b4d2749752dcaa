import type { Rule } from '../../rule';
import { displayName, hasSpecReplicas, isOperatorWorkload, isReplicated, specReplicas } from '../../k8s';
import { hpasTargeting } from '../../workspace';
import { setIn } from '../../edits';
import { plural } from '../shared/text';
import { trafficServices } from '../shared/served';

export const rule: Rule = {
  id: 'single-replica',
  severity: 'warning',
  title: 'Replicated workload runs fewer pods than minReplicas',
  summary: 'One replica: a node drain or a crash takes the workload down.',
  fixable: true,
  severityNote: 'warning (a Service selects it, or a StatefulSet) / info (otherwise)',
  fixSafety: ['safe', 'unsafe'],
  crossObject: true, // an HPA that targets it silences it; a Service selecting it raises it to a warning
  peers: {
    kubeLinter: ['minimum-three-replicas'],
    kubeScore: ['deployment-replicas'],
    polaris: ['deploymentMissingReplicas'],
  },
  check(obj, ctx) {
    if (!isReplicated(obj) || hpasTargeting(ctx.index, obj).length > 0) return;
    const n = specReplicas(obj);
    const min = ctx.config.minReplicas;
    if (n >= min) return;
    const unset = hasSpecReplicas(obj) ? '' : ' (spec.replicas is unset, so 1)';
    const counts = [...new Set([min, 3])].filter((c) => c > n);
    // A worker or controller with one replica delays work; it refuses no request (rules.md).
    const services = trafficServices(ctx.index, obj); // a metrics-only Service refuses no user request either
    // prometheus-operator runs its resources' pods as StatefulSets.
    const serving = services.length > 0 || obj.kind === 'StatefulSet' || isOperatorWorkload(obj);
    const impact =
      services.length > 0
        ? `one node drain or crash takes Service ${services[0].name} down`
        : serving
          ? 'one node drain or crash takes it down'
          : 'one node drain or crash stops its work until the pod is rescheduled';
    // A second copy is a guess for a StatefulSet (a new member with its own storage) and for a
    // workload no Service sends traffic to (a worker or controller may need to run alone).
    const safety = obj.kind !== 'StatefulSet' && services.length > 0 ? 'safe' : 'unsafe';
    ctx.report({
      at: [['spec', 'replicas']],
      severity: serving ? 'warning' : 'info',
      message: `${displayName(obj)} runs ${plural(n, 'replica')}${unset}: ${impact}. Run at least ${min}.`,
      fixes: counts.map((c, i) => ({
        title: `Set replicas to ${c}`,
        preferred: i === 0,
        safety,
        edits: () => [setIn(obj, ['spec', 'replicas'], { value: c })],
      })),
    });
  },
};
