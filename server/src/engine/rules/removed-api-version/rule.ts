import type { Rule } from '../../rule';
import type { FileEdit, KObject } from '../../types';
import { getIn, isRollout, podLabels } from '../../k8s';
import { mergeInserts, setIn } from '../../edits';

/** The versions current Kubernetes serves for each kind this rule judges; the first is the fix. */
const SERVED: Record<string, string[]> = {
  Deployment: ['apps/v1'],
  StatefulSet: ['apps/v1'],
  DaemonSet: ['apps/v1'],
  ReplicaSet: ['apps/v1'],
  ReplicationController: ['v1'],
  Pod: ['v1'],
  PodDisruptionBudget: ['policy/v1'],
  HorizontalPodAutoscaler: ['autoscaling/v2', 'autoscaling/v1'],
};

/** A policy/v1beta1 PDB's empty selector selects no pod; in policy/v1 it selects every pod of the
 *  namespace, so changing the version changes what the budget protects. */
function emptyPdbSelector(obj: KObject): boolean {
  const sel = getIn(obj.value, ['spec', 'selector']);
  if (obj.kind !== 'PodDisruptionBudget' || !sel || typeof sel !== 'object') return false;
  const labels = sel.matchLabels,
    exprs = sel.matchExpressions;
  return (
    !(labels && typeof labels === 'object' && Object.keys(labels).length > 0) &&
    !(Array.isArray(exprs) && exprs.length > 0)
  );
}

/** Versions that some Kubernetes release served and none supported still does. */
const REMOVED = new Set([
  'extensions/v1beta1',
  'apps/v1beta1',
  'apps/v1beta2',
  'policy/v1beta1',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
]);
// Jobs and CronJobs are not judged: rules.md exempts them from every rule but image-tag-mutable.

export const rule: Rule = {
  id: 'removed-api-version',
  severity: 'error',
  title: 'apiVersion no supported Kubernetes serves',
  summary: 'An apiVersion no supported Kubernetes serves: the next apply or upgrade fails.',
  fixable: true,
  fixSafety: ['safe', 'unsafe'],
  peers: { kubeLinter: ['no-extensions-v1beta'] },
  check(obj, ctx) {
    if (isRollout(obj)) return;
    const served = SERVED[obj.kind];
    if (!served || served.includes(obj.apiVersion)) return;
    const to = served[0];
    const why = REMOVED.has(obj.apiVersion)
      ? `${obj.apiVersion} is no longer served by any supported Kubernetes`
      : `${obj.apiVersion} does not serve ${obj.kind}`;
    ctx.report({
      at: [['apiVersion']],
      message: `${obj.kind} ${obj.name || '(unnamed)'} uses apiVersion ${obj.apiVersion}, but ${why}: the next apply or cluster upgrade fails.`,
      fixes: [
        {
          title: `Change apiVersion to ${to}`,
          safety: emptyPdbSelector(obj) ? 'unsafe' : 'safe',
          edits: () => {
            const edits: FileEdit[] = [setIn(obj, ['apiVersion'], { value: to })];
            // apps/v1 requires spec.selector; the old versions defaulted it from the template labels.
            const labels = podLabels(obj, ctx.index.context);
            if (
              to === 'apps/v1' &&
              getIn(obj.value, ['spec', 'selector']) == null &&
              Object.keys(labels).length > 0 &&
              getIn(obj.value, ['spec'])
            ) {
              edits.push(setIn(obj, ['spec', 'selector'], { value: { matchLabels: labels } }));
            }
            return mergeInserts(edits);
          },
        },
      ],
    });
  },
};
