// The VS Code adapter with a stand-in `vscode` module, against the test API server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { installFakeVscode } from './fake-vscode';
import { startEnv, eventually, type Env } from '../../../test/cluster/helpers';
import { seedStorefront } from '../../../test/kube-api-server/demo-state';
import type { TreeNode } from '../../../cluster/src/tree-nodes';
import type { LiveHealthParams } from '../../../common/src/protocol';

const fake = installFakeVscode();
// Loaded after the fake is installed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { registerClusterView } = require('./view') as typeof import('./view');

let env: Env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env.cleanup();
});

test('registerClusterView: tree, status bar, commands, open manifest, live health, dispose', async () => {
  fake.settings['kubeconfig'] = env.kubeconfig;
  const subscriptions: Array<{ dispose(): unknown }> = [];
  const lines: string[] = [];
  const live: LiveHealthParams[] = [];
  const asked: unknown[] = [];
  registerClusterView(
    { subscriptions } as never,
    {
      findManifest: async (p) => {
        asked.push(p);
        return [
          { uri: 'file:///ws/shop.yaml', range: { start: { line: 4, character: 0 }, end: { line: 20, character: 0 } } },
        ];
      },
      sendLiveHealth: (p) => live.push(p),
    },
    { appendLine: (l: string) => lines.push(l) } as never,
  );
  const view = fake.treeViews.get('kubeHa.clusterView')!;
  assert.ok(view, 'the view is registered');
  for (const c of [
    'kubeHa.cluster.switchContext',
    'kubeHa.cluster.retry',
    'kubeHa.cluster.refresh',
    'kubeHa.cluster.enterNamespace',
    'kubeHa.cluster.openManifest',
  ]) {
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
      if (svcNodes.some((n: TreeNode) => n.kind === 'service')) {
        sub.dispose();
        resolve();
      }
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
  assert.ok(
    lines.every((l) => !l.includes(env.server.token)),
    'no credentials in the output channel',
  );

  // A children request that crossed the collapse (the editor refreshing) starts nothing again.
  assert.deepEqual(
    await p.getChildren(shop),
    [],
    'a late children request after the collapse shows (and watches) nothing',
  );
  view.expand.fire({ element: shop });
  await p.getChildren(shop);
  // the namespace watch, seven resources of shop (Services, slices, three workload kinds, PDBs, Pods), the Nodes
  await eventually(() => env.server.activeWatches === 9, 'expanding again starts them');
  for (const s of subscriptions) s.dispose();
  await eventually(() => env.server.activeWatches === 0, 'dispose stops everything');
});

test('What if: the drain command (node picker and endpoint menu) and the zone command fill the result view', async () => {
  seedStorefront(env.server);
  fake.settings['kubeconfig'] = env.kubeconfig;
  const subscriptions: Array<{ dispose(): unknown }> = [];
  const asked: unknown[] = [];
  const api = registerClusterView(
    { subscriptions } as never,
    {
      findManifest: async (p) => {
        asked.push(p);
        return [
          {
            uri: 'file:///ws/postgres.yaml',
            range: { start: { line: 1, character: 0 }, end: { line: 9, character: 0 } },
          },
        ];
      },
    },
    { appendLine: () => undefined } as never,
  );
  try {
    const p = fake.treeViews.get('kubeHa.whatIfView')!.provider;
    assert.match((await p.getChildren(undefined))[0].label, /What if this node is drained/);
    let offered: string[] = [];
    fake.nextPick = (items) => {
      offered = items.map((i: any) => i.label);
      return items.find((i: any) => i.label === 'node-b1');
    };
    await fake.commands.get('kubeHa.cluster.whatIfDrain')!();
    assert.deepEqual(offered, ['node-a1', 'node-a2', 'node-b1', 'node-c1']);
    assert.ok(fake.executed.includes('kubeHa.whatIfView.focus'), 'the result view is shown');
    const top: TreeNode[] = await p.getChildren(undefined);
    assert.equal(top[0].label, 'What if: drain node node-b1');
    assert.match(top[0].description!, /^NOT SAFE · \d+ dark/);
    const dark = await p.getChildren(top.find((n) => n.label.startsWith('Goes dark'))!);
    assert.ok(
      dark.some((n: TreeNode) => n.label === 'storefront/postgres' && n.description === '1 → 0 ready · node-b1'),
      JSON.stringify(dark.map((n: TreeNode) => n.label)),
    );
    const blocked = await p.getChildren(top.find((n) => n.label.startsWith('Evictions that block'))!);
    const pg = blocked.find((n: TreeNode) => n.label === 'storefront/postgres-pdb')!;
    assert.equal(pg.health, 'red');
    assert.deepEqual(
      (await p.getChildren(pg)).map((e: TreeNode) => [e.label, e.health]),
      [['1. postgres-0', 'red']],
    );
    // A row opens its manifest.
    await fake.commands.get(pg.command!.command)!(...pg.command!.arguments);
    assert.deepEqual(asked.at(-1), { kind: 'PodDisruptionBudget', name: 'postgres-pdb', namespace: 'storefront' });

    // From an endpoint's context menu: the endpoint's node, no picker.
    fake.nextPick = () => {
      throw new Error('no picker expected');
    };
    await fake.commands.get('kubeHa.cluster.whatIfDrain')!({
      id: 'x',
      kind: 'endpoint',
      label: '10.0.0.1',
      collapsible: 'none',
      contextValue: 'kubeHa.endpoint',
      nodeName: 'node-c1',
    });
    assert.equal(api.whatIf.last()!.result.disruption.kind, 'node');
    assert.equal((await p.getChildren(undefined))[0].label, 'What if: drain node node-c1');

    fake.nextPick = (items) => items.find((i: any) => i.label === 'eu-west-1a');
    await fake.commands.get('kubeHa.cluster.whatIfZone')!();
    const z = api.whatIf.last()!.result;
    assert.deepEqual(z.disruption, { kind: 'zone', zone: 'eu-west-1a' });
    assert.ok(z.services.some((s) => s.namespace === 'storefront' && s.name === 'pgbouncer' && s.verdict === 'dark'));
  } finally {
    for (const s of subscriptions) s.dispose();
  }
  await eventually(() => env.server.activeWatches === 0, 'the what-if stopped what it started');
});
