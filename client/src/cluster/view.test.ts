// The VS Code adapter with a stand-in `vscode` module, against the test API server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { installFakeVscode } from './fake-vscode';
import { startEnv, eventually, type Env } from '../../../test/cluster/helpers';
import type { TreeNode } from '../../../cluster/src/tree';
import type { LiveHealthParams } from '../../../common/src/protocol';

const fake = installFakeVscode();
// Loaded after the fake is installed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { registerClusterView } = require('./view') as typeof import('./view');

let env: Env;
before(async () => { env = await startEnv(); });
after(async () => { await env.cleanup(); });

test('registerClusterView: tree, status bar, commands, open manifest, live health, dispose', async () => {
  fake.settings['kubeconfig'] = env.kubeconfig;
  const subscriptions: Array<{ dispose(): unknown }> = [];
  const lines: string[] = [];
  const live: LiveHealthParams[] = [];
  const asked: unknown[] = [];
  registerClusterView(
    { subscriptions } as never,
    {
      findManifest: async (p) => { asked.push(p); return [{ uri: 'file:///ws/shop.yaml', range: { start: { line: 4, character: 0 }, end: { line: 20, character: 0 } } }]; },
      sendLiveHealth: (p) => live.push(p),
    },
    { appendLine: (l: string) => lines.push(l) } as never,
  );
  const view = fake.treeViews.get('kubeHa.clusterView')!;
  assert.ok(view, 'the view is registered');
  for (const c of ['kubeHa.cluster.switchContext', 'kubeHa.cluster.retry', 'kubeHa.cluster.refresh', 'kubeHa.cluster.enterNamespace', 'kubeHa.cluster.openManifest']) {
    assert.ok(fake.commands.has(c), c);
  }
  const p = view.provider;
  const roots: TreeNode[] = await p.getChildren(undefined);
  const ctxItem = p.getTreeItem(roots[0]);
  assert.equal(ctxItem.label, 'sim');
  assert.equal(ctxItem.collapsibleState, 2);
  const nss: TreeNode[] = await p.getChildren(roots[0]);
  const shop = nss.find((n) => n.label === 'shop')!;
  const [services] = (await p.getChildren(shop)) as TreeNode[];
  let svcNodes: TreeNode[] = [];
  const changed = new Promise<void>((resolve) => {
    const sub = p.onDidChangeTreeData(async () => {
      svcNodes = await p.getChildren(services);
      if (svcNodes.some((n: TreeNode) => n.kind === 'service')) { sub.dispose(); resolve(); }
    });
  });
  await changed;
  const frontend = p.getTreeItem(svcNodes.find((n) => n.label === 'frontend')!);
  assert.equal(frontend.iconPath.id, 'pass-filled');
  assert.equal(frontend.iconPath.color.id, 'testing.iconPassed');
  assert.equal(frontend.description, '3/3 ready · survives 1 node · 1 zone');
  assert.equal(frontend.contextValue, 'kubeHa.service');
  assert.equal(p.getTreeItem(svcNodes.find((n) => n.label === 'legacy-db')!).iconPath.id, 'circle-outline');
  await eventually(() => /sim · yellow/.test(fake.statusBar.text), 'status bar shows context and worst health');
  assert.match(fake.statusBar.text, /^\$\(warning\) sim · yellow$/);
  await eventually(() => live.some((l) => l.services.some((s) => s.name === 'checkout')), 'live health sent');
  assert.equal(live.at(-1)!.context, 'sim');

  await fake.commands.get('kubeHa.cluster.openManifest')!(svcNodes.find((n) => n.label === 'cart'));
  assert.deepEqual(asked, [{ kind: 'Service', name: 'cart', namespace: 'shop' }]);
  assert.equal(fake.shownDocuments[0].uri, 'file:///ws/shop.yaml');

  fake.nextInput = 'payments';
  await fake.commands.get('kubeHa.cluster.enterNamespace')!();
  assert.ok(((await p.getChildren(roots[0])) as TreeNode[]).some((n) => n.label === 'payments'));

  view.collapse.fire({ element: shop });
  await eventually(() => env.server.activeWatches === 1, 'collapse stops the informers (the namespace watch stays)');
  assert.ok(lines.every((l) => !l.includes(env.server.token)), 'no credentials in the output channel');

  // A children request that crossed the collapse (the editor refreshing) starts nothing again.
  assert.deepEqual(await p.getChildren(shop), [], 'a late children request after the collapse shows (and watches) nothing');
  view.expand.fire({ element: shop });
  (await p.getChildren(shop));
  // the namespace watch, seven resources of shop (Services, slices, three workload kinds, PDBs, Pods), the Nodes
  await eventually(() => env.server.activeWatches === 9, 'expanding again starts them');
  for (const s of subscriptions) s.dispose();
  await eventually(() => env.server.activeWatches === 0, 'dispose stops everything');
});
