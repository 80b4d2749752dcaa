// Scenario: the "Kubernetes HA" cluster tree in a real VS Code against the project's test
// Kubernetes API server. The driver (scripts/e2e/cluster.mjs) starts it seeded with known state,
// passes KUBECONFIG to the extension host and a loopback control endpoint (KUBE_HA_E2E_CLUSTER)
// through which this suite changes the cluster: an endpoint turns unready, a 500, a stop, recovery.
// The tree is read through the extension's own TreeDataProvider (activate() returns it for tests)
// and expanded in the workbench with TreeView.reveal, so the screenshots show it.
import * as assert from 'assert';
import * as http from 'http';
import * as vscode from 'vscode';
import { checkpoint, EXTENSION_ID, workspaceRoot } from './harness';

const CONTEXT = 'kube-ha-e2e';
const NS = 'storefront';
const CLUSTER_ENV = 'KUBE_HA_E2E_CLUSTER';

type Health = 'green' | 'yellow' | 'red' | 'grey';

/** The fields of cluster/src/tree's TreeNode this suite reads (kept local: the suite only sees the extension's exports). */
interface Node {
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

interface EndpointSpec {
  ip: string;
  pod: string;
  node?: string;
  zone?: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

/** The initial endpoints of web (scripts/e2e/cluster.mjs seeds the same). */
const WEB: EndpointSpec[] = [
  { ip: '10.244.1.10', pod: 'web-7d4b9-x2k8p', node: 'node-a1', zone: 'eu-west-1a' },
  { ip: '10.244.2.11', pod: 'web-7d4b9-q9w3z', node: 'node-b1', zone: 'eu-west-1b' },
  { ip: '10.244.3.12', pod: 'web-7d4b9-m4n7c', node: 'node-c1', zone: 'eu-west-1c' },
];
const PGBOUNCER: EndpointSpec[] = [
  { ip: '10.244.1.30', pod: 'pgbouncer-6f7d8-k1l2m', node: 'node-a1', zone: 'eu-west-1a' },
  { ip: '10.244.3.31', pod: 'pgbouncer-6f7d8-n3o4p', node: 'node-c1', zone: 'eu-west-1c' },
];

/** The initial state: label → [description, health]. The description says whether the Service
 *  survives losing any one node and any one zone (node-a1/a2 are in eu-west-1a, b1 in 1b, c1 in 1c). */
const SURVIVES = 'survives 1 node · 1 zone';
const INITIAL: Record<string, [string, Health]> = {
  api: [`2/2 ready · ${SURVIVES}`, 'green'],
  'payments-gateway': ['1/1 ready', 'grey'],
  pgbouncer: [`2/2 ready · ${SURVIVES}`, 'green'],
  postgres: ['1/1 ready · not 1 node · not 1 zone: node-b1 holds 1 of 1 ready', 'yellow'],
  rabbitmq: [`3/3 ready · ${SURVIVES}`, 'green'],
  'rabbitmq-management': [`3/3 ready · ${SURVIVES}`, 'green'],
  web: [`3/3 ready · ${SURVIVES}`, 'green'],
};

/** Sends one operation to the driver's control endpoint of the simulated cluster. */
function clusterOp(body: Record<string, unknown>): Promise<Record<string, unknown>> {
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

let api: ClusterTreeApi;

const children = async (n?: Node): Promise<Node[]> => ((await api.provider.getChildren(n)) ?? []) as Node[];

/**
 * Re-evaluates `probe` on every change event of the tree (plus a 1 s poll, in case a change landed
 * before we subscribed) until it returns something other than undefined; fails after timeoutMs
 * with the last state `describe` reports.
 */
function waitForTree<T>(
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

async function contextNode(): Promise<Node | undefined> {
  return (await children()).find((n) => n.kind === 'context' && n.label === CONTEXT);
}

async function namespaceNode(): Promise<Node | undefined> {
  const ctx = await contextNode();
  return ctx && (await children(ctx)).find((n) => n.kind === 'namespace' && n.label === NS);
}

async function sectionNode(which: 'Services' | 'Workloads'): Promise<Node | undefined> {
  const ns = await namespaceNode();
  return ns && (await children(ns)).find((n) => n.kind === 'section' && n.label === which);
}

async function servicesRows(): Promise<Node[]> {
  const sec = await sectionNode('Services');
  return sec ? children(sec) : [];
}

const show = (rows: Node[]) =>
  rows
    .map((n) => `${n.kind}:${n.label}${n.description ? ` (${n.description})` : ''}${n.health ? ` [${n.health}]` : ''}`)
    .join(', ') || 'nothing';

/** Waits until the Services of storefront are listed and `ok` holds for them. */
function waitForServices(ok: (rows: Node[]) => boolean, timeoutMs = 30_000): Promise<Node[]> {
  return waitForTree(
    async () => {
      const rows = await servicesRows();
      return rows.length && ok(rows) ? rows : undefined;
    },
    timeoutMs,
    async () => `Services of ${NS}: ${show(await servicesRows())}; status bar "${api.statusBarItem.text}"`,
  );
}

const service = (rows: Node[], name: string) => rows.find((n) => n.kind === 'service' && n.label === name);
const is = (rows: Node[], name: string, description: string, health: Health) => {
  const s = service(rows, name);
  return !!s && s.description === description && s.health === health;
};
const allInitial = (rows: Node[]) => Object.entries(INITIAL).every(([name, [d, h]]) => is(rows, name, d, h));

function assertColour(n: Node, health: Health): void {
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

async function waitForStatus(health: Health | undefined, timeoutMs = 30_000): Promise<void> {
  await waitForTree(
    async () => (statusIs(health) ? true : undefined),
    timeoutMs,
    async () => `status bar "${api.statusBarItem.text}", expected ${CONTEXT}${health ? ` · ${health}` : ''}`,
  );
}

/** The error item in the Services section (after a fault), with its retry command. */
function waitForServicesError(kind: string, timeoutMs = 30_000): Promise<Node> {
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
async function expand(find: () => Promise<Node | undefined>, opts: { select?: boolean } = {}): Promise<Node> {
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

async function retryFrom(err: Node): Promise<void> {
  assert.ok(err.command, `the error item "${err.label}" has no command`);
  assert.strictEqual(err.command.title, 'Retry');
  await vscode.commands.executeCommand(err.command.command, ...err.command.arguments);
}

describe('cluster tree (Kubernetes HA view) against the test API server', function () {
  before(async function () {
    this.timeout(60_000);
    const ext = vscode.extensions.getExtension<{ clusterTree?: Promise<ClusterTreeApi> }>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    const exports = await ext.activate();
    assert.ok(exports?.clusterTree, 'the extension does not return clusterTree from activate()');
    api = await exports.clusterTree; // the cluster view's bundle loads after activation
    assert.ok(process.env.KUBECONFIG, 'KUBECONFIG is not set in the extension host (the driver passes it)');
    await clusterOp({ op: 'state' }); // the control endpoint answers
    // Show the view, as a person clicking the "Kubernetes HA" activity bar entry.
    await vscode.commands.executeCommand('kubeHa.clusterView.focus');
  });

  it('shows the context, storefront and its Services with endpoint health and colours; the status bar shows context and worst health', async function () {
    this.timeout(90_000);
    const ctx = await waitForTree(contextNode, 30_000, async () => show(await children()));
    assert.match(ctx.description ?? '', /^current/, 'the kubeconfig context is marked current');
    await expand(contextNode);
    await expand(namespaceNode);

    const rows = await waitForServices(allInitial);
    for (const [name, [, h]] of Object.entries(INITIAL)) assertColour(service(rows, name)!, h);
    assert.deepStrictEqual(
      rows.map((n) => n.label),
      Object.keys(INITIAL).sort(),
      'one item per Service, sorted',
    );

    // web's endpoints: address, pod, node, zone.
    const web = await expand(async () => service(await servicesRows(), 'web'));
    const eps = await children(web);
    assert.deepStrictEqual(
      eps.map((e) => e.label),
      WEB.map((e) => e.ip),
    );
    assert.deepStrictEqual(
      eps.map((e) => e.description),
      WEB.map((e) => `${e.pod} · ${e.node} · ${e.zone}`),
    );

    // Workloads with ready/desired.
    const wl = await waitForTree(
      async () => {
        const sec = await sectionNode('Workloads');
        const k = sec ? await children(sec) : [];
        return k.some((n) => n.kind === 'workload') ? k : undefined;
      },
      30_000,
      async () => 'no workloads',
    );
    const wweb = wl.find((n) => n.label === 'web');
    assert.strictEqual(wweb?.description, 'Deployment · 3/3 ready');
    assert.strictEqual(wweb?.health, 'green');

    await waitForStatus('yellow'); // postgres: a single endpoint
    assert.ok(api.statusBarItem.text.startsWith('$(warning)'), `status bar icon: ${api.statusBarItem.text}`);
  });

  it('an endpoint turning unready turns its Service yellow; none ready turns it red; recovery turns them green', async function () {
    this.timeout(90_000);
    await clusterOp({
      op: 'endpoints',
      namespace: NS,
      service: 'web',
      endpoints: WEB.map((e, i) => (i === 2 ? { ...e, ready: false, serving: false } : e)),
    });
    let rows = await waitForServices((r) => is(r, 'web', `2/3 ready · ${SURVIVES}`, 'yellow'));
    assertColour(service(rows, 'web')!, 'yellow');
    await waitForStatus('yellow');

    await clusterOp({
      op: 'endpoints',
      namespace: NS,
      service: 'pgbouncer',
      endpoints: PGBOUNCER.map((e) => ({ ...e, ready: false, serving: false })),
    });
    rows = await waitForServices((r) => is(r, 'pgbouncer', '0/2 ready', 'red'));
    assertColour(service(rows, 'pgbouncer')!, 'red');
    await waitForStatus('red');
    assert.ok(api.statusBarItem.text.startsWith('$(error)'), `status bar icon: ${api.statusBarItem.text}`);
    // A picture of every colour at once (for docs/images/cluster-tree.png), without the Problems
    // panel and with a wider side bar so the descriptions fit.
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('kubeHa.clusterView.focus');
    for (let i = 0; i < 4; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
    await checkpoint('cluster-tree-every-colour', 20_000, {
      problems: false,
      waitForRow: '7 · worst red',
      rowLevel: 3,
    });

    await clusterOp({ op: 'endpoints', namespace: NS, service: 'web', endpoints: WEB });
    await clusterOp({ op: 'endpoints', namespace: NS, service: 'pgbouncer', endpoints: PGBOUNCER });
    rows = await waitForServices(allInitial);
    assertColour(service(rows, 'web')!, 'green');
    await waitForStatus('yellow');
  });

  it('a 500 from the API server becomes an error item with Retry; after recovery, Retry brings the items back', async function () {
    this.timeout(90_000);
    await clusterOp({ op: 'fail', status: 500 }); // and cuts the open watches
    // The screenshot waits until the workbench shows an error row under storefront (Services or
    // Workloads). Not checked: that the Services rows are gone from the rendering — seen stale
    // there for 15 s+ while the provider already returned the error item (reported).
    try {
      const err = await waitForServicesError('server');
      assert.strictEqual(err.label, 'API server error');
      await checkpoint('cluster-tree-error-500', 20_000, {
        problems: false,
        waitForRow: 'API server error',
        rowLevel: 4,
      });
      await clusterOp({ op: 'clearFaults' });
      await retryFrom(err);
    } finally {
      await clusterOp({ op: 'clearFaults' });
    }
    await waitForServices(allInitial);
  });

  it('the API server stopping shows "Cluster unreachable"; when it is back, Retry brings the items back', async function () {
    this.timeout(90_000);
    await clusterOp({ op: 'stop' });
    try {
      const err = await waitForServicesError('unreachable');
      assert.strictEqual(err.label, 'Cluster unreachable');
      await checkpoint('cluster-tree-unreachable', 20_000, {
        problems: false,
        waitForRow: 'Cluster unreachable',
        rowLevel: 4,
      });
      await clusterOp({ op: 'start' });
      await retryFrom(err);
    } finally {
      await clusterOp({ op: 'start' });
    }
    await waitForServices(allInitial);
    // Live again: a change after the restart still reaches the tree through the new watch.
    await clusterOp({
      op: 'endpoints',
      namespace: NS,
      service: 'api',
      endpoints: [
        { ip: '10.244.1.20', pod: 'api-5c8f6-abcde', node: 'node-a2', zone: 'eu-west-1a' },
        { ip: '10.244.2.21', pod: 'api-5c8f6-fghij', node: 'node-b1', zone: 'eu-west-1b', ready: false },
      ],
    });
    await waitForServices((r) =>
      is(r, 'api', '1/2 ready · not 1 node · not 1 zone: node-a2 holds 1 of 1 ready', 'yellow'),
    );
    await clusterOp({
      op: 'endpoints',
      namespace: NS,
      service: 'api',
      endpoints: [
        { ip: '10.244.1.20', pod: 'api-5c8f6-abcde', node: 'node-a2', zone: 'eu-west-1a' },
        { ip: '10.244.2.21', pod: 'api-5c8f6-fghij', node: 'node-b1', zone: 'eu-west-1b' },
      ],
    });
    await waitForServices(allInitial);
  });

  it('"Open manifest" on a Service opens the workspace file that defines it, at its definition', async function () {
    this.timeout(90_000);
    const web = service(await waitForServices(allInitial), 'web')!;
    const target = vscode.Uri.joinPath(workspaceRoot(), 'web.yaml').fsPath;
    // The language server answers from its workspace index, which may still be filling at startup:
    // ask again (once a second) until an editor on web.yaml opens.
    const deadline = Date.now() + 60_000;
    let editor: vscode.TextEditor | undefined;
    while (!editor) {
      await vscode.commands.executeCommand('kubeHa.cluster.openManifest', web);
      const active = vscode.window.activeTextEditor;
      if (active?.document.uri.fsPath === target) editor = active;
      else if (Date.now() > deadline)
        assert.fail(
          `Open manifest did not open ${target} within 60 s (active: ${active?.document.uri.fsPath ?? 'none'})`,
        );
      else
        await new Promise<void>((r) => {
          const d = vscode.window.onDidChangeActiveTextEditor(() => {
            d.dispose();
            clearTimeout(t);
            r();
          });
          const t = setTimeout(() => {
            d.dispose();
            r();
          }, 1000);
        });
    }
    const doc = editor.document;
    const sel = editor.selection.start.line;
    // The selection lies in the YAML document that defines Service storefront/web.
    let start = sel;
    while (start > 0 && !/^---/.test(doc.lineAt(start).text)) start--;
    let end = sel;
    while (end < doc.lineCount - 1 && !/^---/.test(doc.lineAt(end + 1).text)) end++;
    const text = doc.getText(new vscode.Range(start, 0, end, doc.lineAt(end).text.length));
    assert.match(
      text,
      /^kind:\s*Service\s*$/m,
      `the selection (line ${sel + 1}) is not in a Service document:\n${text}`,
    );
    assert.match(text, /^\s+name:\s*web\s*$/m);
    assert.match(text, /^\s+namespace:\s*storefront\s*$/m);
  });

  it("the language server shows the live health of an open manifest's Service (info diagnostic)", async function () {
    this.timeout(60_000);
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'web.yaml');
    await vscode.window.showTextDocument(uri, { preview: false });
    const live = await new Promise<vscode.Diagnostic>((resolve, reject) => {
      const find = () =>
        vscode.languages
          .getDiagnostics(uri)
          .find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'live-health');
      const finish = (d?: vscode.Diagnostic, e?: Error) => {
        clearTimeout(t);
        sub.dispose();
        if (d) resolve(d);
        else reject(e);
      };
      const t = setTimeout(
        () =>
          finish(
            undefined,
            new Error(
              `no live-health diagnostic on web.yaml within 30 s; seen: ${vscode.languages
                .getDiagnostics(uri)
                .map((d) => d.code)
                .join(', ')}`,
            ),
          ),
        30_000,
      );
      const sub = vscode.languages.onDidChangeDiagnostics(() => {
        const d = find();
        if (d) finish(d);
      });
      const d = find();
      if (d) finish(d);
    });
    assert.strictEqual(live.severity, vscode.DiagnosticSeverity.Information);
    assert.match(live.message, new RegExp(`^Live in ${CONTEXT}: 3/3 endpoints ready`));
    assert.match((await vscode.workspace.openTextDocument(uri)).lineAt(live.range.start.line).text, /name:\s*web/);
  });

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
