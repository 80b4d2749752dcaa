import type { Rule } from '../../rule';
import type { FileEdit } from '../../types';
import { asCount, asPercent, displayName, getIn } from '../../k8s';
import { effectiveReplicas } from '../../workspace';
import { addEntries, setIn } from '../../edits';

const RU = ['spec', 'strategy', 'rollingUpdate'];

/** An int-or-percent rollout parameter resolved against the replica count; undefined when unreadable. */
function resolve(v: unknown, replicas: number, round: (x: number) => number): number | undefined {
  const pct = asPercent(v);
  if (pct !== undefined) return round((pct * replicas) / 100);
  return asCount(v);
}

export const rule: Rule = {
  id: 'rollout-takes-all-down',
  severity: 'warning',
  title: 'Rolling update may take every replica down',
  summary: 'A rolling update allowed to stop every replica at once.',
  fixable: true,
  fixSafety: ['safe'],
  crossObject: true, // effective replicas come from a targeting HPA
  check(obj, ctx) {
    if (obj.kind !== 'Deployment') return;
    const type = getIn(obj.value, ['spec', 'strategy', 'type']);
    if (type !== undefined && type !== null && type !== 'RollingUpdate') return;
    const rawU = getIn(obj.value, [...RU, 'maxUnavailable']);
    const rawS = getIn(obj.value, [...RU, 'maxSurge']);
    const setU = rawU !== undefined && rawU !== null;
    const setS = rawS !== undefined && rawS !== null;
    if (!setU && !setS) return; // the defaults (25% / 25%) never take everything down
    const replicas = effectiveReplicas(ctx.index, obj);
    let unavailable = resolve(setU ? rawU : '25%', replicas, Math.floor);
    const surge = resolve(setS ? rawS : '25%', replicas, Math.ceil);
    if (unavailable === undefined || surge === undefined) return;
    // The controller makes progress by allowing one unavailable pod when both resolve to 0.
    if (unavailable === 0 && surge === 0) unavailable = 1;
    const all = (asPercent(rawU) ?? 0) >= 100 || (replicas >= 1 && unavailable >= replicas);
    if (!all) return;
    const why = setU
      ? `maxUnavailable ${JSON.stringify(rawU)}`
      : `maxSurge ${JSON.stringify(rawS)}, so one pod may be unavailable`;
    ctx.report({
      at: [[...RU, 'maxUnavailable'], [...RU, 'maxSurge'], RU],
      message: `${displayName(obj)} may stop ${replicas === 1 ? 'its only replica' : `all ${replicas} replicas at once`} during a rollout (${why}): every deploy is an outage until the new pods are ready.`,
      fixes: [
        {
          title: 'Surge instead of stopping pods (maxUnavailable: 0, maxSurge: 1)',
          safety: 'safe',
          edits: () => {
            const edits: FileEdit[] = [];
            const missing: Record<string, number> = {};
            if (setU) edits.push(setIn(obj, [...RU, 'maxUnavailable'], { value: 0 }));
            else missing.maxUnavailable = 0;
            if (setS) edits.push(setIn(obj, [...RU, 'maxSurge'], { value: 1 }));
            else missing.maxSurge = 1;
            if (Object.keys(missing).length) edits.push(addEntries(obj, RU, { value: missing }));
            return edits;
          },
        },
      ],
    });
  },
};
