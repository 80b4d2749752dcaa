import type { Rule } from '../../rule';
import type { KObject, Path } from '../../types';
import { asCount, asPercent, getIn, isBatch } from '../../k8s';
import { effectiveReplicas } from '../../workspace';
import { locate } from '../../locate';
import { removeKey, setIn } from '../../edits';
import { workloadsOfPdb } from '../shared/pdb';

/** Replace the `key: value` pair at path with `maxUnavailable: 1`, in place. */
function toMaxUnavailableOne(pdb: KObject, path: Path) {
  const loc = locate(pdb, path)!;
  const key = loc.pair!.key as { range: [number, number, number] };
  const v = loc.pair!.value as { range?: [number, number, number] } | null;
  return {
    file: pdb.file,
    start: key.range[0],
    end: v?.range ? v.range[1] : key.range[1],
    newText: 'maxUnavailable: 1',
  };
}

export const rule: Rule = {
  id: 'pdb-blocks-eviction',
  severity: 'error',
  title: 'PodDisruptionBudget allows no voluntary disruption',
  summary: 'A budget that allows no disruption blocks every node drain and cluster upgrade.',
  fixable: true,
  fixSafety: ['safe'],
  crossObject: true,
  peers: {
    kubeLinter: ['pdb-max-unavailable', 'pdb-min-available'],
    polaris: ['pdbDisruptionsIsZero', 'pdbMinAvailableGreaterThanHPAMinReplicas'],
  },
  check(obj, ctx) {
    if (obj.kind !== 'PodDisruptionBudget') return;
    const maxU = getIn(obj.value, ['spec', 'maxUnavailable']);
    const minA = getIn(obj.value, ['spec', 'minAvailable']);
    // With both fields set (which the API rejects anyway) the fix keeps maxUnavailable only.
    const both = maxU !== undefined && minA !== undefined;
    const fix = (path: Path) => [
      {
        title: 'Allow one disruption at a time (maxUnavailable: 1)',
        safety: 'safe' as const,
        edits: () =>
          both
            ? [removeKey(obj, ['spec', 'minAvailable']), setIn(obj, ['spec', 'maxUnavailable'], { value: 1 })]
            : [toMaxUnavailableOne(obj, path)],
      },
    ];
    const drains = 'node drains and cluster upgrades block on it until someone deletes it';
    if (maxU !== undefined && maxU !== null && (asCount(maxU) === 0 || asPercent(maxU) === 0)) {
      ctx.report({
        at: [['spec', 'maxUnavailable']],
        message: `PodDisruptionBudget ${obj.name} sets maxUnavailable ${JSON.stringify(maxU)}: no pod may ever be evicted; ${drains}.`,
        fixes: fix(['spec', 'maxUnavailable']),
      });
      return;
    }
    if (minA === undefined || minA === null) return;
    const pct = asPercent(minA);
    if (pct !== undefined && pct >= 100) {
      ctx.report({
        at: [['spec', 'minAvailable']],
        message: `PodDisruptionBudget ${obj.name} requires minAvailable ${minA}: no pod may ever be evicted; ${drains}.`,
        fixes: fix(['spec', 'minAvailable']),
      });
      return;
    }
    const count = asCount(minA);
    if (pct === undefined && count === undefined) return;
    // Jobs and CronJobs are exempt (rules.md, Terms): their pods run to completion, not to serve.
    const blocked = workloadsOfPdb(ctx.index, obj)
      .filter((w) => !isBatch(w))
      .map((w) => {
        const replicas = effectiveReplicas(ctx.index, w);
        const required = pct !== undefined ? Math.ceil((pct * replicas) / 100) : count!;
        return { w, replicas, required };
      })
      .filter((x) => x.required >= x.replicas);
    if (blocked.length === 0) return;
    const b = blocked[0];
    ctx.report({
      at: [['spec', 'minAvailable']],
      message: `PodDisruptionBudget ${obj.name} requires ${b.required} available pods of ${b.w.kind} ${b.w.name}, which runs ${b.replicas}: no pod may be evicted; ${drains}.`,
      related: blocked.map((x) => ({
        object: x.w,
        at: ['spec', 'replicas'],
        message: `${x.w.kind} ${x.w.name} runs ${x.replicas} (effective replicas)`,
      })),
      fixes: fix(['spec', 'minAvailable']),
    });
  },
};
