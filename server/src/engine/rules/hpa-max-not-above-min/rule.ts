import type { Rule } from '../../rule';
import { asCount, getIn } from '../../k8s';
import { setIn } from '../../edits';

export const rule: Rule = {
  id: 'hpa-max-not-above-min',
  severity: 'warning',
  title: 'HPA maxReplicas not above minReplicas',
  summary: 'An HPA whose maxReplicas is not above minReplicas can never scale out.',
  fixable: true,
  fixSafety: ['safe'],
  peers: { polaris: ['hpaMaxAvailability'] },
  check(obj, ctx) {
    if (obj.kind !== 'HorizontalPodAutoscaler') return;
    const rawMin = getIn(obj.value, ['spec', 'minReplicas']);
    const min = rawMin === undefined || rawMin === null ? 1 : asCount(rawMin);
    const max = asCount(getIn(obj.value, ['spec', 'maxReplicas']));
    if (min === undefined || max === undefined || max > min) return;
    const target = Math.max(2 * min, min + 1);
    ctx.report({
      at: [['spec', 'maxReplicas']],
      message: `HorizontalPodAutoscaler ${obj.name} has maxReplicas ${max} not above minReplicas ${min}: it can never scale out, so a traffic spike overloads the pods it has.`,
      fixes: [{ title: `Set maxReplicas to ${target}`, safety: 'safe', edits: () => [setIn(obj, ['spec', 'maxReplicas'], { value: target })] }],
    });
  },
};
