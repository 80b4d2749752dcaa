// The cluster tree's nodes: their kinds, the commands they run, and how each kind of node is
// built from the model's views (labels, descriptions, colours). tree.ts decides which exist.
import type { ClusterError, ClusterErrorKind } from './errors';
import type { EndpointHealth, Health, ServiceHealth, WorkloadHealth } from './health';
import type { PdbView, Section } from './namespace-view';
import { budgetText } from './disruption';
import { survival, type NodeContext, type ServiceOutcome } from './whatif';

export const COMMANDS = {
  switchContext: 'kubeHa.cluster.switchContext',
  retry: 'kubeHa.cluster.retry',
  enterNamespace: 'kubeHa.cluster.enterNamespace',
  openManifest: 'kubeHa.cluster.openManifest',
  refresh: 'kubeHa.cluster.refresh',
  whatIfDrain: 'kubeHa.cluster.whatIfDrain',
  whatIfZone: 'kubeHa.cluster.whatIfZone',
} as const;

export type TreeNodeKind =
  | 'context'
  | 'namespace'
  | 'section'
  | 'service'
  | 'workload'
  | 'pdb'
  | 'endpoint'
  | 'error'
  | 'loading'
  | 'enterNamespace'
  | 'empty'
  | 'whatIfGroup'
  | 'whatIfItem';

export interface TreeNode {
  id: string;
  kind: TreeNodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  /** Colour of the node; nodes without health use `icon`. */
  health?: Health;
  /** Codicon name for nodes without health. */
  icon?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** For menus: kubeHa.context[.current], kubeHa.namespace, kubeHa.section, kubeHa.service, kubeHa.workload, kubeHa.pdb[.blocking], kubeHa.endpoint, kubeHa.error, kubeHa.enterNamespace */
  contextValue: string;
  command?: { command: string; title: string; arguments: unknown[] };
  context?: string;
  namespace?: string;
  section?: Section;
  /** Kubernetes kind of a service/workload node, for "Open manifest". */
  objectKind?: string;
  name?: string;
  errorKind?: ClusterErrorKind;
  /** The Kubernetes node of an endpoint ("What if this node is drained?"). */
  nodeName?: string;
}

const ERROR_TITLES: Record<ClusterErrorKind, string> = {
  config: 'Kubeconfig problem',
  untrusted: 'Needs a trusted workspace',
  unreachable: 'Cluster unreachable',
  certificate: 'Certificate rejected',
  unauthorized: 'Unauthorized (401)',
  forbidden: 'Forbidden (403)',
  gone: 'Resource version expired',
  server: 'API server error',
  timeout: 'Timed out',
};

export function errorNode(id: string, error: ClusterError, at: Partial<TreeNode> = {}): TreeNode {
  return {
    ...at,
    id,
    kind: 'error',
    label: ERROR_TITLES[error.kind],
    description: error.message,
    tooltip: `${error.message}\nClick to retry.`,
    icon: 'error',
    collapsible: 'none',
    contextValue: 'kubeHa.error',
    errorKind: error.kind,
    command: {
      command: COMMANDS.retry,
      title: 'Retry',
      arguments: [{ id, kind: 'error', namespace: at.namespace, context: at.context }],
    },
  };
}

export function endpointHealth(e: EndpointHealth): Health {
  return e.ready ? 'green' : e.serving ? 'yellow' : 'red';
}

export function endpointNode(parentId: string, e: EndpointHealth): TreeNode {
  const conds = [`ready=${e.ready}`, `serving=${e.serving}`, `terminating=${e.terminating}`].join(' ');
  return {
    id: `${parentId}/ep:${e.address}`,
    kind: 'endpoint',
    label: e.address,
    description:
      [e.pod ?? 'no pod', e.node ?? 'node ?', e.zone ?? 'zone ?'].join(' · ') +
      (e.terminating ? ' · terminating' : e.ready ? '' : ' · not ready'),
    tooltip: `${e.address}\npod: ${e.pod ?? '-'}\nnode: ${e.node ?? '-'}\nzone: ${e.zone ?? '-'}\n${conds}`,
    health: endpointHealth(e),
    collapsible: 'none',
    contextValue: 'kubeHa.endpoint',
    ...(e.node ? { nodeName: e.node } : {}),
  };
}

/** "survives 1 node · not 1 zone: eu-west-1a holds 2 of 2 ready"; empty for Services it does not apply to. */
export function survivalText(o: { node: ServiceOutcome; zone: ServiceOutcome }): string {
  if (o.node.verdict === 'unmanaged' || o.node.verdict === 'down') return '';
  const one = (x: ServiceOutcome, dim: string) =>
    x.verdict === 'dark' ? `not 1 ${dim}` : x.verdict === 'unknown' ? `1 ${dim} ?` : `survives 1 ${dim}`;
  const text = `${one(o.node, 'node')} · ${one(o.zone, 'zone')}`.replace(
    'survives 1 node · survives',
    'survives 1 node ·',
  );
  const dark = [o.node, o.zone].find((x) => x.verdict === 'dark' && x.where);
  return dark ? `${text}: ${dark.where} holds ${dark.lostThere} of ${dark.before} ready` : text;
}

export function serviceNode(ctx: string, s: ServiceHealth, nodes?: NodeContext): TreeNode {
  const id = `svc:${ctx}/${s.namespace}/${s.name}`;
  const sv = nodes ? survival(nodes, s) : undefined;
  const text = sv ? survivalText(sv) : '';
  const svTip =
    sv && text
      ? `\nAny one node: ${sv.node.verdict} (${sv.node.reason})\nAny one zone: ${sv.zone.verdict} (${sv.zone.reason})`
      : '';
  return {
    id,
    kind: 'service',
    label: s.name,
    description: `${s.ready}/${s.total} ready${text ? ` · ${text}` : ''}`,
    tooltip: `Service ${s.namespace}/${s.name}: ${s.health}\n${s.reason}${s.nodes.length ? `\nnodes: ${s.nodes.join(', ')}` : ''}${s.zones.length ? `\nzones: ${s.zones.join(', ')}` : ''}${svTip}`,
    health: s.health,
    collapsible: s.endpoints.length ? 'collapsed' : 'none',
    contextValue: 'kubeHa.service',
    context: ctx,
    namespace: s.namespace,
    objectKind: 'Service',
    name: s.name,
  };
}

export function workloadNode(ctx: string, w: WorkloadHealth): TreeNode {
  return {
    id: `wl:${ctx}/${w.namespace}/${w.kind}/${w.name}`,
    kind: 'workload',
    label: w.name,
    description: `${w.kind} · ${w.ready}/${w.desired} ready`,
    tooltip: `${w.kind} ${w.namespace}/${w.name}: ${w.health}\n${w.reason}`,
    health: w.health,
    collapsible: 'none',
    contextValue: 'kubeHa.workload',
    context: ctx,
    namespace: w.namespace,
    objectKind: w.kind,
    name: w.name,
  };
}

/** A PDB that allows no disruption now while it covers pods: every drain of their nodes hangs. */
export function pdbBlocks(p: PdbView): boolean {
  return p.disruptionsAllowed === 0 && p.expectedPods > 0;
}

export function pdbNode(ctx: string, p: PdbView, nodesOfPods: string[]): TreeNode {
  const blocking = pdbBlocks(p);
  const allowed = `${p.disruptionsAllowed} disruption${p.disruptionsAllowed === 1 ? '' : 's'} allowed`;
  const healthy = `${p.currentHealthy}/${p.expectedPods} healthy`;
  const what = p.workloads.length ? p.workloads.join(', ') : 'its pods';
  return {
    id: `pdb:${ctx}/${p.namespace}/${p.name}`,
    kind: 'pdb',
    label: p.name,
    description: blocking ? `blocks drains of ${what} · ${allowed} · ${healthy}` : `${allowed} · ${healthy}`,
    tooltip:
      `PodDisruptionBudget ${p.namespace}/${p.name}: ${budgetText(p)}\n${p.currentHealthy} of ${p.expectedPods} healthy, ${p.desiredHealthy} required${p.fromStatus ? '' : ' (computed: the object has no status yet)'}\n` +
      (blocking
        ? `${allowed} now: a drain of any node running these pods blocks${nodesOfPods.length ? ` (${nodesOfPods.join(', ')})` : ''}`
        : `${allowed} now`) +
      (p.workloads.length ? `\ncovers: ${p.workloads.join(', ')}` : ''),
    ...(blocking ? { health: 'red' as const } : { icon: 'shield' }),
    collapsible: 'none',
    contextValue: blocking ? 'kubeHa.pdb.blocking' : 'kubeHa.pdb',
    context: ctx,
    namespace: p.namespace,
    objectKind: 'PodDisruptionBudget',
    name: p.name,
  };
}
