// The what-if model (issue 18): given the live state and a disruption — drain node N, lose zone Z,
// any one node, any one zone — what each Service keeps and what each PDB lets a drain evict.
// Pure: the tree, the command's result view and `kube-ha cluster drain-check` share it.
//
// - Cordoned and NotReady nodes count as already lost: their endpoints are gone in every scenario.
// - An endpoint's zone is its own `zone`, else its node's zone label.
// - Endpoints whose node (or zone) is unknown are counted as surviving and said so in the reason;
//   a Service none of whose ready endpoints has a known zone is "unknown" for zone loss.
// - PDBs: see whatif-pdb.ts. A zone loss is judged for PDBs as the drain of that zone's nodes (a
//   planned failover); an unplanned loss evicts nothing.
import type { EndpointHealth, ServiceHealth } from './health';
import { coveredPods, type NodeInfo, type PdbInfo, type PodInfo } from './disruption';
import { pdbKey, pdbOutcome, podIndex, type PdbOutcome } from './whatif-pdb';

export type Disruption =
  { kind: 'node'; node: string } | { kind: 'zone'; zone: string } | { kind: 'any-node' } | { kind: 'any-zone' };

/** keeps: every ready endpoint survives; degraded: some lost, some left; dark: none left.
 *  down: none ready already; unmanaged: no selector; unknown: cannot tell (no zone known). */
export type Verdict = 'keeps' | 'degraded' | 'dark' | 'down' | 'unmanaged' | 'unknown';

export interface WhatIfInput {
  services: readonly ServiceHealth[];
  nodes: readonly NodeInfo[];
  pdbs: readonly PdbInfo[];
  pods: readonly PodInfo[];
  /** Workloads a PDB covers ("Deployment web"), by `namespace/name` of the PDB; for messages. */
  pdbWorkloads?: ReadonlyMap<string, string[]>;
}

export interface ServiceOutcome {
  namespace: string;
  name: string;
  verdict: Verdict;
  before: number;
  after: number;
  /** The node or zone whose loss gives this outcome (for the any-* disruptions: the worst one). */
  where?: string;
  /** Ready endpoints lost there. */
  lostThere: number;
  reason: string;
}

export interface WhatIfResult {
  disruption: Disruption;
  /** Nodes counted as lost before the disruption, with why. */
  alreadyLost: { node: string; why: 'cordoned' | 'NotReady' | 'cordoned, NotReady' }[];
  /** The nodes or zones the disruption was evaluated over (one for node/zone). */
  scenarios: string[];
  services: ServiceOutcome[];
  pdbs: PdbOutcome[];
  summary: { dark: number; degraded: number; blocked: number; safe: boolean };
}

export function alreadyLost(nodes: readonly NodeInfo[]): WhatIfResult['alreadyLost'] {
  return nodes
    .filter((n) => n.unschedulable || !n.ready)
    .map((n) => ({
      node: n.name,
      why:
        n.unschedulable && !n.ready
          ? ('cordoned, NotReady' as const)
          : n.unschedulable
            ? ('cordoned' as const)
            : ('NotReady' as const),
    }));
}

type Dim = 'node' | 'zone';

/** What the Service outcomes need of the nodes: the already lost ones and each node's zone. */
export interface NodeContext {
  lost: ReadonlySet<string>;
  zoneOf: ReadonlyMap<string, string>;
}

export function nodeContext(nodes: readonly NodeInfo[]): NodeContext {
  return {
    lost: new Set(alreadyLost(nodes).map((l) => l.node)),
    zoneOf: new Map(nodes.flatMap((n) => (n.zone ? [[n.name, n.zone] as const] : []))),
  };
}

function locate(ctx: NodeContext, e: EndpointHealth, dim: Dim): string | undefined {
  if (dim === 'node') return e.node;
  return e.zone ?? (e.node ? ctx.zoneOf.get(e.node) : undefined);
}

/** One Service against losing `target` of a dimension ('*' = the worst one). */
export function serviceOutcome(ctx: NodeContext, s: ServiceHealth, dim: Dim, target: string | '*'): ServiceOutcome {
  const base = { namespace: s.namespace, name: s.name, before: s.ready, lostThere: 0 };
  if (s.health === 'grey')
    return {
      ...base,
      after: s.ready,
      verdict: 'unmanaged',
      reason: 'no selector: endpoints are not managed by Kubernetes',
    };
  if (s.ready === 0) return { ...base, after: 0, verdict: 'down', reason: 'no endpoint is ready now' };
  // One pass over the endpoints; the worst node/zone of the any-* kinds without trying each.
  let alive = 0;
  let lostAlready = 0;
  let unknown = 0;
  let counts: Map<string, number> | undefined;
  let removed = 0;
  let where: string | undefined = target === '*' ? undefined : target;
  for (const e of s.endpoints) {
    if (!e.ready) continue;
    if (e.node && ctx.lost.has(e.node)) {
      lostAlready++;
      continue;
    }
    alive++;
    const k = locate(ctx, e, dim);
    if (k === undefined) unknown++;
    else if (target !== '*') {
      if (k === target) removed++;
    } else {
      counts ??= new Map();
      const c = (counts.get(k) ?? 0) + 1;
      counts.set(k, c);
      // Ties go to the first name in code-unit order, so the answer does not depend on endpoint order.
      if (c > removed || (c === removed && where !== undefined && k < where)) {
        removed = c;
        where = k;
      }
    }
  }
  const after = alive - removed;
  const ns = s.namespace,
    name = s.name,
    before = s.ready;
  if (alive > 0 && unknown === alive) {
    return {
      namespace: ns,
      name,
      before,
      lostThere: 0,
      after,
      verdict: 'unknown',
      reason: `no ${dim} known for its ready endpoints${lostAlready ? `; ${lostAlready} on cordoned or NotReady nodes` : ''}`,
    };
  }
  const verdict: Verdict = after === 0 ? 'dark' : after < before ? 'degraded' : 'keeps';
  // Built as one string (this runs for every Service of the cluster, several times per answer).
  let reason = removed > 0 ? `${where} holds ${removed} of ${before} ready` : '';
  if (lostAlready > 0) reason += `${reason ? '; ' : ''}${lostAlready} on cordoned or NotReady nodes`;
  if (unknown > 0) reason += `${reason ? '; ' : ''}${dim} unknown for ${unknown}, counted as surviving`;
  reason = reason
    ? `${reason}: ${after} of ${before} left`
    : `no ready endpoint ${dim === 'node' ? 'on' : 'in'} ${target === '*' ? `any one ${dim}` : target}`;
  return removed > 0
    ? { namespace: ns, name, before, lostThere: removed, after, verdict, where, reason }
    : { namespace: ns, name, before, lostThere: 0, after, verdict, reason };
}

export function whatIf(input: WhatIfInput, d: Disruption): WhatIfResult {
  const lostList = alreadyLost(input.nodes);
  const ctx = nodeContext(input.nodes);
  const nodesOfZone = new Map<string, string[]>();
  for (const n of input.nodes) {
    if (!n.zone) continue;
    let l = nodesOfZone.get(n.zone);
    if (!l) nodesOfZone.set(n.zone, (l = []));
    l.push(n.name);
  }
  const dim: Dim = d.kind === 'node' || d.kind === 'any-node' ? 'node' : 'zone';
  const target = d.kind === 'node' ? d.node : d.kind === 'zone' ? d.zone : '*';
  const scenarios =
    d.kind === 'node'
      ? [d.node]
      : d.kind === 'zone'
        ? [d.zone]
        : d.kind === 'any-node'
          ? input.nodes
              .filter((n) => !ctx.lost.has(n.name))
              .map((n) => n.name)
              .sort()
          : [...nodesOfZone.keys()].sort();

  // In the input's order: the live model gives them sorted by namespace and name.
  const services = input.services.map((s) => serviceOutcome(ctx, s, dim, target));

  const drainedSets = new Map<string, Set<string>>();
  const drained = (key: string): Set<string> => {
    let set = drainedSets.get(key);
    if (!set) drainedSets.set(key, (set = new Set(dim === 'node' ? [key] : (nodesOfZone.get(key) ?? []))));
    return set;
  };
  const candidates = podIndex(input.pods, input.pdbs);
  const pdbs: PdbOutcome[] = [];
  for (const p of input.pdbs) {
    const covered = coveredPods(p, candidates(p));
    const workloads = input.pdbWorkloads?.get(pdbKey(p)) ?? [];
    let worst: PdbOutcome | undefined;
    if (target !== '*') worst = pdbOutcome(p, covered, drained(target), workloads, target);
    else {
      // Only the nodes (zones) that hold a covered pod can change the outcome; the worst is found
      // from counts (pdbRank of what pdbOutcome would give), then answered once.
      const tally = new Map<string, { healthy: number; unhealthy: number; other: number }>();
      for (const pod of covered) {
        const k = dim === 'node' ? pod.node : pod.node ? ctx.zoneOf.get(pod.node) : undefined;
        if (!k || (dim === 'node' && ctx.lost.has(k))) continue;
        let t = tally.get(k);
        if (!t) tally.set(k, (t = { healthy: 0, unhealthy: 0, other: 0 }));
        if (pod.phase !== 'Running' || pod.terminating) t.other++;
        else if (pod.ready) t.healthy++;
        else t.unhealthy++;
      }
      const unhealthyBlocks = p.unhealthyPodEvictionPolicy !== 'AlwaysAllow' && p.currentHealthy < p.desiredHealthy;
      let best: string | undefined;
      let bestScore = -1;
      for (const [k, t] of tally) {
        const rank =
          (t.healthy > 0 && p.disruptionsAllowed === 0) || (t.unhealthy > 0 && unhealthyBlocks)
            ? 2
            : t.healthy > p.disruptionsAllowed
              ? 1
              : 0;
        const score = rank * 1e6 + t.healthy + t.unhealthy + t.other;
        if (score > bestScore || (score === bestScore && best !== undefined && k < best)) {
          bestScore = score;
          best = k;
        }
      }
      if (best !== undefined) worst = pdbOutcome(p, covered, drained(best), workloads, best);
    }
    if (worst && worst.evictions.length > 0) pdbs.push(worst);
  }
  const dark = services.filter((s) => s.verdict === 'dark').length;
  const degraded = services.filter((s) => s.verdict === 'degraded').length;
  const blocked = pdbs.filter((p) => p.blocks).length;
  return {
    disruption: d,
    alreadyLost: lostList,
    scenarios,
    services,
    pdbs,
    summary: { dark, degraded, blocked, safe: dark === 0 && blocked === 0 },
  };
}

/** The two answers the tree shows on a Service: losing any one node, any one zone. */
export function survival(ctx: NodeContext, s: ServiceHealth): { node: ServiceOutcome; zone: ServiceOutcome } {
  return { node: serviceOutcome(ctx, s, 'node', '*'), zone: serviceOutcome(ctx, s, 'zone', '*') };
}

export function describeDisruption(d: Disruption): string {
  switch (d.kind) {
    case 'node':
      return `drain node ${d.node}`;
    case 'zone':
      return `lose zone ${d.zone}`;
    case 'any-node':
      return 'lose any one node';
    case 'any-zone':
      return 'lose any one zone';
  }
}
