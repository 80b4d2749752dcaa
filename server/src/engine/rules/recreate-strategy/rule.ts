import type { Rule } from '../../rule';
import { displayName, getIn } from '../../k8s';
import { setIn } from '../../edits';

export const rule: Rule = {
  id: 'recreate-strategy',
  severity: 'warning',
  title: 'Deployment strategy is not RollingUpdate',
  summary: 'Recreate stops every pod before starting the new ones: each rollout is an outage.',
  fixable: true,
  fixSafety: ['safe'],
  peers: { kubeLinter: ['no-rolling-update-strategy'], kubeScore: ['deployment-strategy'] },
  check(obj, ctx) {
    if (obj.kind !== 'Deployment') return;
    const type = getIn(obj.value, ['spec', 'strategy', 'type']);
    if (type === undefined || type === null || type === 'RollingUpdate') return;
    const why =
      type === 'Recreate'
        ? 'every rollout stops all old pods before starting new ones: an outage on each deploy'
        : 'the API accepts only RollingUpdate or Recreate';
    ctx.report({
      at: [['spec', 'strategy', 'type']],
      message: `${displayName(obj)} uses strategy ${JSON.stringify(type)}: ${why}.`,
      fixes: [
        {
          title: 'Use the RollingUpdate strategy',
          safety: 'safe',
          edits: () => [setIn(obj, ['spec', 'strategy', 'type'], { value: 'RollingUpdate' })],
        },
      ],
    });
  },
};
