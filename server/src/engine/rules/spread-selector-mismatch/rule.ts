import type { Rule } from '../../rule';
import { asCount, displayName, isBatch, isWorkload, podLabels } from '../../k8s';
import { setIn } from '../../edits';
import { asSelector, selects } from '../../selectors';
import { spreadTerms } from '../shared/spread';

export const rule: Rule = {
  id: 'spread-selector-mismatch',
  severity: 'error',
  title: 'Anti-affinity or spread constraint does not select its own pods',
  summary: 'A spread constraint or anti-affinity term that does not select its own pods, or that the API rejects.',
  fixable: true,
  fixSafety: ['safe'],
  podLevel: true,
  peers: { kubeScore: ['pod-topology-spread-constraints'] },
  check(obj, ctx) {
    if (!isWorkload(obj) || isBatch(obj)) return;
    const labels = podLabels(obj);
    const labelText = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
    for (const { kind, term, path } of spreadTerms(obj)) {
      const what = kind === 'spread' ? 'a topology spread constraint' : 'a pod anti-affinity term';
      const sel = asSelector(term.labelSelector);
      if (!sel || !selects(sel, labels)) {
        const how = sel ? `does not select its own pods (${labelText || 'no labels'})` : 'has no labelSelector, so it selects no pods';
        ctx.report({
          at: [[...path, 'labelSelector'], path],
          message: `In ${displayName(obj)}, ${what} ${how}: its replicas are not spread and can all land on one node or zone.`,
          fixes: Object.keys(labels).length === 0 ? [] : [{
            title: `Select the pod labels (${labelText})`,
            safety: 'safe',
            edits: () => [setIn(obj, [...path, 'labelSelector'], { value: { matchLabels: labels } })],
          }],
        });
      }
      if (kind !== 'spread') continue;
      const skew = asCount(term.maxSkew);
      if (term.maxSkew !== undefined && term.maxSkew !== null && (skew === undefined || skew < 1)) {
        ctx.report({
          at: [[...path, 'maxSkew'], path],
          message: `In ${displayName(obj)}, a topology spread constraint has maxSkew ${JSON.stringify(term.maxSkew)} (it must be at least 1): the API rejects the workload, so it cannot be deployed.`,
          fixes: [{ title: 'Set maxSkew to 1', safety: 'safe', edits: () => [setIn(obj, [...path, 'maxSkew'], { value: 1 })] }],
        });
      }
      if (typeof term.topologyKey !== 'string' || term.topologyKey.trim() === '') {
        ctx.report({
          at: [[...path, 'topologyKey'], path],
          message: `In ${displayName(obj)}, a topology spread constraint has an empty topologyKey: the API rejects the workload, so it cannot be deployed.`,
        });
      }
    }
  },
};
