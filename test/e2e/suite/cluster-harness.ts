// What both cluster suites share: the simulated cluster's control endpoint, its initial state, and
// reading and driving the "Kubernetes HA" tree through the extension's own TreeDataProvider.
import * as assert from 'assert';
import * as http from 'http';
import * as vscode from 'vscode';
import type { EndpointSpec } from '../../kube-api-server/fixtures';
import { EXTENSION_ID } from './harness';

export const CONTEXT = 'kube-ha-e2e';
export const NS = 'storefront';
const CLUSTER_ENV = 'KUBE_HA_E2E_CLUSTER';

export type Health = 'green' | 'yellow' | 'red' | 'grey';

/** The fields of cluster/src/tree's TreeNode this suite reads (kept local: the suite only sees the extension's exports). */
export interface Node {
  id: string;
  kind: string;
  label: string;
  description?: string;
  health?: Health;
  command?: { command: string; title: string; arguments: unknown[] };
  namespace?: string;
  name?: string;
  errorKind?: string;
  contextValue?: string;
}

interface ClusterTreeApi {
  provider: vscode.TreeDataProvider<Node> & { onDidChangeTreeData: vscode.Event<unknown> };
  view: vscode.TreeView<Node>;
  statusBarItem: vscode.StatusBarItem;
  whatIf: {
    provider: vscode.TreeDataProvider<Node>;
    view: vscode.TreeView<Node>;
    last(): { result: { disruption: { kind: string; node?: string } } } | undefined;
  };
}

/** The colour the adapter gives each health (client/src/cluster/view.ts). */
const COLOUR: Record<Health, string> = {
  green: 'testing.iconPassed',
  yellow: 'list.warningForeground',
  red: 'list.errorForeground',
  grey: 'disabledForeground',
};

/** The initial endpoints of web (scripts/e2e/cluster.mjs seeds the same). */
export const WEB: EndpointSpec[] = [
  { ip: '10.244.1.10', pod: 'web-7d4b9-x2k8p', node: 'node-a1', zone: 'eu-west-1a' },
  { ip: '10.244.2.11', pod: 'web-7d4b9-q9w3z', node: 'node-b1', zone: 'eu-west-1b' },
  { ip: '10.244.3.12', pod: 'web-7d4b9-m4n7c', node: 'node-c1', zone: 'eu-west-1c' },
];
export const PGBOUNCER: EndpointSpec[] = [
  { ip: '10.244.1.30', pod: 'pgbouncer-6f7d8-k1l2m', node: 'node-a1', zone: 'eu-west-1a' },
  { ip: '10.244.3.31', pod: 'pgbouncer-6f7d8-n3o4p', node: 'node-c1', zone: 'eu-west-1c' },
];

/** The initial state: label → [description, health]. The description says whether the Service
 *  survives losing any one node and any one zone (node-a1/a2 are in eu-west-1a, b1 in 1b, c1 in 1c). */
export const SURVIVES = 'survives 1 node · 1 zone';
export const INITIAL: Record<string, [string, Health]> = {
  api: [`2/2 ready · ${SURVIVES}`, 'green'],
  'payments-gateway': ['1/1 ready', 'grey'],
  pgbouncer: [`2/2 ready · ${SURVIVES}`, 'green'],
  postgres: ['1/1 ready · not 1 node · not 1 zone: node-b1 holds 1 of 1 ready', 'yellow'],
  rabbitmq: [`3/3 ready · ${SURVIVES}`, 'green'],
  'rabbitmq-management': [`3/3 ready · ${SURVIVES}`, 'green'],
  web: [`3/3 ready · ${SURVIVES}`, 'green'],
};

/** Sends one operation to the driver's control endpoint of the simulated cluster. */
export function clusterOp(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const url = process.env[CLUSTER_ENV];
  if (!url)
    throw new Error(
      `${CLUSTER_ENV} is not set: this suite needs the simulated cluster the driver (scripts/e2e/run.mjs) starts`,
    );
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
        timeout: 15_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => {
          const out = JSON.parse(text || '{}') as Record<string, unknown>;
          if (res.statusCode !== 200)
            reject(new Error(`cluster control ${body.op}: ${res.statusCode} ${String(out.error ?? text)}`));
          else resolve(out);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`cluster control ${body.op}: no answer within 15 s`)));
    req.on('error', reject);
    req.end(data);
  });
}

/** The extension's cluster tree; set by connectClusterTree(). */
export let api: ClusterTreeApi;

export const children = async (n?: Node): Promise<Node[]> => ((await api.provider.getChildren(n)) ?? []) as Node[];

/**
 * Re-evaluates `probe` on every change event of the tree (plus a 1 s poll, in case a change landed
 * before we subscribed) until it returns something other than undefined; fails after timeoutMs
 * with the last state `describe` reports.
 */
export function waitForTree<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  describe: () => Promise<string>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let running = false;
    let again = false;
    const finish = (err?: Error, v?: T) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(poll);
      sub.dispose();
      if (err) reject(err);
      else resolve(v as T);
    };
    const check = async () => {
      if (done) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const v = await probe();
          if (v !== undefined) return finish(undefined, v);
        } while (again && !done);
      } catch (e) {
        finish(e instanceof Error ? e : new Error(String(e)));
      } finally {
        running = false;
      }
    };
    const timer = setTimeout(() => {
      void describe().then(
        (s) => finish(new Error(`timed out after ${timeoutMs} ms; last seen: ${s}`)),
        (e: unknown) => finish(new Error(`timed out after ${timeoutMs} ms (${String(e)})`)),
      );
    }, timeoutMs);
    const poll = setInterval(() => void check(), 1000);
    const sub = api.provider.onDidChangeTreeData(() => void check());
    void check();
  });
}

export async function contextNode(): Promise<Node | undefined> {
  return (await children()).find((n) => n.kind === 'context' && n.label === CONTEXT);
}

export async function namespaceNode(): Promise<Node | undefined> {
  const ctx = await contextNode();
  return ctx && (await children(ctx)).find((n) => n.kind === 'namespace' && n.label === NS);
}

export async function sectionNode(which: 'Services' | 'Workloads'): Promise<Node | undefined> {
  const ns = await namespaceNode();
  return ns && (await children(ns)).find((n) => n.kind === 'section' && n.label === which);
}

export async function servicesRows(): Promise<Node[]> {
  const sec = await sectionNode('Services');
  return sec ? children(sec) : [];
}

export const show = (rows: Node[]) =>
  rows
    .map((n) => `${n.kind}:${n.label}${n.description ? ` (${n.description})` : ''}${n.health ? ` [${n.health}]` : ''}`)
    .join(', ') || 'nothing';

/** Waits until the Services of storefront are listed and `ok` holds for them. */
export function waitForServices(ok: (rows: Node[]) => boolean, timeoutMs = 30_000): Promise<Node[]> {
  return waitForTree(
    async () => {
      const rows = await servicesRows();
      return rows.length && ok(rows) ? rows : undefined;
    },
    timeoutMs,
    async () => `Services of ${NS}: ${show(await servicesRows())}; status bar "${api.statusBarItem.text}"`,
  );
}

export const service = (rows: Node[], name: string) => rows.find((n) => n.kind === 'service' && n.label === name);
export const is = (rows: Node[], name: string, description: string, health: Health) => {
  const s = service(rows, name);
  return !!s && s.description === description && s.health === health;
};
export const allInitial = (rows: Node[]) => Object.entries(INITIAL).every(([name, [d, h]]) => is(rows, name, d, h));

export function assertColour(n: Node, health: Health): void {
  const item = api.provider.getTreeItem(n) as vscode.TreeItem;
  const icon = item.iconPath as vscode.ThemeIcon | undefined;
  assert.ok(icon instanceof vscode.ThemeIcon, `${n.label}: no theme icon`);
  assert.strictEqual(
    icon.color?.id,
    COLOUR[health],
    `${n.label}: icon colour ${icon.color?.id}, expected ${COLOUR[health]} (${health})`,
  );
}

/** Status bar text: "$(icon) <context>[ · <worst health>]". */
function statusIs(health: Health | undefined): boolean {
  const t = api.statusBarItem.text;
  return t.includes(CONTEXT) && (health ? t.endsWith(` · ${health}`) : !/ · (green|yellow|red|grey)$/.test(t));
}

export async function waitForStatus(health: Health | undefined, timeoutMs = 30_000): Promise<void> {
  await waitForTree(
    async () => (statusIs(health) ? true : undefined),
    timeoutMs,
    async () => `status bar "${api.statusBarItem.text}", expected ${CONTEXT}${health ? ` · ${health}` : ''}`,
  );
}

/** The error item in the Services section (after a fault), with its retry command. */
export function waitForServicesError(kind: string, timeoutMs = 30_000): Promise<Node> {
  return waitForTree(
    async () => (await servicesRows()).find((n) => n.kind === 'error' && n.errorKind === kind),
    timeoutMs,
    async () => `Services of ${NS}: ${show(await servicesRows())}`,
  );
}

/**
 * Expands `find()`'s node in the workbench (TreeView.reveal). The workbench renders the tree
 * asynchronously after the view is shown or changed, and reveal fails with "Tree element not found"
 * until the parent row exists: try again on each tree change (and every second) for up to 30 s.
 */
export async function expand(find: () => Promise<Node | undefined>, opts: { select?: boolean } = {}): Promise<Node> {
  let lastError = '';
  return waitForTree(
    async () => {
      const n = await find();
      if (!n) return undefined;
      try {
        await api.view.reveal(n, { expand: true, focus: false, select: opts.select ?? false });
        return n;
      } catch (e) {
        lastError = e instanceof Error ? e.message : String(e);
        return undefined;
      }
    },
    30_000,
    async () => `reveal failed: ${lastError || 'node not found'}`,
  );
}

export async function retryFrom(err: Node): Promise<void> {
  assert.ok(err.command, `the error item "${err.label}" has no command`);
  assert.strictEqual(err.command.title, 'Retry');
  await vscode.commands.executeCommand(err.command.command, ...err.command.arguments);
}

/** Activates the extension, checks the simulated cluster answers and shows the view; once per run. */
async function connectClusterTree(): Promise<void> {
  if (api) return;
  const ext = vscode.extensions.getExtension<{ clusterTree?: Promise<ClusterTreeApi> }>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const returned = await ext.activate();
  assert.ok(returned?.clusterTree, 'the extension does not return clusterTree from activate()');
  api = await returned.clusterTree; // the cluster view's bundle loads after activation
  assert.ok(process.env.KUBECONFIG, 'KUBECONFIG is not set in the extension host (the driver passes it)');
  await clusterOp({ op: 'state' }); // the control endpoint answers
  // Show the view, as a person clicking the "Kubernetes HA" activity bar entry.
  await vscode.commands.executeCommand('kubeHa.clusterView.focus');
}

/** The cluster suites' describe: each may run alone (--grep), so each connects first. */
export function describeClusterTree(tests: () => void): void {
  describe('cluster tree (Kubernetes HA view) against the test API server', function () {
    before(async function () {
      this.timeout(60_000);
      await connectClusterTree();
    });
    tests();
  });
}
