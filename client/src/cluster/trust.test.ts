// The VS Code adapter (fake vscode) in untrusted workspaces and under cluster faults:
// - untrusted: a workspace-level kubeHa.kubeconfig is ignored; a kubeconfig exec credential plugin
//   is never run (its marker file is never written), whichever way the kubeconfig was found;
//   trusted, the same plugin does run (so the negative checks mean something);
// - faults show as error tree items with a retry command, and the view recovers;
// - nothing the adapter shows or logs contains the token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { installFakeVscode } from './fake-vscode';
import { startEnv, eventually, untilRead, type Env } from '../../../test/cluster/helpers';
import type { TreeNode } from '../../../cluster/src/tree-nodes';

const fake = installFakeVscode();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { registerClusterView } = require('./view') as typeof import('./view');

let env: Env;
const captured: string[] = [];
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env.cleanup();
});

/** A kubeconfig for the test server whose user gets its token from an exec plugin that writes `marker`. */
async function execKubeconfig(name: string): Promise<{ file: string; marker: string }> {
  const marker = join(env.dir, `${name}.exec-ran`);
  const cred = JSON.stringify({
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: { token: env.server.token },
  });
  const kc = env.server
    .kubeconfig({ context: 'exec-ctx' })
    .replace(
      `    token: ${env.server.token}`,
      [
        '    exec:',
        '      apiVersion: client.authentication.k8s.io/v1',
        '      command: sh',
        `      args: ["-c", ${JSON.stringify(`touch '${marker}'; echo '${cred}'`)}]`,
        '      interactiveMode: Never',
      ].join('\n'),
    );
  const file = join(env.dir, `${name}.kubeconfig`);
  await writeFile(file, kc, { mode: 0o600 });
  return { file, marker };
}

interface Registered {
  provider: any;
  lines: string[];
  dispose(): void;
}
function register(o: { trusted: boolean; user?: string; workspace?: string; KUBECONFIG?: string }): Registered {
  fake.setTrusted(o.trusted);
  fake.settings = o.user ? { kubeconfig: o.user } : {};
  fake.workspaceSettings = o.workspace ? { kubeconfig: o.workspace } : {};
  const saved = { KUBECONFIG: process.env.KUBECONFIG, HOME: process.env.HOME };
  process.env.KUBECONFIG = o.KUBECONFIG ?? '';
  process.env.HOME = env.dir; // no ~/.kube/config of the machine running the tests
  const subscriptions: Array<{ dispose(): unknown }> = [];
  const lines: string[] = [];
  // The environment stays as set until dispose: Refresh rereads KUBECONFIG.
  const restore = () => {
    if (saved.KUBECONFIG === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved.KUBECONFIG;
    if (saved.HOME === undefined) delete process.env.HOME;
    else process.env.HOME = saved.HOME;
  };
  registerClusterView({ subscriptions } as never, { findManifest: async () => [] }, {
    appendLine: (l: string) => {
      lines.push(l);
      captured.push(l);
    },
  } as never);
  const view = fake.treeViews.get('kubeHa.clusterView')!;
  return {
    provider: view.provider,
    lines,
    dispose: () => {
      for (const s of subscriptions) s.dispose();
      restore();
    },
  };
}

async function children(p: any, n?: TreeNode): Promise<TreeNode[]> {
  const kids: TreeNode[] = await p.getChildren(n);
  for (const k of kids) captured.push(JSON.stringify(p.getTreeItem(k)));
  return kids;
}

/** Re-reads `get` on every tree change until `cond` holds (the shared helper: a change that
 *  arrives while a read is in flight starts one more read). */
const waitView = <T>(p: any, get: () => Promise<T>, cond: (v: T) => boolean, what: string, timeoutMs = 15_000) =>
  untilRead(
    (listener) => {
      const sub = p.onDidChangeTreeData(listener);
      return () => sub.dispose();
    },
    get,
    cond,
    what,
    timeoutMs,
  );

test('trusted: the exec plugin of the kubeconfig setting runs (the control for the tests below)', async () => {
  const { file, marker } = await execKubeconfig('trusted');
  const r = register({ trusted: true, workspace: file });
  try {
    const [ctx] = await children(r.provider);
    assert.equal(ctx.label, 'exec-ctx');
    const nss = await waitView(
      r.provider,
      () => children(r.provider, ctx),
      (n) => n.some((x) => x.label === 'shop'),
      'namespaces via the exec credential',
    );
    assert.ok(nss.length > 0);
    assert.ok(existsSync(marker), 'the plugin ran');
  } finally {
    r.dispose();
  }
});

test('untrusted: a workspace-level kubeHa.kubeconfig is ignored; its exec plugin never runs', async () => {
  const { file, marker } = await execKubeconfig('ws-setting');
  const r = register({ trusted: false, workspace: file, KUBECONFIG: env.kubeconfig });
  try {
    const roots = await children(r.provider);
    assert.deepEqual(
      roots.map((n) => n.label),
      ['sim'],
      'the contexts come from KUBECONFIG, not from the workspace setting',
    );
    const nss = await waitView(
      r.provider,
      () => children(r.provider, roots[0]),
      (n) => n.some((x) => x.label === 'shop'),
      'namespaces',
    );
    assert.ok(!nss.some((n) => n.kind === 'error'));
    assert.equal(existsSync(marker), false, 'the exec plugin of the workspace kubeconfig never ran');
  } finally {
    r.dispose();
  }
});

for (const via of ['user setting', 'KUBECONFIG'] as const) {
  test(`untrusted: a kubeconfig from the ${via} that needs an exec plugin is refused with an error item, the plugin never runs`, async () => {
    const { file, marker } = await execKubeconfig(via.replace(/\W/g, '-'));
    const r = register(via === 'user setting' ? { trusted: false, user: file } : { trusted: false, KUBECONFIG: file });
    try {
      const [ctx] = await children(r.provider);
      assert.equal(ctx.label, 'exec-ctx');
      const [err] = await children(r.provider, ctx);
      assert.equal(err.kind, 'error');
      const item = r.provider.getTreeItem(err);
      assert.equal(item.label, 'Needs a trusted workspace');
      assert.equal(item.contextValue, 'kubeHa.error');
      assert.match(String(item.description), /not run in an untrusted workspace/);
      // Retry and Refresh do not run it either.
      await fake.commands.get('kubeHa.cluster.retry')!(err);
      await fake.commands.get('kubeHa.cluster.refresh')!();
      const again = await children(r.provider, (await children(r.provider))[0]);
      assert.equal(again[0].kind, 'error');
      assert.equal(existsSync(marker), false, 'the exec plugin never ran');
    } finally {
      r.dispose();
    }
    assert.equal(existsSync(marker), false);
  });
}

test('adapter: 401 and a stopped server become error items with a retry command; the view recovers', async () => {
  const r = register({ trusted: true, user: env.kubeconfig });
  try {
    const [ctx] = await children(r.provider);
    const shop = (
      await waitView(
        r.provider,
        () => children(r.provider, ctx),
        (n) => n.some((x) => x.label === 'shop'),
        'namespaces',
      )
    ).find((n) => n.label === 'shop')!;
    const [services] = await children(r.provider, shop);
    await waitView(
      r.provider,
      () => children(r.provider, services),
      (n) => n.some((x) => x.kind === 'service'),
      'services',
    );
    for (const [fault, label] of [
      ['401', 'Unauthorized (401)'],
      ['down', 'Cluster unreachable'],
    ] as const) {
      const off = fault === '401' ? env.server.failWith(401) : (await env.server.stop(), () => undefined);
      env.server.dropWatches();
      const [err] = await waitView(
        r.provider,
        () => children(r.provider, services),
        (n) => n[0]?.kind === 'error',
        `${fault} error item`,
      );
      const item = r.provider.getTreeItem(err);
      assert.equal(item.label, label);
      assert.equal(item.contextValue, 'kubeHa.error');
      assert.equal(item.iconPath.id, 'error');
      assert.equal(item.command.command, 'kubeHa.cluster.retry');
      off();
      if (!env.server.listening) await env.server.start();
      await fake.commands.get('kubeHa.cluster.retry')!(...item.command.arguments);
      await waitView(
        r.provider,
        () => children(r.provider, services),
        (n) => n.some((x) => x.label === 'frontend'),
        `recovered from ${fault}`,
      );
    }
    captured.push(String(fake.statusBar.text), String(fake.statusBar.tooltip), ...fake.messages);
  } finally {
    r.dispose();
  }
  await eventually(() => env.server.activeWatches === 0, 'dispose stops every watch');
});

test('secrets: the output channel, tree items, status bar and messages never contain the token', () => {
  assert.ok(captured.length > 10, `captured ${captured.length}`);
  const all = captured.join('\n');
  assert.ok(!all.includes(env.server.token), 'token leaked');
});
