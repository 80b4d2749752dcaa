import type { Rule } from '../../rule';
import { reportDangling } from '../shared/dangling';
import type { KObject } from '../../types';
import { getIn, podLabels } from '../../k8s';
import { labelsOf } from '../../selectors';
import { workloadsSelectedBy } from '../shared/services';
import { setIn } from '../../edits';

/** Selector keys the workload's pod labels lack or disagree with. */
function differences(selector: Record<string, string>, labels: Record<string, string>): string[] {
  return Object.keys(selector).filter((k) => labels[k] !== selector[k]);
}

export const rule: Rule = {
  id: 'service-selects-nothing',
  severity: 'error',
  title: 'Service selects no pods',
  summary: 'A Service whose selector matches no pods has no endpoints: every request fails.',
  fixable: true,
  fixSafety: ['unsafe'],
  crossObject: true,
  peers: { kubeLinter: ['dangling-service'], kubeScore: ['service-targets-pod'] },
  check(obj, ctx) {
    if (obj.kind !== 'Service') return;
    const selector = labelsOf(getIn(obj.value, ['spec', 'selector']));
    // No selector (or an empty one): endpoints are managed by hand; not ours to judge.
    if (Object.keys(selector).length === 0) return;
    // Dangling rule: a lone Service file stays quiet.
    if (!ctx.index.hasWorkload()) return;
    if (workloadsSelectedBy(ctx.index, obj).length > 0) return;
    const workloads = ctx.index.workloadsIn(obj.namespace);
    // Only this namespace: a Service cannot select pods elsewhere (and its findings depend only on
    // it). A workload sharing no label pair with the selector is no hint at all.
    let nearest: KObject | null = null;
    let best = Infinity;
    for (const w of workloads) {
      const d = differences(selector, podLabels(w, ctx.index.context)).length;
      if (d < best && d < Object.keys(selector).length) {
        best = d;
        nearest = w;
      }
    }
    // The fix: exactly one workload of the namespace differs by one label value.
    const oneOff = workloads.filter((w) => {
      const diff = differences(selector, podLabels(w, ctx.index.context));
      return diff.length === 1 && podLabels(w, ctx.index.context)[diff[0]] !== undefined;
    });
    const fixes =
      oneOff.length === 1
        ? [
            (() => {
              const w = oneOff[0];
              const key = differences(selector, podLabels(w, ctx.index.context))[0];
              const value = podLabels(w, ctx.index.context)[key];
              // A guess: the nearest workload may not be the one the Service is for.
              return {
                title: `Match ${w.kind} ${w.name} (${key}: ${value})`,
                safety: 'unsafe' as const,
                edits: () => [setIn(obj, ['spec', 'selector', key], { value })],
              };
            })(),
          ]
        : [];
    const hint = nearest
      ? `; nearest is ${nearest.kind} ${nearest.name}${nearest.namespace !== obj.namespace ? ` in namespace ${nearest.namespace}` : ''}`
      : '';
    reportDangling(ctx, {
      at: [['spec', 'selector']],
      message: `Service ${obj.name} selects no pods in namespace ${obj.namespace}${hint}: it has no endpoints and every request to it fails.`,
      related: nearest
        ? [
            {
              object: nearest,
              at: [
                ...(nearest.kind === 'Pod'
                  ? []
                  : nearest.kind === 'CronJob'
                    ? ['spec', 'jobTemplate', 'spec', 'template']
                    : ['spec', 'template']),
                'metadata',
                'labels',
              ],
              message: `nearest workload: ${nearest.kind} ${nearest.name}`,
            },
          ]
        : [],
      fixes,
    });
  },
};
