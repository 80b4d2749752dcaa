import type { Rule } from '../../rule';
import { displayName, getIn, isRollout, podLabelsPath } from '../../k8s';
import { removeKeyKeepingComments } from '../../edits';
import { workloadsSelectedBy } from '../shared/services';

const STATELESS = new Set(['Deployment', 'ReplicaSet', 'DeploymentConfig']);

export const rule: Rule = {
  id: 'publish-not-ready',
  severity: 'warning',
  title: 'Service sends traffic to pods that are not ready',
  summary: "publishNotReadyAddresses on a stateless workload's Service sends requests to pods that are not ready.",
  fixable: true,
  fixSafety: ['safe'],
  crossObject: true,
  check(obj, ctx) {
    if (obj.kind !== 'Service') return;
    if (getIn(obj.value, ['spec', 'publishNotReadyAddresses']) !== true) return;
    // A headless Service publishing unready peers is how StatefulSet members find each other.
    if (getIn(obj.value, ['spec', 'clusterIP']) === 'None') return;
    const stateless = workloadsSelectedBy(ctx.index, obj).filter((w) => STATELESS.has(w.kind) || isRollout(w));
    if (stateless.length === 0) return;
    ctx.report({
      at: [['spec', 'publishNotReadyAddresses']],
      message: `Service ${obj.name} sets publishNotReadyAddresses: true and selects ${displayName(stateless[0])}: it sends requests to pods that are starting, failing their readiness probe or shutting down.`,
      related: stateless.map((w) => ({
        object: w,
        at: podLabelsPath(w),
        message: `Service ${obj.name} selects ${displayName(w)}`,
      })),
      fixes: [
        {
          title: 'Remove publishNotReadyAddresses',
          safety: 'safe',
          edits: () => [removeKeyKeepingComments(obj, ['spec', 'publishNotReadyAddresses'])],
        },
      ],
    });
  },
};
