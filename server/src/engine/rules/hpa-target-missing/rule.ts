import type { Rule } from '../../rule';
import { reportDangling } from '../shared/dangling';
import { autoscalerOf } from '../../workspace';

export const rule: Rule = {
  id: 'hpa-target-missing',
  severity: 'error',
  title: 'HorizontalPodAutoscaler targets no workload',
  summary: 'An HPA whose scaleTargetRef names no workload in its namespace scales nothing.',
  fixable: false,
  fixSafety: [],
  crossObject: true,
  peers: { kubeLinter: ['dangling-horizontalpodautoscaler'], kubeScore: ['horizontalpodautoscaler-has-target'] },
  check(obj, ctx) {
    // A KEDA ScaledObject's target kind defaults to Deployment.
    const target = autoscalerOf(obj, ctx.index.context)?.target;
    if (!target) return;
    const { kind, name } = target;
    // Dangling rule: only when the analysis holds at least one object of the pointed-at kind.
    if (!ctx.index.hasKind(kind)) return;
    if (ctx.index.named(obj.namespace, kind, name).length > 0) return;
    const sameKind = ctx.index.ofKind(obj.namespace, kind);
    reportDangling(ctx, {
      at: [
        ['spec', 'scaleTargetRef', 'name'],
        ['spec', 'scaleTargetRef'],
      ],
      message: `${obj.kind} ${obj.name} targets ${kind} ${name}, which does not exist in namespace ${obj.namespace}: nothing is autoscaled.`,
      related: sameKind
        .slice(0, 3)
        .map((o) => ({ object: o, message: `${kind} ${o.name} is in namespace ${obj.namespace}` })),
    });
  },
};
