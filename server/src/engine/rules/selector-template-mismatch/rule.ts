import type { Rule } from '../../rule';
import { displayName, getIn, podLabels } from '../../k8s';
import { asSelector, labelsOf, selects } from '../../selectors';
import { setIn } from '../../edits';

const WITH_SELECTOR = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Rollout']);

export const rule: Rule = {
  id: 'selector-template-mismatch',
  severity: 'error',
  title: 'Workload selector does not select its own pods',
  summary: 'A workload selector that does not select its own pod template: the API rejects it.',
  fixable: true,
  fixSafety: ['unsafe'],
  peers: {
    kubeLinter: ['mismatching-selector'],
    kubeScore: [
      'deployment-pod-selector-labels-match-template-metadata-labels',
      'statefulset-pod-selector-labels-match-template-metadata-labels',
    ],
  },
  check(obj, ctx) {
    const rc = obj.kind === 'ReplicationController';
    if (!WITH_SELECTOR.has(obj.kind) && !rc) return;
    if (obj.kind === 'Rollout' && !obj.apiVersion.startsWith('argoproj.io/')) return;
    const raw = getIn(obj.value, ['spec', 'selector']);
    // A ReplicationController without a selector defaults to its template labels.
    if (raw === undefined || raw === null) {
      if (rc || !obj.apiVersion.startsWith('apps/')) return;
    }
    const labels = podLabels(obj, ctx.index.context);
    const sel = rc ? { matchLabels: labelsOf(raw) } : asSelector(raw);
    if (sel && selects(sel, labels)) return;
    const fixable = Object.keys(labels).length > 0;
    const problem =
      raw === undefined || raw === null
        ? 'has no spec.selector (apps/v1 requires one)'
        : 'has a spec.selector that does not select its own pod template labels';
    ctx.report({
      at: [
        ['spec', 'selector'],
        ['spec', 'template', 'metadata', 'labels'],
      ],
      message: `${displayName(obj)} ${problem}: the API rejects it.${fixable ? '' : ' Give the pod template labels first.'}`,
      fixes: fixable
        ? [
            {
              title: 'Set the selector to the pod template labels',
              // A guess: the template labels, not the selector, may hold the typo (Services select by them).
              safety: 'unsafe',
              edits: () => [
                rc
                  ? setIn(obj, ['spec', 'selector'], { value: labels })
                  : setIn(obj, ['spec', 'selector'], { value: { matchLabels: labels } }),
              ],
            },
          ]
        : [],
    });
  },
};
