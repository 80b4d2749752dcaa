// VS Code adapter of the cluster tree: maps cluster/src/tree's TreeNode to TreeItems, owns the
// status bar item, commands and settings. All decisions live in cluster/src (tested there).
import * as os from 'os';
import * as vscode from 'vscode';
import type { FindManifestParams, FindManifestResult, LiveHealthParams } from '../../../common/src/protocol';
import { oneLine } from '../../../cluster/src/errors';
import type { Health } from '../../../cluster/src/health';
import { createClusterModel, type ClusterModel } from '../../../cluster/src/model';
import { createClusterTree, type ClusterTree } from '../../../cluster/src/tree';
import { COMMANDS, pdbBlocks, type TreeNode } from '../../../cluster/src/tree-nodes';
import { budgetText } from '../../../cluster/src/disruption';
import { runWhatIf, whatIfChildren, type WhatIfView } from '../../../cluster/src/whatif-tree';
import type { Disruption } from '../../../cluster/src/whatif';

export const VIEW_ID = 'kubeHa.clusterView';
export const WHAT_IF_VIEW_ID = 'kubeHa.whatIfView';

export interface ClusterViewClient {
  findManifest(p: FindManifestParams): Promise<FindManifestResult>;
  /** Optional: forwards live Service health to the language server (kubeHa.liveDiagnostics). */
  sendLiveHealth?(p: LiveHealthParams): void;
}

const HEALTH_ICON: Record<Health, { icon: string; color: string }> = {
  green: { icon: 'pass-filled', color: 'testing.iconPassed' },
  yellow: { icon: 'warning', color: 'list.warningForeground' },
  red: { icon: 'error', color: 'list.errorForeground' },
  grey: { icon: 'circle-outline', color: 'disabledForeground' },
};

const COLLAPSE: Record<TreeNode['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export function toTreeItem(n: TreeNode): vscode.TreeItem {
  const item = new vscode.TreeItem(n.label, COLLAPSE[n.collapsible]);
  item.id = n.id;
  item.description = n.description;
  item.tooltip = n.tooltip;
  item.contextValue = n.contextValue;
  if (n.health)
    item.iconPath = new vscode.ThemeIcon(
      HEALTH_ICON[n.health].icon,
      new vscode.ThemeColor(HEALTH_ICON[n.health].color),
    );
  else if (n.icon)
    item.iconPath = new vscode.ThemeIcon(
      n.icon,
      n.kind === 'error' ? new vscode.ThemeColor('list.errorForeground') : undefined,
    );
  if (n.command) item.command = { command: n.command.command, title: n.command.title, arguments: n.command.arguments };
  return item;
}

/** The kubeconfig setting. In an untrusted workspace only the user-level value counts: a workspace
 *  must not point us at a kubeconfig of its choosing. */
function kubeconfigSetting(): string | undefined {
  const inspected = vscode.workspace.getConfiguration('kubeHa').inspect<string>('kubeconfig');
  const value = vscode.workspace.isTrusted
    ? vscode.workspace.getConfiguration('kubeHa').get<string>('kubeconfig')
    : inspected?.globalValue;
  if (!value || !value.trim()) return undefined;
  return value.trim().replace(/^~(?=$|[\\/])/, os.homedir());
}

/** What registerClusterView hands back: the tree's provider and view and the status bar item, so the
 *  extension can expose them to its end-to-end tests (activate()'s return value). */
export interface ClusterViewApi {
  readonly provider: vscode.TreeDataProvider<TreeNode>;
  readonly view: vscode.TreeView<TreeNode>;
  readonly statusBarItem: vscode.StatusBarItem;
  /** The "What if…" result view and the last answer it shows. */
  readonly whatIf: {
    provider: vscode.TreeDataProvider<TreeNode>;
    view: vscode.TreeView<TreeNode>;
    last(): WhatIfView | undefined;
  };
}

export function registerClusterView(
  context: vscode.ExtensionContext,
  client: ClusterViewClient,
  output: vscode.OutputChannel,
): ClusterViewApi {
  // Log lines come from ClusterErrors (already scrubbed); oneLine() scrubs again in case.
  const log = (line: string) => output.appendLine(`[cluster] ${oneLine(line)}`);
  let model: ClusterModel;
  let tree: ClusterTree;
  let offTree: () => void = () => undefined;
  let offModel: () => void = () => undefined;
  const changed = new vscode.EventEmitter<TreeNode | undefined>();
  const status = vscode.window.createStatusBarItem('kubeHa.cluster', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Kubernetes HA: context and health';
  status.command = COMMANDS.switchContext;

  function updateStatus(): void {
    const s = tree.status();
    const icon = s.health ? HEALTH_ICON[s.health].icon : 'cloud';
    status.text = `$(${icon}) ${s.text.replace(/^K8s: /, '')}`;
    status.tooltip = `${s.tooltip}\nClick to switch context.`;
    status.backgroundColor =
      s.health === 'red'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : s.health === 'yellow'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    status.show();
  }

  function sendLiveHealth(): void {
    if (!client.sendLiveHealth || !vscode.workspace.getConfiguration('kubeHa').get<boolean>('liveDiagnostics', true))
      return;
    const services = model
      .watched()
      .flatMap((ns) => (model.view(ns)?.services.state.phase === 'ready' ? model.view(ns)!.services.items : []))
      .map((s) => ({
        namespace: s.namespace,
        name: s.name,
        health: s.health,
        ready: s.ready,
        total: s.total,
        reason: s.reason,
      }));
    const pdbs = model
      .watched()
      .flatMap((ns) =>
        model.view(ns)?.pdbs.state.phase === 'ready' ? model.view(ns)!.pdbs.items.filter(pdbBlocks) : [],
      )
      .map((p) => ({
        namespace: p.namespace,
        name: p.name,
        disruptionsAllowed: p.disruptionsAllowed,
        currentHealthy: p.currentHealthy,
        expectedPods: p.expectedPods,
        budget: budgetText(p),
        workloads: p.workloads,
      }));
    client.sendLiveHealth({ context: model.context() ?? null, services, pdbs });
  }

  function build(): void {
    offTree();
    offModel();
    tree?.dispose();
    model?.dispose();
    model = createClusterModel({
      source: { path: kubeconfigSetting(), env: process.env },
      untrusted: !vscode.workspace.isTrusted,
      log,
    });
    tree = createClusterTree(model);
    offTree = tree.onDidChange(() => {
      changed.fire(undefined);
      updateStatus();
    });
    offModel = model.onDidChange(() => sendLiveHealth());
    changed.fire(undefined);
    updateStatus();
  }
  build();

  // Parent of each node handed out, so TreeView.reveal() can walk up (node ids are unique).
  const parents = new Map<string, TreeNode | undefined>();
  const provider: vscode.TreeDataProvider<TreeNode> = {
    onDidChangeTreeData: changed.event,
    getTreeItem: toTreeItem,
    getChildren: async (n) => {
      const kids = await tree.children(n);
      for (const k of kids) parents.set(k.id, n);
      return kids;
    },
    getParent: (n) => parents.get(n.id),
  };
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });

  async function openManifest(node?: TreeNode): Promise<void> {
    if (!node?.objectKind || !node.name) return;
    const params: FindManifestParams = { kind: node.objectKind, name: node.name, namespace: node.namespace ?? '' };
    let found: FindManifestResult;
    try {
      found = await client.findManifest(params);
    } catch (e) {
      log(`findManifest failed: ${e instanceof Error ? e.message : String(e)}`);
      found = [];
    }
    if (found.length === 0) {
      void vscode.window.showInformationMessage(
        `No YAML in this workspace defines ${params.kind} ${params.namespace}/${params.name}.`,
      );
      return;
    }
    let target = found[0];
    if (found.length > 1) {
      const pick = await vscode.window.showQuickPick(
        found.map((l) => ({
          label: vscode.workspace.asRelativePath(vscode.Uri.parse(l.uri)),
          description: `line ${l.range.start.line + 1}`,
          l,
        })),
        { placeHolder: `${params.kind} ${params.name} is defined in several files` },
      );
      if (!pick) return;
      target = pick.l;
    }
    const r = target.range;
    await vscode.window.showTextDocument(vscode.Uri.parse(target.uri), {
      selection: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
    });
  }

  // ---- What if…: the result of the last drain/zone question, as a tree of its own
  let lastWhatIf: WhatIfView | undefined;
  const whatIfChanged = new vscode.EventEmitter<TreeNode | undefined>();
  const whatIfParents = new Map<string, TreeNode | undefined>();
  const whatIfProvider: vscode.TreeDataProvider<TreeNode> = {
    onDidChangeTreeData: whatIfChanged.event,
    getTreeItem: toTreeItem,
    getChildren: (n) => {
      const kids = whatIfChildren(lastWhatIf, n);
      for (const k of kids) whatIfParents.set(k.id, n);
      return kids;
    },
    getParent: (n) => whatIfParents.get(n.id),
  };
  const whatIfView = vscode.window.createTreeView(WHAT_IF_VIEW_ID, {
    treeDataProvider: whatIfProvider,
    showCollapseAll: true,
  });

  /** Nodes of the current context, sorted; undefined (with the reason shown) when they cannot be read. */
  async function readNodes() {
    try {
      const nodes = await model.whenNodesSettled(20_000);
      if (nodes.state.phase === 'error') throw nodes.state.error;
      return nodes.items;
    } catch (e) {
      void vscode.window.showWarningMessage(
        `Cannot read the cluster's nodes: ${oneLine(e instanceof Error ? e.message : String(e))}`,
      );
      return undefined;
    } finally {
      model.releaseNodes();
    }
  }

  async function answer(d: Disruption): Promise<WhatIfView | undefined> {
    const result = await vscode.window.withProgress(
      { location: { viewId: WHAT_IF_VIEW_ID }, title: 'Reading the cluster…' },
      async () => {
        try {
          return await runWhatIf(model, d, 30_000);
        } catch (e) {
          void vscode.window.showWarningMessage(
            `What if: cannot read the cluster: ${oneLine(e instanceof Error ? e.message : String(e))}`,
          );
          return undefined;
        }
      },
    );
    if (!result) return undefined;
    lastWhatIf = result;
    whatIfChanged.fire(undefined);
    whatIfView.description = `${result.context} · ${result.result.summary.safe ? 'safe' : 'NOT SAFE'}`;
    await vscode.commands.executeCommand(`${WHAT_IF_VIEW_ID}.focus`);
    return result;
  }

  context.subscriptions.push(
    whatIfChanged,
    whatIfView,
    vscode.commands.registerCommand(COMMANDS.whatIfDrain, async (arg?: string | TreeNode) => {
      let name = typeof arg === 'string' ? arg : arg?.nodeName;
      if (!name) {
        const nodes = await readNodes();
        if (!nodes) return undefined;
        const pick = await vscode.window.showQuickPick(
          nodes.map((n) => ({
            label: n.name,
            description: [n.zone, n.unschedulable ? 'cordoned' : '', n.ready ? '' : 'NotReady']
              .filter(Boolean)
              .join(' · '),
          })),
          { placeHolder: 'Node to drain (what if…)' },
        );
        name = pick?.label;
      }
      return name ? answer({ kind: 'node', node: name }) : undefined;
    }),
    vscode.commands.registerCommand(COMMANDS.whatIfZone, async (arg?: string) => {
      let zone = typeof arg === 'string' ? arg : undefined;
      if (!zone) {
        const nodes = await readNodes();
        if (!nodes) return undefined;
        const zones = [...new Set(nodes.flatMap((n) => (n.zone ? [n.zone] : [])))].sort();
        if (zones.length === 0) {
          void vscode.window.showInformationMessage(
            'No node of this cluster has a zone label (topology.kubernetes.io/zone).',
          );
          return undefined;
        }
        const pick = await vscode.window.showQuickPick(
          zones.map((z) => ({ label: z, description: `${nodes.filter((n) => n.zone === z).length} nodes` })),
          { placeHolder: 'Zone that fails (what if…)' },
        );
        zone = pick?.label;
      }
      return zone ? answer({ kind: 'zone', zone }) : undefined;
    }),
  );

  context.subscriptions.push(
    changed,
    status,
    view,
    view.onDidCollapseElement((e) => tree.collapsed(e.element)),
    view.onDidExpandElement((e) => tree.expanded(e.element)),
    vscode.commands.registerCommand(COMMANDS.switchContext, async (name?: string | TreeNode) => {
      let target = typeof name === 'string' ? name : name?.context;
      if (!target || (typeof name !== 'string' && name?.kind !== 'context')) {
        const contexts = model.contexts();
        if (contexts.length === 0) {
          void vscode.window.showWarningMessage(model.configError()?.message ?? 'No contexts in the kubeconfig.');
          return;
        }
        const pick = await vscode.window.showQuickPick(
          contexts.map((c) => ({ label: c.name, description: c.current ? 'current' : c.server, picked: c.current })),
          { placeHolder: 'Kubernetes context for the Kubernetes HA view' },
        );
        target = pick?.label;
      }
      if (target) tree.switchContext(target);
    }),
    vscode.commands.registerCommand(COMMANDS.retry, (node?: TreeNode) => tree.retry(node)),
    vscode.commands.registerCommand(COMMANDS.refresh, () => {
      model.reload();
      tree.retry();
    }),
    vscode.commands.registerCommand(COMMANDS.enterNamespace, async () => {
      const ns = await vscode.window.showInputBox({
        prompt: 'Namespace to watch (listing namespaces is not allowed for this user)',
        placeHolder: 'my-namespace',
        validateInput: (v) =>
          /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(v.trim())
            ? undefined
            : 'A namespace is a DNS label: lower-case letters, digits and -',
      });
      if (ns) tree.addNamespace(ns.trim());
    }),
    vscode.commands.registerCommand(COMMANDS.openManifest, (node?: TreeNode) => openManifest(node)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kubeHa.kubeconfig')) build();
      else if (e.affectsConfiguration('kubeHa.liveDiagnostics')) sendLiveHealth();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => build()),
    {
      dispose: () => {
        offTree();
        offModel();
        tree.dispose();
        model.dispose();
      },
    },
  );
  return {
    provider,
    view,
    statusBarItem: status,
    whatIf: { provider: whatIfProvider, view: whatIfView, last: () => lastWhatIf },
  };
}
