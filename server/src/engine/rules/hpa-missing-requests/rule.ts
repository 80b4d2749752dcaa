import type { Rule } from '../../rule';
import type { FileEdit, KObject, Path } from '../../types';
import { containers, displayName, getIn, isWorkload } from '../../k8s';
import { setEntries } from '../../edits';
import { containerName } from '../shared/containers';

type Res = 'cpu' | 'memory';
const PLACEHOLDER: Record<Res, string> = { cpu: '100m', memory: '128Mi' };

interface UtilMetric {
  resource: Res;
  /** Only this container (ContainerResource metrics), else every container. */
  container?: string;
  at: Path;
}

/** The HPA's utilisation metrics on cpu/memory; unset metrics mean the API default (80% CPU). */
function utilizationMetrics(hpa: KObject): UtilMetric[] {
  const spec = getIn(hpa.value, ['spec']) ?? {};
  if (hpa.apiVersion === 'autoscaling/v1') return [{ resource: 'cpu', at: ['spec', 'targetCPUUtilizationPercentage'] }];
  const metrics = spec.metrics;
  if (metrics === undefined || metrics === null || (Array.isArray(metrics) && metrics.length === 0)) {
    return [{ resource: 'cpu', at: ['spec', 'metrics'] }];
  }
  if (!Array.isArray(metrics)) return [];
  const out: UtilMetric[] = [];
  metrics.forEach((m: any, i: number) => {
    if (!m || typeof m !== 'object') return;
    const field = m.type === 'Resource' ? 'resource' : m.type === 'ContainerResource' ? 'containerResource' : null;
    const r = field ? m[field] : null;
    if (!r || (r.name !== 'cpu' && r.name !== 'memory')) return;
    // autoscaling/v2: target.type Utilization; v2beta1: targetAverageUtilization.
    const util =
      r.target?.type === 'Utilization' || (r.target === undefined && r.targetAverageUtilization !== undefined);
    if (!util) return;
    out.push({
      resource: r.name,
      container: field === 'containerResource' && typeof r.container === 'string' ? r.container : undefined,
      at: r.target?.type !== undefined ? ['spec', 'metrics', i, field!, 'target', 'type'] : ['spec', 'metrics', i],
    });
  });
  return out;
}

/** A container's request for a resource, as the API defaults it (an unset request takes the limit). */
function hasRequest(c: Record<string, any>, res: Res): boolean {
  const req = c.resources?.requests?.[res];
  const lim = c.resources?.limits?.[res];
  return (req !== undefined && req !== null && req !== '') || (lim !== undefined && lim !== null && lim !== '');
}

export const rule: Rule = {
  id: 'hpa-missing-requests',
  severity: 'warning',
  title: 'HPA utilisation metric on containers without requests',
  summary: 'An HPA on CPU or memory utilisation over containers without that request never scales out.',
  fixable: true,
  fixSafety: ['unsafe'],
  crossObject: true,
  check(obj, ctx) {
    if (obj.kind !== 'HorizontalPodAutoscaler') return;
    const kind = getIn(obj.value, ['spec', 'scaleTargetRef', 'kind']);
    const name = getIn(obj.value, ['spec', 'scaleTargetRef', 'name']);
    const target =
      typeof kind === 'string' && typeof name === 'string'
        ? ctx.index.named(obj.namespace, kind, name).find(isWorkload)
        : undefined;
    if (!target) return; // hpa-target-missing's business
    const metrics = utilizationMetrics(obj);
    if (metrics.length === 0) return;
    // Per container of the target: the resources it lacks, and the first metric that needs them.
    const lacking = new Map<number, { ref: ReturnType<typeof containers>[number]; res: Res[] }>();
    let at: Path | undefined;
    for (const m of metrics) {
      for (const ref of containers(target)) {
        if (m.container !== undefined && ref.container.name !== m.container) continue;
        if (hasRequest(ref.container, m.resource)) continue;
        const entry = lacking.get(ref.index) ?? { ref, res: [] };
        if (!entry.res.includes(m.resource)) entry.res.push(m.resource);
        lacking.set(ref.index, entry);
        at ??= m.at;
      }
    }
    if (lacking.size === 0 || !at) return;
    const list = [...lacking.values()];
    const resources = [...new Set(list.flatMap((x) => x.res))];
    ctx.report({
      at: [at, ['spec', 'metrics'], ['spec', 'scaleTargetRef']],
      message: `HorizontalPodAutoscaler ${obj.name} scales ${displayName(target)} on ${resources.join(' and ')} utilisation, but container ${containerName(list[0].ref.container)} has no ${list[0].res.join('/')} request: utilisation cannot be computed, so it never scales out under load.`,
      related: list.map(({ ref, res }) => ({
        object: target,
        at: [...ref.path, 'name'],
        message: `Container ${containerName(ref.container)} has no ${res.join(' or ')} request`,
      })),
      fixes: [
        {
          title: `Add ${resources.join(' and ')} requests to ${displayName(target)}`,
          safety: 'unsafe', // placeholder values marked TODO
          edits: () =>
            list.flatMap(({ ref, res }): FileEdit[] =>
              setEntries(target, [...ref.path, 'resources', 'requests'], {
                value: Object.fromEntries(res.map((r) => [r, PLACEHOLDER[r]])),
                todo: res.map((r) => ({ path: [r], note: `set to the ${r} this container needs` })),
              }),
            ),
        },
      ],
    });
  },
};
