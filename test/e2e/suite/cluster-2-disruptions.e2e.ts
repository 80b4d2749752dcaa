// Scenarios 2 of 2 of the "Kubernetes HA" cluster tree against the test API server (see
// cluster-1-health.e2e.ts): what-if of a drain, a PDB that blocks drains, and collapsing the tree.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { checkpoint } from './harness';
import {
  api,
  children,
  clusterOp,
  describeClusterTree,
  contextNode,
  expand,
  namespaceNode,
  NS,
  show,
  waitForStatus,
  waitForTree,
  type Node,
} from './cluster-harness';

describeClusterTree(() => {
  it('"What if this node is drained?" from the command palette: the result lists the Service that goes dark', async function () {
    this.timeout(90_000);
    // As from the palette: no argument, so the command offers a node picker. Its first item
    // (node-a1, sorted) is active; accept it once the picker is up.
    let finished = false;
    const run = Promise.resolve(vscode.commands.executeCommand('kubeHa.cluster.whatIfDrain')).finally(() => {
      finished = true;
    });
    const deadline = Date.now() + 30_000;
    while (!finished) {
      if (Date.now() > deadline)
        assert.fail('the node picker of "What if this node is drained?" was not answered within 30 s');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await Promise.race([run, new Promise((r) => setTimeout(r, 250))]);
    }
    await run;
    assert.deepStrictEqual(api.whatIf.last()?.result.disruption, { kind: 'node', node: 'node-a1' });
    const top = ((await api.whatIf.provider.getChildren(undefined)) ?? []) as Node[];
    assert.strictEqual(top[0]?.label, 'What if: drain node node-a1');
    assert.match(top[0].description ?? '', /^NOT SAFE · 1 dark/);
    const darkGroup = top.find((n) => n.label.startsWith('Goes dark'));
    assert.ok(darkGroup, `no "Goes dark" group: ${show(top)}`);
    const dark = ((await api.whatIf.provider.getChildren(darkGroup)) ?? []) as Node[];
    // shop/cart (demo namespace) has both its endpoints on node-a1.
    assert.deepStrictEqual(
      dark.map((n) => [n.label, n.description]),
      [['shop/cart', '2 → 0 ready · node-a1']],
    );
    const degraded = ((await api.whatIf.provider.getChildren(top.find((n) => n.label.startsWith('Degrades'))!)) ??
      []) as Node[];
    assert.ok(
      degraded.some((n) => n.label === `${NS}/web`),
      show(degraded),
    );
    await api.whatIf.view.reveal(darkGroup, { expand: true, focus: false, select: false });
    await checkpoint('what-if-drain-node', 20_000, { problems: false });
    // The command focused the What if… view; the next scenarios act on the cluster tree again.
    await vscode.commands.executeCommand('kubeHa.clusterView.focus');
  });

  it('a PDB that allows 0 disruptions is marked with the workload it blocks; the marker goes when the server allows one', async function () {
    this.timeout(90_000);
    const pdb = (allowed: number) => ({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'postgres-pdb', namespace: NS, generation: 1 },
      spec: { maxUnavailable: 0, selector: { matchLabels: { app: 'postgres' } } },
      status: {
        observedGeneration: 1,
        disruptionsAllowed: allowed,
        currentHealthy: 1,
        desiredHealthy: 1 - allowed,
        expectedPods: 1,
        conditions: [
          {
            type: 'DisruptionAllowed',
            status: allowed ? 'True' : 'False',
            reason: allowed ? 'SufficientPods' : 'InsufficientPods',
            message: '',
            observedGeneration: 1,
            lastTransitionTime: '2026-01-01T00:00:00Z',
          },
        ],
      },
    });
    const pdbRows = async () => {
      const ns = await namespaceNode();
      const sec = ns && (await children(ns)).find((n) => n.kind === 'section' && n.label === 'Disruption budgets');
      return sec ? children(sec) : [];
    };
    const waitForPdb = (ok: (n: Node | undefined) => boolean, what: string) =>
      waitForTree(
        async () => {
          const n = (await pdbRows()).find((x) => x.label === 'postgres-pdb');
          return ok(n) ? (n ?? null) : undefined;
        },
        30_000,
        async () => `${what}; Disruption budgets of ${NS}: ${show(await pdbRows())}`,
      );
    await clusterOp({ op: 'upsert', object: pdb(0) });
    try {
      const marked = await waitForPdb((n) => n?.contextValue === 'kubeHa.pdb.blocking', 'marker');
      assert.strictEqual(marked!.health, 'red');
      assert.match(
        marked!.description ?? '',
        /^blocks drains of StatefulSet postgres · 0 disruptions allowed · 1\/1 healthy$/,
      );
      await clusterOp({ op: 'upsert', object: pdb(1) });
      const unmarked = await waitForPdb((n) => n?.contextValue === 'kubeHa.pdb', 'marker gone');
      assert.strictEqual(unmarked!.health, undefined);
      assert.strictEqual(unmarked!.description, '1 disruption allowed · 1/1 healthy');
    } finally {
      await clusterOp({ op: 'remove', kind: 'PodDisruptionBudget', namespace: NS, name: 'postgres-pdb' });
    }
    await waitForPdb((n) => n === undefined, 'PDB removed');
  });

  it('collapsing the tree stops watching: no health in the status bar, no live-health diagnostics left', async function () {
    this.timeout(60_000);
    // Collapse-all acts only on a tree that is shown: after the What if… view took the focus, wait
    // until the cluster tree is visible again (a fresh-clone run collapsed a hidden tree).
    await vscode.commands.executeCommand('kubeHa.clusterView.focus');
    if (!api.view.visible) {
      await new Promise<void>((resolve) => {
        const sub = api.view.onDidChangeVisibility((e) => {
          if (e.visible) {
            sub.dispose();
            resolve();
          }
        });
      });
    }
    // VS Code's extension host forgets the tree's elements while a refresh (one per watch event)
    // is in flight and drops a collapse event that lands then: collapse until the extension hears it.
    // The extension's last event of the context says whether it is collapsed for the extension.
    let heard = false;
    const onCollapse = api.view.onDidCollapseElement((e) => {
      if (e.element.kind === 'context') heard = true;
    });
    const onExpand = api.view.onDidExpandElement((e) => {
      if (e.element.kind === 'context') heard = false;
    });
    try {
      await waitForTree(
        async () => {
          if (heard) return true;
          await expand(contextNode);
          await vscode.commands.executeCommand('workbench.actions.treeView.kubeHa.clusterView.collapseAll');
          return heard ? true : undefined;
        },
        30_000,
        async () => 'no collapse event of the context reached the extension',
      );
    } finally {
      onCollapse.dispose();
      onExpand.dispose();
    }
    await waitForStatus(undefined);
    // The other suites check exact findings: leave no live-health diagnostic behind.
    await new Promise<void>((resolve, reject) => {
      const left = () =>
        vscode.languages
          .getDiagnostics()
          .filter(([, ds]) =>
            ds.some((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'live-health'),
          );
      const finish = (e?: Error) => {
        clearTimeout(t);
        sub.dispose();
        if (e) reject(e);
        else resolve();
      };
      const t = setTimeout(
        () =>
          finish(
            new Error(
              `live-health diagnostics still on ${left()
                .map(([u]) => vscode.workspace.asRelativePath(u))
                .join(', ')} after 30 s`,
            ),
          ),
        30_000,
      );
      const sub = vscode.languages.onDidChangeDiagnostics(() => {
        if (left().length === 0) finish();
      });
      if (left().length === 0) finish();
    });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
  });
});
