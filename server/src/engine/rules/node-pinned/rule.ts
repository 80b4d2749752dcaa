import type { Rule } from '../../rule';
import type { Path } from '../../types';
import { displayName, isReplicated, podSpec, podSpecPath } from '../../k8s';
import { effectiveReplicas } from '../../workspace';

const HOSTNAME = 'kubernetes.io/hostname';

/** Node names one nodeSelectorTerm allows, or null when it does not restrict the node by name. */
function termHosts(term: unknown): Set<string> | null {
  if (!term || typeof term !== 'object') return null;
  const t = term as Record<string, any>;
  const sets: Set<string>[] = [
    ...(Array.isArray(t.matchExpressions) ? t.matchExpressions.filter((e: any) => e?.key === HOSTNAME) : []),
    ...(Array.isArray(t.matchFields) ? t.matchFields.filter((e: any) => e?.key === 'metadata.name') : []),
  ]
    .filter((e: any) => e.operator === 'In' && Array.isArray(e.values))
    .map((e: any) => new Set<string>(e.values.map(String)));
  if (sets.length === 0) return null;
  // Requirements within a term are ANDed.
  return new Set([...sets[0]].filter((h) => sets.every((s) => s.has(h))));
}

/** How the pod spec pins pods to a single node, if it does: the node and where it is said. */
function pinnedNode(spec: Record<string, any>, base: Path): { node: string; how: string; at: Path } | null {
  if (typeof spec.nodeName === 'string' && spec.nodeName.trim()) {
    return { node: spec.nodeName, how: 'nodeName', at: [...base, 'nodeName'] };
  }
  const sel = spec.nodeSelector;
  const fromSelector =
    sel && typeof sel === 'object' && !Array.isArray(sel) && sel[HOSTNAME] !== undefined && sel[HOSTNAME] !== null
      ? String(sel[HOSTNAME])
      : null;
  // Required node affinity: terms are ORed, so every term must allow the same single node.
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  let fromAffinity: Set<string> | null = null;
  if (Array.isArray(terms) && terms.length > 0) {
    const sets = terms.map(termHosts);
    if (sets.every((s) => s !== null)) fromAffinity = new Set(sets.flatMap((s) => [...s!]));
  }
  if (fromSelector !== null) {
    if (fromAffinity && !fromAffinity.has(fromSelector)) return null; // nothing can schedule: another problem
    return { node: fromSelector, how: `nodeSelector ${HOSTNAME}`, at: [...base, 'nodeSelector', HOSTNAME] };
  }
  if (fromAffinity && fromAffinity.size === 1) {
    return {
      node: [...fromAffinity][0],
      how: `required node affinity on ${HOSTNAME}`,
      at: [...base, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'],
    };
  }
  return null;
}

export const rule: Rule = {
  id: 'node-pinned',
  severity: 'warning',
  title: 'Replicas pinned to a single node',
  summary: 'Every replica pinned to one node: losing that node loses them all.',
  fixable: false,
  fixSafety: [],
  crossObject: true, // effective replicas come from a targeting HPA
  podLevel: true,
  check(obj, ctx) {
    if (!isReplicated(obj)) return;
    const replicas = effectiveReplicas(ctx.index, obj);
    if (replicas < 2) return;
    const pin = pinnedNode(podSpec(obj), podSpecPath(obj));
    if (!pin) return;
    ctx.report({
      at: [pin.at],
      message: `${displayName(obj)} pins its ${replicas} replicas to node ${pin.node} (${pin.how}): when that node fails or is drained, every pod goes down and none can start elsewhere.`,
    });
  },
};
