import type { Rule } from '../../rule';
import { getIn } from '../../k8s';
import { setIn } from '../../edits';

export const rule: Rule = {
  id: 'daemonset-on-delete',
  severity: 'info',
  title: 'DaemonSet updates only when its pods are deleted',
  summary: 'An OnDelete DaemonSet updates a node only when someone deletes its pod.',
  fixable: true,
  fixSafety: ['safe'],
  // kube-linter's update-configuration template covers DaemonSets' updateStrategy too.
  peers: { kubeLinter: ['no-rolling-update-strategy'] },
  check(obj, ctx) {
    if (obj.kind !== 'DaemonSet') return;
    if (getIn(obj.value, ['spec', 'updateStrategy', 'type']) !== 'OnDelete') return;
    ctx.report({
      at: [['spec', 'updateStrategy', 'type']],
      message: `DaemonSet ${obj.name} uses updateStrategy OnDelete: a new version reaches a node only when someone deletes its pod, so nodes run mixed versions for as long as nobody does.`,
      fixes: [
        {
          title: 'Set updateStrategy to RollingUpdate',
          safety: 'safe',
          edits: () => [setIn(obj, ['spec', 'updateStrategy', 'type'], { value: 'RollingUpdate' })],
        },
      ],
    });
  },
};
