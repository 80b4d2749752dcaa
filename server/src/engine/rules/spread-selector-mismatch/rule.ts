import type { Rule, RuleContext } from '../../rule';
import type { KObject, Path } from '../../types';
import { asCount, displayName, podLabels } from '../../k8s';
import { setIn } from '../../edits';
import { asSelector, selects, type Labels } from '../../selectors';
import { spreadTerms } from '../shared/spread';

const WHEN_UNSATISFIABLE = new Set(['DoNotSchedule', 'ScheduleAnyway']);
const REJECTED = 'the API rejects the workload, so it cannot be deployed';

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function selectorFix(obj: KObject, path: Path, labels: Labels, labelText: string) {
  return Object.keys(labels).length === 0
    ? []
    : [
        {
          title: `Select the pod labels (${labelText})`,
          safety: 'safe' as const,
          edits: () => [setIn(obj, [...path, 'labelSelector'], { value: { matchLabels: labels } })],
        },
      ];
}

/** Fields of a topology spread constraint the API rejects (rules.md v1.2). */
function checkFields(obj: KObject, term: Record<string, any>, path: Path, ctx: RuleContext): void {
  const where = `In ${displayName(obj)}, a topology spread constraint`;
  const skew = asCount(term.maxSkew);
  if (skew === undefined || skew < 1) {
    ctx.report({
      at: [[...path, 'maxSkew'], path],
      message: isSet(term.maxSkew)
        ? `${where} has maxSkew ${JSON.stringify(term.maxSkew)} (it must be at least 1): ${REJECTED}.`
        : `${where} has no maxSkew (required, at least 1): ${REJECTED}.`,
      fixes: [
        { title: 'Set maxSkew to 1', safety: 'safe', edits: () => [setIn(obj, [...path, 'maxSkew'], { value: 1 })] },
      ],
    });
  }
  if (typeof term.topologyKey !== 'string' || term.topologyKey.trim() === '') {
    ctx.report({ at: [[...path, 'topologyKey'], path], message: `${where} has an empty topologyKey: ${REJECTED}.` });
  }
  const when = term.whenUnsatisfiable;
  if (!WHEN_UNSATISFIABLE.has(when)) {
    ctx.report({
      at: [[...path, 'whenUnsatisfiable'], path],
      message: isSet(when)
        ? `${where} has whenUnsatisfiable ${JSON.stringify(when)} (DoNotSchedule or ScheduleAnyway): ${REJECTED}.`
        : `${where} has no whenUnsatisfiable (required: DoNotSchedule or ScheduleAnyway): ${REJECTED}.`,
    });
  }
  if (isSet(term.minDomains)) {
    const min = asCount(term.minDomains);
    if (min === undefined || min < 1) {
      ctx.report({
        at: [[...path, 'minDomains'], path],
        message: `${where} has minDomains ${JSON.stringify(term.minDomains)} (it must be at least 1): ${REJECTED}.`,
      });
    } else if (when === 'ScheduleAnyway') {
      ctx.report({
        at: [[...path, 'minDomains'], path],
        message: `${where} sets minDomains with whenUnsatisfiable ScheduleAnyway (minDomains needs DoNotSchedule): ${REJECTED}.`,
      });
    }
  }
}

export const rule: Rule = {
  id: 'spread-selector-mismatch',
  severity: 'error',
  title: 'Spread constraint that does not select its own pods, or that the API rejects',
  summary:
    'A spread constraint that does not select its own pods, an anti-affinity term with no selector, or spread fields the API rejects.',
  fixable: true,
  fixSafety: ['safe'],
  podLevel: true,
  peers: { kubeScore: ['pod-topology-spread-constraints'] },
  appliesTo: 'ha-workloads',
  check(obj, ctx) {
    const labels = podLabels(obj, ctx.index.context);
    const labelText = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    for (const { kind, term, path } of spreadTerms(obj)) {
      const sel = asSelector(term.labelSelector);
      if (kind === 'anti-affinity') {
        // A term that selects other workloads' pods keeps away from them, legitimately; only a
        // term with no labelSelector is wrong: it matches no pod at all.
        if (sel) continue;
        ctx.report({
          at: [[...path, 'labelSelector'], path],
          message: `In ${displayName(obj)}, a pod anti-affinity term has no labelSelector, so it matches no pod: it keeps the replicas away from nothing.`,
          fixes: selectorFix(obj, path, labels, labelText),
        });
        continue;
      }
      if (!sel || !selects(sel, labels)) {
        const how = sel
          ? `does not select its own pods (${labelText || 'no labels'})`
          : 'has no labelSelector, so it selects no pods';
        ctx.report({
          at: [[...path, 'labelSelector'], path],
          message: `In ${displayName(obj)}, a topology spread constraint ${how}: its replicas are not spread and can all land on one node or zone.`,
          fixes: selectorFix(obj, path, labels, labelText),
        });
      }
      checkFields(obj, term, path, ctx);
    }
  },
};
