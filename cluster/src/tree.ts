// The cluster tree's logic without VS Code: which nodes exist, their labels, colours and
// commands, and when informers start and stop. client/src/cluster/ only maps TreeNode to
// vscode.TreeItem, so all of this is tested with node:test against the test API server.
//
//   contexts (current marked; others switch on click)
//     └ namespaces (listed once per context; on 403 an error item plus "Enter namespace…")
//         ├ Services  → Service (health, N/M ready, survives 1 node / 1 zone) → endpoints (address, pod, node, zone, conditions)
//         ├ Workloads → Deployment/StatefulSet/DaemonSet (ready/desired)
//         └ Disruption budgets → PDB (allowed disruptions; 0 allowed: marked, with the workload it blocks)
// Expanding a namespace starts its informers; collapsing it or switching context stops them.
import { worstHealth, type Health } from './health';
import type { ClusterModel } from './model';
import type { Section, SectionState } from './namespace-view';
import { coveredPods as coveredPodsOf } from './disruption';
import { nodeContext } from './whatif';
import {
  COMMANDS,
  endpointNode,
  errorNode,
  pdbBlocks,
  pdbNode,
  serviceNode,
  workloadNode,
  type TreeNode,
} from './tree-nodes';

export interface StatusSummary {
  text: string;
  tooltip: string;
  health?: Health;
}

export interface ClusterTree {
  children(node?: TreeNode): Promise<TreeNode[]>;
  /** Call from the view's collapse event: stops the namespace's informers. */
  collapsed(node: TreeNode): void;
  /** Call from the view's expand event: a namespace collapsed before is watched again. */
  expanded(node: TreeNode): void;
  /** Lets the user name a namespace they may read when listing namespaces is forbidden. */
  addNamespace(ns: string): void;
  switchContext(name: string): void;
  /** Retries what failed under `node` (everything when absent): relists namespaces, skips backoff. */
  retry(node?: Pick<TreeNode, 'id' | 'kind'> & Partial<TreeNode>): void;
  status(): StatusSummary;
  onDidChange(listener: () => void): () => void;
  dispose(): void;
}

const SECTION_LABEL: Record<Section, string> = {
  services: 'Services',
  workloads: 'Workloads',
  pdbs: 'Disruption budgets',
};
const SECTION_ICON: Record<Section, string> = { services: 'globe', workloads: 'layers', pdbs: 'shield' };
const SECTION_EMPTY: Record<Section, string> = {
  services: 'No Services',
  workloads: 'No workloads',
  pdbs: 'No PodDisruptionBudgets',
};
const ALL_SECTIONS: readonly Section[] = ['services', 'workloads', 'pdbs'];

export function createClusterTree(model: ClusterModel): ClusterTree {
  const listeners = new Set<() => void>();
  const manual = new Map<string, Set<string>>();
  const fire = () => {
    for (const l of [...listeners]) l();
  };
  // Namespaces (context/namespace) the user collapsed. A children request that crossed the
  // collapse (a refresh the editor started before it) must not start their informers again, or
  // the status bar and live health stay on for a tree that shows nothing; only expanding does.
  const collapsedByUser = new Set<string>();
  const offModel = model.onDidChange(fire);

  function sectionDescription(state: SectionState, healths: Health[]): string {
    if (state.phase === 'loading') return 'loading…';
    if (state.phase === 'error') return 'error';
    const worst = worstHealth(healths);
    return `${healths.length}${worst ? ` · worst ${worst}` : ''}`;
  }

  async function namespaces(ctx: string): Promise<TreeNode[]> {
    const { state, names: listed } = await model.namespaces();
    if (model.context() !== ctx) return [];
    if (state.phase === 'loading') {
      return [
        {
          id: `nsloading:${ctx}`,
          kind: 'loading',
          label: 'Loading…',
          icon: 'loading~spin',
          collapsible: 'none',
          contextValue: 'kubeHa.loading',
        },
      ];
    }
    const entry = { names: listed, error: state.phase === 'error' ? state.error : undefined };
    const out: TreeNode[] = [];
    const names = new Set(entry.names ?? []);
    if (entry.error) {
      out.push(errorNode(`nserr:${ctx}`, entry.error, { context: ctx }));
      if (entry.error.kind === 'forbidden') {
        // Listing namespaces is often forbidden to people who may read their own: offer the
        // context's default namespace and a way to type one.
        const def = model.contexts().find((c) => c.name === ctx)?.namespace;
        if (def) names.add(def);
        out.push({
          id: `enterns:${ctx}`,
          kind: 'enterNamespace',
          label: 'Enter namespace…',
          icon: 'edit',
          collapsible: 'none',
          contextValue: 'kubeHa.enterNamespace',
          context: ctx,
          command: { command: COMMANDS.enterNamespace, title: 'Enter namespace', arguments: [] },
        });
      }
    }
    for (const n of manual.get(ctx) ?? []) names.add(n);
    for (const ns of [...names].sort()) {
      const view = model.view(ns);
      const worst = view ? worstHealth(view.services.items.map((s) => s.health)) : undefined;
      out.push({
        id: `ns:${ctx}/${ns}`,
        kind: 'namespace',
        label: ns,
        collapsible: 'collapsed',
        contextValue: 'kubeHa.namespace',
        context: ctx,
        namespace: ns,
        ...(worst ? { health: worst } : { icon: 'symbol-namespace' }),
        ...(view
          ? { description: view.services.state.phase === 'error' ? 'error' : worst ? `worst ${worst}` : '' }
          : {}),
      });
    }
    if (out.length === 0)
      out.push({
        id: `nsempty:${ctx}`,
        kind: 'empty',
        label: 'No namespaces',
        collapsible: 'none',
        contextValue: 'kubeHa.empty',
        icon: 'info',
      });
    return out;
  }

  function section(ctx: string, ns: string, which: Section): TreeNode[] {
    const view = model.view(ns);
    if (!view) return [];
    const state = view[which].state;
    const parent = `sec:${ctx}/${ns}/${which}`;
    if (state.phase === 'error')
      return [errorNode(`${parent}/error`, state.error, { context: ctx, namespace: ns, section: which })];
    if (state.phase === 'loading')
      return [
        {
          id: `${parent}/loading`,
          kind: 'loading',
          label: 'Loading…',
          icon: 'loading~spin',
          collapsible: 'none',
          contextValue: 'kubeHa.loading',
        },
      ];
    let items: TreeNode[];
    if (which === 'services') {
      const nodes = nodeContext(model.nodes().items);
      items = view.services.items.map((s) => serviceNode(ctx, s, nodes));
    } else if (which === 'workloads') {
      items = view.workloads.items.map((w) => workloadNode(ctx, w));
    } else {
      items = view.pdbs.items.map((p) => {
        const nodes = pdbBlocks(p)
          ? [...new Set(coveredPodsOf(p, view.pods).flatMap((pod) => (pod.node ? [pod.node] : [])))].sort()
          : [];
        return pdbNode(ctx, p, nodes);
      });
    }
    if (items.length === 0)
      return [
        {
          id: `${parent}/empty`,
          kind: 'empty',
          label: SECTION_EMPTY[which],
          icon: 'info',
          collapsible: 'none',
          contextValue: 'kubeHa.empty',
        },
      ];
    return items;
  }

  const tree: ClusterTree = {
    async children(node) {
      const ctx = model.context();
      if (!node) {
        const err = model.configError();
        if (err) return [errorNode('config', err)];
        const contexts = model.contexts();
        if (contexts.length === 0)
          return [
            {
              id: 'nocontexts',
              kind: 'empty',
              label: 'No contexts in the kubeconfig',
              icon: 'info',
              collapsible: 'none',
              contextValue: 'kubeHa.empty',
            },
          ];
        return contexts.map((c): TreeNode => ({
          id: `ctx:${c.name}`,
          kind: 'context',
          label: c.name,
          description: c.current ? `current${c.server ? ` · ${c.server}` : ''}` : c.server,
          tooltip: `${c.name}\ncluster: ${c.cluster}\nuser: ${c.user}${c.namespace ? `\nnamespace: ${c.namespace}` : ''}`,
          icon: c.current ? 'vm-active' : 'vm-outline',
          context: c.name,
          collapsible: c.current ? 'expanded' : 'none',
          contextValue: c.current ? 'kubeHa.context.current' : 'kubeHa.context',
          ...(c.current
            ? {}
            : { command: { command: COMMANDS.switchContext, title: 'Switch to this context', arguments: [c.name] } }),
        }));
      }
      if (node.context !== ctx && node.kind !== 'context') return [];
      switch (node.kind) {
        case 'context':
          return node.context === ctx ? namespaces(node.context!) : [];
        case 'namespace': {
          const ns = node.namespace!;
          if (collapsedByUser.has(`${ctx}/${ns}`)) return [];
          model.watchNamespace(ns, ALL_SECTIONS);
          const view = model.view(ns)!;
          return ALL_SECTIONS.map((which): TreeNode => {
            const base = {
              id: `sec:${ctx}/${ns}/${which}`,
              kind: 'section' as const,
              label: SECTION_LABEL[which],
              collapsible: 'expanded' as const,
              contextValue: 'kubeHa.section',
              context: ctx,
              namespace: ns,
              section: which,
            };
            if (which === 'pdbs') {
              const st = view.pdbs.state;
              const blocking = view.pdbs.items.filter(pdbBlocks).length;
              const description =
                st.phase === 'loading'
                  ? 'loading…'
                  : st.phase === 'error'
                    ? 'error'
                    : `${view.pdbs.items.length}${blocking ? ` · ${blocking} blocking` : ''}`;
              return {
                ...base,
                description,
                ...(st.phase === 'ready' && blocking ? { health: 'red' as const } : { icon: SECTION_ICON.pdbs }),
              };
            }
            const healths =
              which === 'services'
                ? view.services.items.map((s) => s.health)
                : view.workloads.items.map((w) => w.health);
            const worst = view[which].state.phase === 'ready' ? worstHealth(healths) : undefined;
            return {
              ...base,
              description: sectionDescription(view[which].state, healths),
              ...(worst ? { health: worst } : { icon: SECTION_ICON[which] }),
            };
          });
        }
        case 'section':
          return section(ctx!, node.namespace!, node.section!);
        case 'service': {
          const s = model.view(node.namespace!)?.services.items.find((x) => x.name === node.name);
          return s ? s.endpoints.map((e) => endpointNode(node.id, e)) : [];
        }
        default:
          return [];
      }
    },
    collapsed(node) {
      const ctx = model.context();
      const namespaces =
        node.kind === 'namespace' && node.namespace !== undefined
          ? [node.namespace]
          : node.kind === 'context'
            ? model.watched()
            : [];
      for (const ns of namespaces) {
        collapsedByUser.add(`${ctx}/${ns}`);
        model.unwatchNamespace(ns);
      }
    },
    expanded(node) {
      const ctx = model.context();
      // Expanding the context shows again the namespaces the editor kept expanded under it:
      // their children are asked for without an expand event of their own.
      if (node.kind === 'context') collapsedByUser.clear();
      else if (node.kind === 'namespace' && node.namespace !== undefined)
        collapsedByUser.delete(`${ctx}/${node.namespace}`);
      else return;
      fire();
    },
    addNamespace(ns) {
      const ctx = model.context();
      if (!ctx || !ns.trim()) return;
      let set = manual.get(ctx);
      if (!set) manual.set(ctx, (set = new Set()));
      set.add(ns.trim());
      fire();
    },
    switchContext(name) {
      model.setContext(name);
      fire();
    },
    retry(node) {
      if (!node || node.kind === 'context' || node.id.startsWith('nserr:') || node.id === 'config') {
        if (node?.id === 'config' || model.configError()) model.reload();
        model.retry();
      } else {
        model.retry(node.namespace);
      }
      fire();
    },
    status() {
      const ctx = model.context();
      if (model.configError()) return { text: 'K8s: no kubeconfig', tooltip: model.configError()!.message };
      if (!ctx) return { text: 'K8s: no context', tooltip: 'The kubeconfig has no current context' };
      const health = model.worstHealth();
      const watched = model.watched();
      return {
        text: `K8s: ${ctx}${health ? ` · ${health}` : ''}`,
        tooltip: `Context ${ctx}${model.server() ? ` (${model.server()})` : ''}\n${health ? `Worst Service health in ${watched.length ? watched.map((n) => n || 'all namespaces').join(', ') : '—'}: ${health}` : 'Expand a namespace in the Kubernetes HA view to see its health'}`,
        ...(health ? { health } : {}),
      };
    },
    onDidChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      offModel();
      listeners.clear();
    },
  };
  return tree;
}
