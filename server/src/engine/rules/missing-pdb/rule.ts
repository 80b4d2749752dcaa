import type { Rule } from '../../rule';
import { displayName, getIn, isReplicated, podLabels, workloadSelector } from '../../k8s';
import { effectiveReplicas } from '../../workspace';
import { appendDocument } from '../../edits';
import { isEmptySelector, selects, type LabelSelector } from '../../selectors';
import type { AnalysisContext } from '../../context';
import type { KObject } from '../../types';
import { pdbsSelecting } from '../shared/pdb';

export const rule: Rule = {
  id: 'missing-pdb',
  severity: 'warning',
  title: 'Replicated workload without a PodDisruptionBudget',
  summary: 'Without a PodDisruptionBudget a node drain may evict every replica at once.',
  fixable: true,
  fixSafety: ['safe'],
  crossObject: true,
  peers: {
    kubeScore: ['deployment-has-poddisruptionbudget', 'statefulset-has-poddisruptionbudget'],
    polaris: ['missingPodDisruptionBudget'],
  },
  check(obj, ctx) {
    if (!isReplicated(obj)) return;
    const replicas = effectiveReplicas(ctx.index, obj);
    if (replicas < 2) return;
    if (pdbsSelecting(ctx.index, obj).length > 0) return;
    const selector = pdbSelectorFor(obj, ctx.index.context);
    ctx.report({
      at: [['metadata', 'name']],
      message: `${displayName(obj)} (${replicas} replicas) has no PodDisruptionBudget in namespace ${obj.namespace}: a node drain may evict all its pods at once.`,
      fixes: selector
        ? [
            {
              title: `Add a PodDisruptionBudget for ${obj.name}`,
              safety: 'safe',
              edits: () => {
                const metadata: Record<string, unknown> = { name: `${obj.name}-pdb` };
                if (getIn(obj.value, ['metadata', 'namespace'])) metadata.namespace = obj.namespace;
                return [
                  appendDocument(obj, {
                    value: {
                      apiVersion: 'policy/v1',
                      kind: 'PodDisruptionBudget',
                      metadata,
                      spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector },
                    },
                  }),
                ];
              },
            },
          ]
        : [],
    });
  },
};

/** The new PDB's selector: the workload's own, unless it does not select its pods (then the pod
 *  labels); null when that has no labels, as an empty PDB selector selects every pod of the namespace. */
function pdbSelectorFor(obj: KObject, cx: AnalysisContext): LabelSelector | null {
  const own = workloadSelector(obj, cx);
  const selector: LabelSelector = own && selects(own, podLabels(obj, cx)) ? own : { matchLabels: podLabels(obj, cx) };
  return isEmptySelector(selector) ? null : selector;
}
