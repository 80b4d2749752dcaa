// Nodes, Pods and PodDisruptionBudgets as the what-if model needs them: small plain records made
// from the API's JSON (also the informers' slim copies, so a watched Pod costs a few hundred bytes,
// not its whole spec), and the disruption controller's arithmetic for a PDB whose status is not
// there yet. No I/O.
import { selects, type LabelSelector } from '../../server/src/engine/selectors';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const REGION_LABEL = 'topology.kubernetes.io/region';
// Clusters older than 1.17 still carry only the beta labels.
const ZONE_LABEL_BETA = 'failure-domain.beta.kubernetes.io/zone';
const REGION_LABEL_BETA = 'failure-domain.beta.kubernetes.io/region';

export interface NodeInfo {
  name: string;
  zone?: string;
  region?: string;
  /** spec.unschedulable: cordoned. */
  unschedulable: boolean;
  /** The Ready condition is True. */
  ready: boolean;
}

export interface PodInfo {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  node?: string;
  phase: string;
  /** The Ready condition is True. */
  ready: boolean;
  /** metadata.deletionTimestamp is set. */
  terminating: boolean;
}

export type IntOrPercent = number | string;

export interface PdbInfo {
  namespace: string;
  name: string;
  /** null: selects no pod (policy/v1); {}: every pod of the namespace. */
  selector: LabelSelector | null;
  minAvailable?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  unhealthyPodEvictionPolicy: 'IfHealthyBudget' | 'AlwaysAllow';
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  /** The numbers come from the object's status (else computed here from the pods). */
  fromStatus: boolean;
}

type Json = Record<string, any>;

const conditionTrue = (status: Json | undefined, type: string): boolean =>
  Array.isArray(status?.conditions) && status!.conditions.some((c: Json) => c?.type === type && c?.status === 'True');

export function nodeInfo(o: Json): NodeInfo {
  const labels: Record<string, string> = o.metadata?.labels ?? {};
  const zone = labels[ZONE_LABEL] ?? labels[ZONE_LABEL_BETA];
  const region = labels[REGION_LABEL] ?? labels[REGION_LABEL_BETA];
  return {
    name: o.metadata?.name ?? '',
    ...(zone ? { zone } : {}),
    ...(region ? { region } : {}),
    unschedulable: o.spec?.unschedulable === true,
    ready: conditionTrue(o.status, 'Ready'),
  };
}

export function podInfo(o: Json): PodInfo {
  return {
    namespace: o.metadata?.namespace ?? '',
    name: o.metadata?.name ?? '',
    labels: o.metadata?.labels ?? {},
    ...(o.spec?.nodeName ? { node: o.spec.nodeName } : {}),
    phase: o.status?.phase ?? 'Pending',
    ready: conditionTrue(o.status, 'Ready'),
    terminating: !!o.metadata?.deletionTimestamp,
  };
}

/** What the pod informer keeps of a Pod: what podInfo reads, nothing else. */
export function slimPod(o: Json): Json {
  const m = o.metadata ?? {};
  return {
    metadata: {
      name: m.name,
      namespace: m.namespace,
      resourceVersion: m.resourceVersion,
      labels: m.labels,
      ...(m.deletionTimestamp ? { deletionTimestamp: m.deletionTimestamp } : {}),
    },
    spec: { nodeName: o.spec?.nodeName },
    status: {
      phase: o.status?.phase,
      conditions: (o.status?.conditions ?? []).filter((c: Json) => c?.type === 'Ready'),
    },
  };
}

/** An int-or-percent scaled to a count, rounded up as the disruption controller rounds it. */
export function scaled(v: IntOrPercent, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v.trim());
  if (!m) return Number.isFinite(Number(v)) ? Number(v) : NaN;
  return Math.ceil((Number(m[1]) * total) / 100);
}

export function pdbSelects(pdb: Pick<PdbInfo, 'namespace' | 'selector'>, pod: PodInfo): boolean {
  return pdb.selector !== null && pod.namespace === pdb.namespace && selects(pdb.selector, pod.labels);
}

/** Pods that count for a PDB: matched, and not finished (the controller ignores Succeeded/Failed). */
export function coveredPods(pdb: Pick<PdbInfo, 'namespace' | 'selector'>, pods: readonly PodInfo[]): PodInfo[] {
  return pods.filter((p) => p.phase !== 'Succeeded' && p.phase !== 'Failed' && pdbSelects(pdb, p));
}

/** The controller's numbers from the spec and the covered pods. `expected` is the pods' controllers'
 *  scale when known; the pod count otherwise (what the controller itself uses for an integer minAvailable). */
export function computePdbStatus(
  spec: { minAvailable?: IntOrPercent; maxUnavailable?: IntOrPercent },
  pods: readonly PodInfo[],
  expected = pods.length,
): { disruptionsAllowed: number; currentHealthy: number; desiredHealthy: number; expectedPods: number } {
  const currentHealthy = pods.filter((p) => p.ready && !p.terminating).length;
  let desiredHealthy = 0;
  if (spec.maxUnavailable !== undefined) desiredHealthy = Math.max(0, expected - scaled(spec.maxUnavailable, expected));
  else if (spec.minAvailable !== undefined) desiredHealthy = scaled(spec.minAvailable, expected);
  if (!Number.isFinite(desiredHealthy)) desiredHealthy = expected;
  return {
    disruptionsAllowed: Math.max(0, currentHealthy - desiredHealthy),
    currentHealthy,
    desiredHealthy,
    expectedPods: expected,
  };
}

/** A PDB from its JSON; the numbers from its status when the controller wrote one, else computed. */
export function pdbInfo(o: Json, pods: readonly PodInfo[]): PdbInfo {
  const spec: Json = o.spec ?? {};
  const base = {
    namespace: o.metadata?.namespace ?? '',
    name: o.metadata?.name ?? '',
    selector: (spec.selector ?? null) as LabelSelector | null,
    ...(spec.minAvailable !== undefined && spec.minAvailable !== null
      ? { minAvailable: spec.minAvailable as IntOrPercent }
      : {}),
    ...(spec.maxUnavailable !== undefined && spec.maxUnavailable !== null
      ? { maxUnavailable: spec.maxUnavailable as IntOrPercent }
      : {}),
    unhealthyPodEvictionPolicy:
      spec.unhealthyPodEvictionPolicy === 'AlwaysAllow' ? ('AlwaysAllow' as const) : ('IfHealthyBudget' as const),
  };
  const st: Json | undefined = o.status;
  if (st && typeof st.disruptionsAllowed === 'number') {
    return {
      ...base,
      fromStatus: true,
      disruptionsAllowed: st.disruptionsAllowed,
      currentHealthy: st.currentHealthy ?? 0,
      desiredHealthy: st.desiredHealthy ?? 0,
      expectedPods: st.expectedPods ?? 0,
    };
  }
  return { ...base, fromStatus: false, ...computePdbStatus(base, coveredPods(base, pods)) };
}

/** "minAvailable 2", "maxUnavailable 25%", or "no minAvailable/maxUnavailable". */
export function budgetText(p: Pick<PdbInfo, 'minAvailable' | 'maxUnavailable'>): string {
  if (p.maxUnavailable !== undefined) return `maxUnavailable ${p.maxUnavailable}`;
  if (p.minAvailable !== undefined) return `minAvailable ${p.minAvailable}`;
  return 'no minAvailable/maxUnavailable';
}

/** The budget never allows a disruption, whatever the pods' health (maxUnavailable 0, minAvailable ≥ replicas). */
export function neverAllows(p: PdbInfo): boolean {
  return p.expectedPods > 0 && p.desiredHealthy >= p.expectedPods;
}
