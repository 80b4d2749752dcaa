import type { Rule } from '../../rule';
import type { FileEdit } from '../../types';
import { getIn, podLabels } from '../../k8s';
import { mergeInserts, setIn } from '../../edits';
import { wrapValue } from '../../wrap-value';
import { labelsOf } from '../../selectors';
import { locate } from '../../locate';
import { hasOwnerReferences } from '../shared/owner';

export const rule: Rule = {
  id: 'unmanaged-replicaset',
  severity: 'info',
  title: 'ReplicaSet or ReplicationController without an owner',
  summary: 'A ReplicaSet or ReplicationController without an owner: template changes never roll out.',
  fixable: true,
  fixSafety: ['unsafe'],
  check(obj, ctx) {
    if ((obj.kind !== 'ReplicaSet' && obj.kind !== 'ReplicationController') || hasOwnerReferences(obj.value)) return;
    const name = obj.name || '(unnamed)';
    ctx.report({
      at: [['kind']],
      message: `${obj.kind} ${name} is not managed by a Deployment: changes to its template never roll out, so updating it means deleting its pods all at once.`,
      fixes: [
        {
          title: `Convert ${obj.kind} ${name} to a Deployment`,
          // A new kind is a new object: applying it starts new pods beside the old owner's.
          safety: 'unsafe',
          edits: () => {
            const edits: FileEdit[] = [];
            if (obj.apiVersion !== 'apps/v1') edits.push(setIn(obj, ['apiVersion'], { value: 'apps/v1' }));
            edits.push(setIn(obj, ['kind'], { value: 'Deployment' }));
            // apps/v1 requires spec.selector as a LabelSelector. A ReplicationController's selector
            // is a plain label map (defaulting to the template labels); ReplicaSets already have one.
            const selector = getIn(obj.value, ['spec', 'selector']);
            const labels = podLabels(obj, ctx.index.context);
            const isMapSelector =
              obj.kind === 'ReplicationController' &&
              selector &&
              typeof selector === 'object' &&
              !Array.isArray(selector) &&
              !('matchLabels' in selector) &&
              !('matchExpressions' in selector);
            if (
              isMapSelector &&
              Object.keys(labelsOf(selector)).length > 0 &&
              locate(obj, ['spec', 'selector'])?.pair
            ) {
              edits.push(wrapValue(obj, ['spec', 'selector'], { value: {} }, ['matchLabels']));
            } else if ((!selector || isMapSelector) && Object.keys(labels).length > 0 && locate(obj, ['spec'])) {
              edits.push(setIn(obj, ['spec', 'selector'], { value: { matchLabels: labels } }));
            }
            return mergeInserts(edits);
          },
        },
      ],
    });
  },
};
