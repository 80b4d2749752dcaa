import type { Rule } from '../../rule';
import { displayName, isReplicated, podLabels, podSpecPath } from '../../k8s';
import { effectiveReplicas } from '../../workspace';
import { appendToSeq } from '../../edits';
import { asSelector, selects } from '../../selectors';
import { appliesToOwnNamespace, spreadTerms, SPREAD_TOPOLOGY_KEYS } from '../shared/spread';

export const rule: Rule = {
  id: 'no-pod-spread',
  severity: 'warning',
  title: 'Replicas can all land on one node',
  summary: 'Nothing stops the scheduler from putting every replica on one node or zone.',
  fixable: true,
  fixSafety: ['safe'],
  crossObject: true, // effective replicas come from a targeting HPA
  podLevel: true,
  peers: {
    kubeLinter: ['no-anti-affinity'],
    kubeScore: ['deployment-has-host-podantiaffinity', 'statefulset-has-host-podantiaffinity'],
    polaris: ['topologySpreadConstraint'],
  },
  check(obj, ctx) {
    if (obj.kind === 'DaemonSet' || obj.kind === 'Pod') return;
    if (!isReplicated(obj)) return;
    const replicas = effectiveReplicas(ctx.index, obj);
    if (replicas < 2) return;
    const labels = podLabels(obj, ctx.index.context);
    const spread = spreadTerms(obj).some(({ kind, term }) => {
      const sel = asSelector(term.labelSelector);
      if (!sel || !selects(sel, labels)) return false;
      if (kind === 'spread') return true;
      return SPREAD_TOPOLOGY_KEYS.has(term.topologyKey) && appliesToOwnNamespace(term, obj.namespace);
    });
    if (spread) return;
    const spec = podSpecPath(obj);
    ctx.report({
      at: [
        ['spec', 'replicas'],
        ['metadata', 'name'],
      ],
      message: `${displayName(obj)} runs ${replicas} replicas with no pod anti-affinity or topology spread constraint selecting its pods: the scheduler may put them all on one node or zone.`,
      fixes: [
        {
          title: 'Spread pods across zones and nodes (topologySpreadConstraints)',
          safety: 'safe',
          edits: () => {
            const labelSelector = { matchLabels: labels };
            const constraint = (topologyKey: string) => ({
              value: { maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector },
            });
            return [
              appendToSeq(
                obj,
                [...spec, 'topologySpreadConstraints'],
                [constraint('topology.kubernetes.io/zone'), constraint('kubernetes.io/hostname')],
              ),
            ];
          },
        },
        {
          title: 'Prefer one pod per node (podAntiAffinity)',
          safety: 'safe',
          preferred: false,
          edits: () => [
            appendToSeq(
              obj,
              [...spec, 'affinity', 'podAntiAffinity', 'preferredDuringSchedulingIgnoredDuringExecution'],
              [
                {
                  value: {
                    weight: 100,
                    podAffinityTerm: { labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' },
                  },
                },
              ],
            ),
          ],
        },
      ],
    });
  },
};
