// What the live model shows of a watched namespace: the resources each section lists and watches,
// the state of a section (or of a cluster-wide watch), and the view computed from the informers'
// items (health by the pure model in health.ts).
import type { ClusterError } from './errors';
import { servicesHealth, workloadHealth, type ServiceHealth, type WorkloadHealth, type WorkloadKind } from './health';
import type { Informer, InformerState, KubeItem } from './informer';
import { pdbInfo, podInfo, slimPod, type NodeInfo, type PdbInfo, type PodInfo } from './disruption';
import type { WhatIfInput } from './whatif';
import { selects } from '../../server/src/engine/selectors';

/** pdbs: the namespace's PodDisruptionBudgets and (slim) Pods, for the what-if model. */
export type Section = 'services' | 'workloads' | 'pdbs';

/** A PDB as the tree shows it: the numbers, and the workloads whose pods it covers. */
export interface PdbView extends PdbInfo {
  workloads: string[];
}

export type SectionState = { phase: 'loading' } | { phase: 'ready' } | { phase: 'error'; error: ClusterError };

export interface NamespaceView {
  namespace: string;
  services: { state: SectionState; items: ServiceHealth[] };
  workloads: { state: SectionState; items: WorkloadHealth[] };
  pdbs: { state: SectionState; items: PdbView[] };
  pods: PodInfo[];
}

interface ResourceDef {
  key: string;
  section: Section;
  kind?: WorkloadKind;
  prefix: string;
  plural: string;
  transform?: (o: KubeItem) => KubeItem;
}
export const RESOURCES: readonly ResourceDef[] = [
  { key: 'services', section: 'services', prefix: '/api/v1', plural: 'services' },
  { key: 'endpointslices', section: 'services', prefix: '/apis/discovery.k8s.io/v1', plural: 'endpointslices' },
  { key: 'deployments', section: 'workloads', kind: 'Deployment', prefix: '/apis/apps/v1', plural: 'deployments' },
  { key: 'statefulsets', section: 'workloads', kind: 'StatefulSet', prefix: '/apis/apps/v1', plural: 'statefulsets' },
  { key: 'daemonsets', section: 'workloads', kind: 'DaemonSet', prefix: '/apis/apps/v1', plural: 'daemonsets' },
  { key: 'pdbs', section: 'pdbs', prefix: '/apis/policy/v1', plural: 'poddisruptionbudgets' },
  // Pods tell a PDB's pods and their nodes, also for workloads no Service selects; slim copies only.
  { key: 'pods', section: 'pdbs', prefix: '/api/v1', plural: 'pods', transform: slimPod as (o: KubeItem) => KubeItem },
];

type RawWorkload = { kind: string; item: KubeItem };

/** "Deployment web" for each workload of its namespace whose pod template the PDB's selector selects. */
function pdbWorkloads(p: PdbInfo, byNs: Map<string, RawWorkload[]>): string[] {
  if (!p.selector) return [];
  return (byNs.get(p.namespace) ?? [])
    .filter(({ item }) =>
      selects(
        p.selector!,
        (item.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template?.metadata
          ?.labels ?? {},
      ),
    )
    .map(({ kind, item }) => `${kind} ${item.metadata?.name ?? ''}`);
}

export function collectionPath(prefix: string, plural: string, ns: string): string {
  return ns ? `${prefix}/namespaces/${encodeURIComponent(ns)}/${plural}` : `${prefix}/${plural}`;
}

export interface Watched {
  sections: readonly Section[];
  informers: Map<string, Informer>;
  failed?: ClusterError;
  view: NamespaceView;
}

function sectionState(w: Watched, section: Section): SectionState {
  if (w.failed) return { phase: 'error', error: w.failed };
  const states: InformerState[] = [...w.informers.entries()]
    .filter(([k]) => RESOURCES.find((r) => r.key === k)?.section === section)
    .map(([, inf]) => inf.state());
  const err = states.find((s): s is Extract<InformerState, { phase: 'error' }> => s.phase === 'error');
  if (err) return { phase: 'error', error: err.error };
  if (states.length === 0 || states.some((s) => s.phase === 'listing')) return { phase: 'loading' };
  return { phase: 'ready' };
}

// Plain code-unit order: stable, and far cheaper than localeCompare on every event.
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The view of a watched namespace from its informers' items now. */
export function namespaceView(ns: string, w: Watched): NamespaceView {
  const items = (k: string): KubeItem[] => w.informers.get(k)?.items() ?? [];
  const workloads: WorkloadHealth[] = RESOURCES.filter((r) => r.kind)
    .flatMap((r) => items(r.key).map((o) => workloadHealth(r.kind!, o)))
    .sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind));
  const pods = items('pods').map((o) => podInfo(o));
  const raw = new Map<string, RawWorkload[]>();
  for (const r of RESOURCES) {
    if (!r.kind) continue;
    for (const item of items(r.key)) {
      const n = item.metadata?.namespace ?? '';
      let l = raw.get(n);
      if (!l) raw.set(n, (l = []));
      l.push({ kind: r.kind, item });
    }
  }
  const pdbItems = items('pdbs');
  const pdbs: PdbView[] = pdbItems
    .map((o) => pdbInfo(o, pods))
    .map((p) => ({ ...p, workloads: pdbWorkloads(p, raw) }))
    .sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
  return {
    namespace: ns,
    services: {
      state: sectionState(w, 'services'),
      items: servicesHealth(items('services'), items('endpointslices')),
    },
    workloads: { state: sectionState(w, 'workloads'), items: workloads },
    pdbs: { state: sectionState(w, 'pdbs'), items: pdbs },
    pods,
  };
}

/** The state of a cluster-wide watch: loading until its first list, then ready or its error. */
export function clusterWideState(informer: Informer | undefined, failed: ClusterError | undefined): SectionState {
  if (failed) return { phase: 'error', error: failed };
  const st = informer?.state();
  if (!st || st.phase === 'listing') return { phase: 'loading' };
  return st.phase === 'error' ? { phase: 'error', error: st.error } : { phase: 'ready' };
}

/** A namespace's view before its informers' first lists. */
export function loadingView(ns: string): NamespaceView {
  const loading = { phase: 'loading' } as SectionState;
  return {
    namespace: ns,
    services: { state: loading, items: [] },
    workloads: { state: loading, items: [] },
    pdbs: { state: loading, items: [] },
    pods: [],
  };
}

/** The what-if model's input from namespaces' views and the cluster's Nodes. */
export function whatIfInputOf(views: NamespaceView[], nodes: NodeInfo[]): WhatIfInput {
  const pdbs = views.flatMap((v) => v.pdbs.items);
  return {
    services: views.flatMap((v) => v.services.items),
    nodes,
    pdbs,
    pods: views.flatMap((v) => v.pods),
    pdbWorkloads: new Map(pdbs.map((p) => [`${p.namespace}/${p.name}`, p.workloads])),
  };
}
