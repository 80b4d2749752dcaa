// Pure health model: Service + EndpointSlices → per-Service health, workloads → ready/desired.
// No I/O, no client library types: plain structural types that match the API's JSON, so the CLI,
// the tree and the tests share exactly one definition of "healthy".
//
// Colours (issue 4):
//   grey   the Service has no selector (its endpoints are managed by hand or it is ExternalName)
//   red    no endpoint is ready
//   yellow degraded: some endpoint not ready, only one ready endpoint, every ready endpoint on one
//          node, or every ready endpoint in one zone — a live single point of failure
//   green  otherwise: ≥2 ready endpoints, all ready, spread over >1 node (and >1 zone when known)
// Zones: a zone only counts when *every* ready endpoint reports one. Clusters without topology
// labels (kind, minikube, bare metal) then are judged on nodes alone instead of all turning
// yellow; a cluster that labels zones and runs everything in one zone is yellow, as the issue says.
// Nodes: a ready endpoint without nodeName cannot prove spread, so unknown nodes never make green.

// One collator for every sort: localeCompare with options builds a new one per call, which made
// each watch event cost hundreds of milliseconds with 5,000 Services watched.
const NUMERIC = new Intl.Collator(undefined, { numeric: true });

export type Health = 'green' | 'yellow' | 'red' | 'grey';

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  resourceVersion?: string;
}

export interface ServiceLike {
  metadata?: ObjectMeta;
  spec?: { selector?: Record<string, string> | null; type?: string };
}

export interface EndpointConditions {
  ready?: boolean | null;
  serving?: boolean | null;
  terminating?: boolean | null;
}

export interface EndpointLike {
  addresses?: string[];
  conditions?: EndpointConditions | null;
  nodeName?: string | null;
  zone?: string | null;
  hostname?: string | null;
  targetRef?: { kind?: string; name?: string; namespace?: string } | null;
}

export interface EndpointSliceLike {
  metadata?: ObjectMeta;
  addressType?: string;
  endpoints?: EndpointLike[] | null;
}

export interface EndpointHealth {
  address: string;
  pod?: string;
  node?: string;
  zone?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export interface ServiceHealth {
  namespace: string;
  name: string;
  health: Health;
  ready: number;
  total: number;
  nodes: string[];
  zones: string[];
  reason: string;
  endpoints: EndpointHealth[];
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** The API's defaults: missing ready means ready; missing serving means as ready; missing terminating means false. */
export function endpointConditions(c: EndpointConditions | null | undefined): {
  ready: boolean;
  serving: boolean;
  terminating: boolean;
} {
  const ready = c?.ready ?? true;
  const serving = c?.serving ?? ready;
  const terminating = c?.terminating ?? false;
  return { ready, serving, terminating };
}

/** Distinct endpoints of a Service's slices. An endpoint seen twice (same address, or the same Pod in
 *  the IPv4 and IPv6 slices of a dual-stack Service) counts once; it is ready if any copy says so,
 *  because during slice churn the controller may briefly publish a stale copy. */
export function endpointsOf(slices: readonly EndpointSliceLike[]): EndpointHealth[] {
  const out: EndpointHealth[] = [];
  const byKey = new Map<string, EndpointHealth>();
  const sorted = [...slices].sort((a, b) => NUMERIC.compare(a.metadata?.name ?? '', b.metadata?.name ?? ''));
  for (const slice of sorted) {
    for (const ep of slice.endpoints ?? []) {
      const address = ep.addresses?.[0];
      if (!address) continue;
      const c = endpointConditions(ep.conditions);
      const pod = ep.targetRef?.kind === 'Pod' && ep.targetRef.name ? ep.targetRef.name : undefined;
      const keys = [
        `addr:${address}`,
        ...(ep.addresses ?? []).slice(1).map((a) => `addr:${a}`),
        ...(pod ? [`pod:${pod}`] : []),
      ];
      const seen = keys.map((k) => byKey.get(k)).find((e) => e !== undefined);
      if (seen) {
        seen.ready ||= c.ready;
        seen.serving ||= c.serving;
        seen.terminating &&= c.terminating;
        seen.node ??= ep.nodeName ?? undefined;
        seen.zone ??= ep.zone ?? undefined;
        for (const k of keys) byKey.set(k, seen);
        continue;
      }
      const e: EndpointHealth = {
        address,
        ...c,
        ...(pod ? { pod } : {}),
        ...(ep.nodeName ? { node: ep.nodeName } : {}),
        ...(ep.zone ? { zone: ep.zone } : {}),
      };
      out.push(e);
      for (const k of keys) byKey.set(k, e);
    }
  }
  return out.sort((a, b) => NUMERIC.compare(a.address, b.address));
}

export function hasSelector(svc: ServiceLike): boolean {
  return !!svc.spec?.selector && Object.keys(svc.spec.selector).length > 0;
}

/** Health of one Service from the EndpointSlices labelled with its name (others are ignored). */
export function serviceHealth(svc: ServiceLike, allSlices: readonly EndpointSliceLike[]): ServiceHealth {
  const namespace = svc.metadata?.namespace ?? '';
  const name = svc.metadata?.name ?? '';
  const slices = allSlices.filter(
    (s) => s.metadata?.labels?.[SERVICE_NAME_LABEL] === name && (s.metadata?.namespace ?? namespace) === namespace,
  );
  const endpoints = endpointsOf(slices);
  const readyEps = endpoints.filter((e) => e.ready);
  const ready = readyEps.length;
  const total = endpoints.length;
  const nodes = [...new Set(readyEps.flatMap((e) => (e.node ? [e.node] : [])))].sort();
  const zones = [...new Set(readyEps.flatMap((e) => (e.zone ? [e.zone] : [])))].sort();
  const base = { namespace, name, ready, total, nodes, zones, endpoints };

  if (!hasSelector(svc)) {
    const what = svc.spec?.type === 'ExternalName' ? 'ExternalName Service' : 'no selector';
    return {
      ...base,
      health: 'grey',
      reason: `${what}: endpoints are not managed by Kubernetes (${ready}/${total} ready)`,
    };
  }
  if (total === 0) return { ...base, health: 'red', reason: 'no endpoints: no Pod matches the selector' };
  if (ready === 0) return { ...base, health: 'red', reason: `none of ${total} endpoints is ready` };

  const problems: string[] = [];
  if (ready < total) {
    const terminating = endpoints.filter((e) => !e.ready && e.terminating).length;
    problems.push(`${total - ready} of ${total} not ready${terminating ? ` (${terminating} terminating)` : ''}`);
  }
  if (ready === 1) problems.push('only one ready endpoint');
  else {
    const unknownNodes = readyEps.filter((e) => !e.node).length;
    if (nodes.length <= 1 && unknownNodes === 0) problems.push(`every ready endpoint is on one node (${nodes[0]})`);
    else if (nodes.length <= 1)
      problems.push(`node unknown for ${unknownNodes} ready endpoint${unknownNodes > 1 ? 's' : ''}`);
    const allZoned = readyEps.every((e) => e.zone);
    if (allZoned && zones.length === 1) problems.push(`every ready endpoint is in one zone (${zones[0]})`);
  }
  if (problems.length > 0) return { ...base, health: 'yellow', reason: problems.join('; ') };
  const zoneText = zones.length > 1 ? ` and ${zones.length} zones` : '';
  return { ...base, health: 'green', reason: `${ready} ready across ${nodes.length} nodes${zoneText}` };
}

/** Health of every Service of the given lists, sorted by namespace and name. */
export function servicesHealth(
  services: readonly ServiceLike[],
  slices: readonly EndpointSliceLike[],
): ServiceHealth[] {
  // Slices grouped by namespace and owning Service once, so each event costs O(Services + slices),
  // not O(Services × slices), when a whole cluster is watched.
  const byService = new Map<string, EndpointSliceLike[]>();
  for (const s of slices) {
    const key = `${s.metadata?.namespace ?? ''}/${s.metadata?.labels?.[SERVICE_NAME_LABEL] ?? ''}`;
    let l = byService.get(key);
    if (!l) byService.set(key, (l = []));
    l.push(s);
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return services
    .map((svc) =>
      cachedServiceHealth(svc, byService.get(`${svc.metadata?.namespace ?? ''}/${svc.metadata?.name ?? ''}`) ?? []),
    )
    .sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
}

// Informers replace an object on every change and keep it otherwise, so a Service whose object
// and slices are the same objects as last time has the same health: a watch event recomputes
// only the Services it touched.
const healthCache = new WeakMap<ServiceLike, { slices: readonly EndpointSliceLike[]; health: ServiceHealth }>();

function cachedServiceHealth(svc: ServiceLike, slices: readonly EndpointSliceLike[]): ServiceHealth {
  const c = healthCache.get(svc);
  if (c && c.slices.length === slices.length && c.slices.every((x, i) => x === slices[i])) return c.health;
  const health = serviceHealth(svc, slices);
  healthCache.set(svc, { slices, health });
  return health;
}

// ------------------------------------------------------------------------------- workloads

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

export interface WorkloadLike {
  kind?: string;
  metadata?: ObjectMeta;
  spec?: { replicas?: number | null };
  status?: {
    readyReplicas?: number | null;
    desiredNumberScheduled?: number | null;
    numberReady?: number | null;
  };
}

export interface WorkloadHealth {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  health: Health;
  ready: number;
  desired: number;
  reason: string;
}

/** Ready/desired of a workload. The kind is passed in because list items carry no kind. */
export function workloadHealth(kind: WorkloadKind, w: WorkloadLike): WorkloadHealth {
  const namespace = w.metadata?.namespace ?? '';
  const name = w.metadata?.name ?? '';
  // spec.replicas defaults to 1 for Deployments and StatefulSets; a DaemonSet wants one per eligible node.
  const desired = kind === 'DaemonSet' ? (w.status?.desiredNumberScheduled ?? 0) : (w.spec?.replicas ?? 1);
  const ready = (kind === 'DaemonSet' ? w.status?.numberReady : w.status?.readyReplicas) ?? 0;
  const base = { kind, namespace, name, ready, desired };
  if (desired === 0) {
    return { ...base, health: 'grey', reason: kind === 'DaemonSet' ? 'no node is eligible' : 'scaled to zero' };
  }
  if (ready === 0) return { ...base, health: 'red', reason: `none of ${desired} ready` };
  if (ready < desired) return { ...base, health: 'yellow', reason: `${desired - ready} of ${desired} not ready` };
  if (desired === 1) return { ...base, health: 'yellow', reason: 'a single replica: no redundancy' };
  return { ...base, health: 'green', reason: `${ready}/${desired} ready` };
}

const ORDER: Record<Health, number> = { grey: 0, green: 1, yellow: 2, red: 3 };

/** The worst of several healths (grey only when there is nothing else); undefined for none. */
export function worstHealth(hs: Iterable<Health>): Health | undefined {
  let worst: Health | undefined;
  for (const h of hs) if (worst === undefined || ORDER[h] > ORDER[worst]) worst = h;
  return worst;
}
