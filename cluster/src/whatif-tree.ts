// The "What if…" result view's rows, from a WhatIfResult: what goes dark, what degrades, which
// evictions block or wait, what keeps serving. Service and PDB rows open their manifest
// (kubeHa/findManifest through the Open Manifest command). No VS Code here: view.ts maps the rows.
import { ClusterError } from './errors';
import type { ClusterModel } from './model';
import type { SectionState } from './namespace-view';
import { COMMANDS, type TreeNode } from './tree-nodes';
import { describeDisruption, whatIf, type Disruption, type ServiceOutcome, type WhatIfResult } from './whatif';
import type { PdbOutcome } from './whatif-pdb';

export interface WhatIfView {
  result: WhatIfResult;
  context: string;
  /** "all namespaces", or the namespaces read when listing all was forbidden. */
  scope: string;
  at: Date;
}

const open = (n: TreeNode): TreeNode => ({
  ...n,
  command: { command: COMMANDS.openManifest, title: 'Open Manifest', arguments: [n] },
});

function serviceRow(v: WhatIfView, s: ServiceOutcome, health: TreeNode['health']): TreeNode {
  return open({
    id: `whatif:svc:${s.namespace}/${s.name}`,
    kind: 'whatIfItem',
    label: `${s.namespace}/${s.name}`,
    description: `${s.before} → ${s.after} ready${s.where ? ` · ${s.where}` : ''}`,
    tooltip: `Service ${s.namespace}/${s.name}: ${s.verdict}\n${s.reason}`,
    health,
    collapsible: 'none',
    contextValue: 'kubeHa.whatIf.service',
    context: v.context,
    namespace: s.namespace,
    objectKind: 'Service',
    name: s.name,
  });
}

function pdbRow(v: WhatIfView, p: PdbOutcome): TreeNode {
  return open({
    id: `whatif:pdb:${p.namespace}/${p.name}`,
    kind: 'whatIfItem',
    label: `${p.namespace}/${p.name}`,
    description: `${p.workloads.length ? `${p.workloads.join(', ')} · ` : ''}${p.reason}`,
    tooltip: `PodDisruptionBudget ${p.namespace}/${p.name}${p.where ? ` (drain of ${p.where})` : ''}\n${p.evictions.map((e) => `${e.order}. ${e.pod} on ${e.node}: ${e.when} — ${e.reason}`).join('\n')}`,
    health: p.blocks ? 'red' : p.allowedNow ? 'green' : 'yellow',
    collapsible: 'collapsed',
    contextValue: 'kubeHa.whatIf.pdb',
    context: v.context,
    namespace: p.namespace,
    objectKind: 'PodDisruptionBudget',
    name: p.name,
  });
}

function group(id: string, label: string, rows: TreeNode[], icon: string, expanded: boolean): TreeNode[] {
  if (rows.length === 0) return [];
  return [
    {
      id: `whatif:group:${id}`,
      kind: 'whatIfGroup',
      label: `${label} (${rows.length})`,
      icon,
      collapsible: expanded ? 'expanded' : 'collapsed',
      contextValue: 'kubeHa.whatIf.group',
    },
  ];
}

/** The rows under `parent` (the top level when absent). */
export function whatIfChildren(v: WhatIfView | undefined, parent?: TreeNode): TreeNode[] {
  if (!v) {
    return [
      {
        id: 'whatif:none',
        kind: 'empty',
        label: 'Run "What if this node is drained?" or "What if this zone fails?"',
        icon: 'info',
        collapsible: 'none',
        contextValue: 'kubeHa.empty',
      },
    ];
  }
  const r = v.result;
  const by = (verdict: ServiceOutcome['verdict']) => r.services.filter((s) => s.verdict === verdict);
  const rows: Record<string, () => TreeNode[]> = {
    dark: () => by('dark').map((s) => serviceRow(v, s, 'red')),
    degraded: () => by('degraded').map((s) => serviceRow(v, s, 'yellow')),
    blocked: () => r.pdbs.filter((p) => p.blocks).map((p) => pdbRow(v, p)),
    waits: () => r.pdbs.filter((p) => !p.blocks && !p.allowedNow).map((p) => pdbRow(v, p)),
    allowed: () => r.pdbs.filter((p) => p.allowedNow).map((p) => pdbRow(v, p)),
    keeps: () => by('keeps').map((s) => serviceRow(v, s, 'green')),
    unknown: () => by('unknown').map((s) => serviceRow(v, s, 'grey')),
    lost: () =>
      r.alreadyLost.map((l) => ({
        id: `whatif:lost:${l.node}`,
        kind: 'whatIfItem' as const,
        label: l.node,
        description: l.why,
        icon: 'debug-disconnect',
        collapsible: 'none' as const,
        contextValue: 'kubeHa.whatIf.node',
      })),
  };
  if (!parent) {
    const s = r.summary;
    const header: TreeNode = {
      id: 'whatif:header',
      kind: 'whatIfItem',
      label: `What if: ${describeDisruption(r.disruption)}`,
      description: `${s.safe ? 'safe' : 'NOT SAFE'} · ${s.dark} dark · ${s.degraded} degraded · ${s.blocked} PDB${s.blocked === 1 ? '' : 's'} block`,
      tooltip: `Context ${v.context}, ${v.scope}, as of ${v.at.toLocaleTimeString()}${r.scenarios.length > 1 ? `\nTried: ${r.scenarios.join(', ')}` : ''}`,
      health: s.safe ? 'green' : 'red',
      collapsible: 'none',
      contextValue: 'kubeHa.whatIf.header',
    };
    return [
      header,
      ...group('dark', 'Goes dark', rows.dark(), 'circle-slash', true),
      ...group('blocked', 'Evictions that block', rows.blocked(), 'lock', true),
      ...group('degraded', 'Degrades', rows.degraded(), 'warning', true),
      ...group('waits', 'Evictions that wait for replacements', rows.waits(), 'watch', false),
      ...group('allowed', 'Evictions allowed now', rows.allowed(), 'pass', false),
      ...group('keeps', 'Keeps serving', rows.keeps(), 'pass-filled', false),
      ...group('unknown', 'Cannot tell (no zone or node known)', rows.unknown(), 'question', false),
      ...group('lost', 'Already lost (cordoned or NotReady)', rows.lost(), 'debug-disconnect', false),
    ];
  }
  if (parent.kind === 'whatIfGroup') return rows[parent.id.slice('whatif:group:'.length)]?.() ?? [];
  if (parent.contextValue === 'kubeHa.whatIf.pdb') {
    const p = r.pdbs.find((x) => x.namespace === parent.namespace && x.name === parent.name);
    return (p?.evictions ?? []).map((e) => ({
      id: `${parent.id}/${e.pod}`,
      kind: 'whatIfItem' as const,
      label: `${e.order}. ${e.pod}`,
      description: `${e.node} · ${e.when} · ${e.reason}`,
      health: e.when === 'blocked' ? ('red' as const) : e.when === 'waits' ? ('yellow' as const) : ('green' as const),
      collapsible: 'none' as const,
      contextValue: 'kubeHa.whatIf.eviction',
    }));
  }
  return [];
}

const SECTIONS = ['services', 'workloads', 'pdbs'] as const;

/** Reads every namespace once (or, when that is forbidden, the namespaces the tree watches) and the
 *  Nodes, answers the what-if, and stops what it started: memory stays bounded by what is expanded. */
export async function runWhatIf(model: ClusterModel, d: Disruption, waitMs: number): Promise<WhatIfView> {
  const started = !model.watched().includes('');
  model.watchNamespace('', SECTIONS);
  try {
    const [view, nodes] = await Promise.all([model.whenSettled('', waitMs), model.whenNodesSettled(waitMs)]);
    if (nodes.state.phase === 'error')
      throw new ClusterError(
        nodes.state.error.kind,
        `cannot read nodes: ${nodes.state.error.message}`,
        nodes.state.error.status,
      );
    const failed = SECTIONS.map((s) => view[s].state).find(
      (s): s is Extract<SectionState, { phase: 'error' }> => s.phase === 'error',
    );
    let scope = 'all namespaces';
    let namespaces = [''];
    if (failed) {
      const own = model.watched().filter((n) => n !== '');
      if (failed.error.kind !== 'forbidden' || own.length === 0) throw failed.error;
      // Listing all namespaces is forbidden: answer for the ones this user reads in the tree.
      await Promise.all(own.map((n) => model.whenSettled(n, waitMs)));
      scope = `namespaces ${own.join(', ')} (all namespaces: forbidden)`;
      namespaces = own;
    }
    return { result: whatIf(model.whatIfInput(namespaces), d), context: model.context() ?? '', scope, at: new Date() };
  } finally {
    if (started) model.unwatchNamespace('');
  }
}
