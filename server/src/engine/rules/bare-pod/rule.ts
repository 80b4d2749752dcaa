import type { Rule } from '../../rule';
import type { FileEdit } from '../../types';
import { getIn, podLabels } from '../../k8s';
import { removeKey, setIn } from '../../edits';
import { wrapValue } from '../../wrap-value';
import { locate } from '../../locate';
import { hasOwnerReferences } from '../shared/owner';

export const rule: Rule = {
  id: 'bare-pod',
  severity: 'warning',
  title: 'Pod without a controller',
  summary: 'A Pod nothing recreates when its node fails or is drained.',
  fixable: true,
  fixSafety: ['unsafe'],
  peers: { polaris: ['nakedPod'] },
  check(obj, ctx) {
    if (obj.kind !== 'Pod' || hasOwnerReferences(obj.value)) return;
    const name = obj.name || '(unnamed)';
    const spec = locate(obj, ['spec']);
    ctx.report({
      at: [['kind']],
      message: `Pod ${name} has no controller: nothing recreates it when its node fails or is drained.`,
      fixes:
        spec?.pair && spec.node
          ? [
              {
                title: `Wrap Pod ${name} in a Deployment`,
                // Unsafe: the Pod becomes pods with generated names, with a chosen count (and labels when it has none).
                safety: 'unsafe',
                edits: () => {
                  // Selector and template labels from the Pod's labels; `app: <name>` when it has none.
                  let labels: Record<string, string> = podLabels(obj, ctx.index.context);
                  if (Object.keys(labels).length === 0) labels = { app: obj.name || 'app' };
                  const metadata: Record<string, unknown> = { labels };
                  const annotations = getIn(obj.value, ['metadata', 'annotations']);
                  if (annotations && typeof annotations === 'object' && Object.keys(annotations).length > 0)
                    metadata.annotations = annotations;
                  // A Deployment's pods must restart: `restartPolicy: Never/OnFailure` would be rejected.
                  const inner: FileEdit[] = [];
                  const restart = getIn(obj.value, ['spec', 'restartPolicy']);
                  if (restart !== undefined && restart !== 'Always' && locate(obj, ['spec', 'restartPolicy'])?.pair)
                    inner.push(removeKey(obj, ['spec', 'restartPolicy']));
                  return [
                    setIn(obj, ['apiVersion'], { value: 'apps/v1' }),
                    setIn(obj, ['kind'], { value: 'Deployment' }),
                    wrapValue(
                      obj,
                      ['spec'],
                      { value: { replicas: 2, selector: { matchLabels: labels }, template: { metadata } } },
                      ['template', 'spec'],
                      inner,
                    ),
                  ];
                },
              },
            ]
          : [],
    });
  },
};
