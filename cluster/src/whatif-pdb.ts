// The what-if model's PDB answers (issue 18): which pods a drain evicts, in what order, and which
// evictions the budget lets happen now, makes wait, or blocks. The eviction API's rules: pods not
// Running or already terminating ignore the budget; a running pod that is not Ready is evicted
// only under AlwaysAllow or while the budget is met; Ready pods take one disruption each, the
// first `disruptionsAllowed` now, the rest after earlier ones' replacements are Ready elsewhere
// ("waits") — or never, when none is allowed now ("blocked": the drain hangs).
import { budgetText, neverAllows, type PdbInfo, type PodInfo } from './disruption';

export type EvictionWhen = 'now' | 'waits' | 'blocked';

export interface Eviction {
  pod: string;
  node: string;
  order: number;
  when: EvictionWhen;
  reason: string;
}

export interface PdbOutcome {
  namespace: string;
  name: string;
  disruptionsAllowed: number;
  where?: string;
  /** Every eviction of this PDB's pods on the drained nodes can happen now. */
  allowedNow: boolean;
  blocks: boolean;
  evictions: Eviction[];
  workloads: string[];
  reason: string;
}

/** The pods a PDB may cover: those of its namespace carrying its first matchLabels pair (all of the
 *  namespace when it has none). Indexed once per answer, only by the label keys PDBs select on, so
 *  PDBs × pods is never walked. */
export function podIndex(pods: readonly PodInfo[], pdbs: readonly PdbInfo[]): (p: PdbInfo) => readonly PodInfo[] {
  const firstKey = (p: PdbInfo): string | undefined => {
    const ml = p.selector?.matchLabels;
    if (ml) for (const k in ml) return k;
    return undefined;
  };
  const keys = new Set<string>();
  for (const p of pdbs) {
    const k = firstKey(p);
    if (k !== undefined) keys.add(k);
  }
  const byNs = new Map<string, PodInfo[]>();
  // namespace → label key → value → pods
  const byLabel = new Map<string, Map<string, Map<string, PodInfo[]>>>();
  for (const pod of pods) {
    let l = byNs.get(pod.namespace);
    if (!l) byNs.set(pod.namespace, (l = []));
    l.push(pod);
    for (const k of keys) {
      const v = pod.labels[k];
      if (v === undefined) continue;
      let nsMap = byLabel.get(pod.namespace);
      if (!nsMap) byLabel.set(pod.namespace, (nsMap = new Map()));
      let vals = nsMap.get(k);
      if (!vals) nsMap.set(k, (vals = new Map()));
      let m = vals.get(v);
      if (!m) vals.set(v, (m = []));
      m.push(pod);
    }
  }
  return (p) => {
    const k = firstKey(p);
    if (k === undefined) return byNs.get(p.namespace) ?? [];
    return byLabel.get(p.namespace)?.get(k)?.get(String(p.selector!.matchLabels![k])) ?? [];
  };
}

export function pdbKey(p: { namespace: string; name: string }): string {
  return `${p.namespace}/${p.name}`;
}

/** One PDB against draining `nodes` (the pods it covers there are evicted). */
export function pdbOutcome(
  p: PdbInfo,
  covered: readonly PodInfo[],
  nodes: ReadonlySet<string>,
  workloads: string[],
  where?: string,
): PdbOutcome {
  const onNodes = covered
    .filter((pod) => pod.node && nodes.has(pod.node))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const evictions: Eviction[] = [];
  const push = (pod: PodInfo, when: EvictionWhen, reason: string) =>
    evictions.push({ pod: pod.name, node: pod.node!, order: evictions.length + 1, when, reason });
  const budgetMet = p.currentHealthy >= p.desiredHealthy;
  // Pods that ignore the budget, then unhealthy running pods, then the Ready ones that spend it.
  for (const pod of onNodes) {
    if (pod.phase !== 'Running' || pod.terminating)
      push(pod, 'now', pod.terminating ? 'already terminating' : `${pod.phase}: not guarded by the budget`);
  }
  for (const pod of onNodes) {
    if (pod.phase !== 'Running' || pod.terminating || pod.ready) continue;
    if (p.unhealthyPodEvictionPolicy === 'AlwaysAllow')
      push(pod, 'now', 'not Ready; unhealthyPodEvictionPolicy AlwaysAllow');
    else if (budgetMet) push(pod, 'now', 'not Ready, and the budget is met');
    else
      push(
        pod,
        'blocked',
        `not Ready, and the budget is not met (${p.currentHealthy} of ${p.desiredHealthy} healthy; IfHealthyBudget)`,
      );
  }
  let spent = 0;
  const never = neverAllows(p);
  for (const pod of onNodes) {
    if (pod.phase !== 'Running' || pod.terminating || !pod.ready) continue;
    if (spent < p.disruptionsAllowed)
      push(pod, 'now', `takes disruption ${spent + 1} of ${p.disruptionsAllowed} allowed`);
    else if (p.disruptionsAllowed > 0)
      push(
        pod,
        'waits',
        `after ${spent - p.disruptionsAllowed + 1} earlier eviction${spent - p.disruptionsAllowed + 1 > 1 ? 's are' : ' is'} replaced by a Ready pod elsewhere`,
      );
    else
      push(
        pod,
        'blocked',
        never
          ? `${budgetText(p)} never allows an eviction (${p.expectedPods} pod${p.expectedPods === 1 ? '' : 's'} expected)`
          : `0 disruptions allowed now (${p.currentHealthy} of ${p.expectedPods} healthy, ${p.desiredHealthy} required)`,
      );
    spent++;
  }
  const blocks = evictions.some((e) => e.when === 'blocked');
  const allowedNow = evictions.every((e) => e.when === 'now');
  const counts = { now: 0, waits: 0, blocked: 0 };
  for (const e of evictions) counts[e.when]++;
  const reason =
    evictions.length === 0
      ? 'no pod it covers is on the drained nodes'
      : [
          counts.now && `${counts.now} eviction${counts.now > 1 ? 's' : ''} allowed now`,
          counts.waits && `${counts.waits} wait${counts.waits > 1 ? '' : 's'} for replacements`,
          counts.blocked && `${counts.blocked} blocked`,
        ]
          .filter(Boolean)
          .join(', ') +
        ` (${p.disruptionsAllowed} disruption${p.disruptionsAllowed === 1 ? '' : 's'} allowed, ${budgetText(p)})`;
  return {
    namespace: p.namespace,
    name: p.name,
    disruptionsAllowed: p.disruptionsAllowed,
    ...(where ? { where } : {}),
    allowedNow,
    blocks,
    evictions,
    workloads,
    reason,
  };
}
