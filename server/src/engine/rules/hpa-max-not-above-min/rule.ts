import type { Rule } from '../../rule';
import { autoscalerOf } from '../../workspace';
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
    const a = autoscalerOf(obj, ctx.index.context);
    if (!a) return;
    const { min, max } = a;
    if (min === undefined || max === undefined || max > min) return;
    const minField = String(a.minPath[a.minPath.length - 1]),
      maxField = String(a.maxPath[a.maxPath.length - 1]);
    const target = Math.max(2 * min, min + 1);
    ctx.report({
      at: [a.maxPath, ['spec']],
      message: `${obj.kind} ${obj.name} has ${maxField} ${max} not above ${minField} ${min}: it can never scale out, so a traffic spike overloads the pods it has.`,
      fixes: [
        {
          title: `Set ${maxField} to ${target}`,
          safety: 'safe',
          edits: () => [setIn(obj, a.maxPath, { value: target })],
        },
      ],
    });
  },
};
