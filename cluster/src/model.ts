// The live cluster model the tree view and the CLI share: one context at a time, informers per
// watched namespace (started on demand, stopped on unwatch or context change), health computed
// by the pure model in health.ts, and change notifications coalesced per tick.
import { ClusterError } from './errors';
import { worstHealth, type Health } from './health';
import { startInformer, type Backoff, type Informer, type KubeItem } from './informer';
import {
  forContext,
  loadKubeconfig,
  type ContextInfo,
  type KubeconfigSource,
  type LoadedKubeconfig,
} from './kubeconfig';
import { createTransport, type Transport } from './transport';
import { nodeInfo, type NodeInfo } from './disruption';
import {
  clusterWideState,
  cmp,
  collectionPath,
  loadingView,
  namespaceView,
  RESOURCES,
  type NamespaceView,
  type Section,
  type SectionState,
  type Watched,
  whatIfInputOf,
} from './namespace-view';
import type { WhatIfInput } from './whatif';

export interface ClusterModelOptions {
  source: KubeconfigSource;
  /** Untrusted workspace: never run exec/auth-provider credential plugins. */
  untrusted?: boolean;
  /** Context to start with; the kubeconfig's current-context otherwise. */
  context?: string;
  timeoutMs?: number;
  watchTimeoutSeconds?: number;
  backoff?: Backoff;
  log?: (line: string) => void;
}

export interface ClusterModel {
  /** Contexts of the kubeconfig, or the error that prevented loading it. */
  contexts(): ContextInfo[];
  configError(): ClusterError | undefined;
  context(): string | undefined;
  server(): string | undefined;
  setContext(name: string): void;
  /** Rereads the kubeconfig (keeps the selected context if it still exists) and stops all watches. */
  reload(): void;
  /** One list of the namespaces, with a timeout; rejects with a ClusterError. */
  listNamespaces(): Promise<string[]>;
  /** Live namespace names of the current context (an informer, started on first call, stopped on
   *  context change); resolves once the first list succeeded or failed. */
  namespaces(waitMs?: number): Promise<{ state: SectionState; names: string[] }>;
  /** Starts informers for a namespace ('' = all namespaces); idempotent. */
  watchNamespace(ns: string, sections?: readonly Section[]): void;
  unwatchNamespace(ns: string): void;
  watched(): string[];
  view(ns: string): NamespaceView | undefined;
  /** Skips the backoff wait of every informer (of one namespace, when given). */
  retry(ns?: string): void;
  worstHealth(): Health | undefined;
  onDidChange(listener: (ns: string | undefined) => void): () => void;
  /** Resolves once every section of the namespace is ready or one has failed. */
  whenSettled(ns: string, timeoutMs: number): Promise<NamespaceView>;
  /** The cluster's Nodes (an informer started by watching a namespace's pdbs, or by this call). */
  nodes(): { state: SectionState; items: NodeInfo[] };
  watchNodes(): void;
  /** Stops the Nodes' informer unless a watched namespace's what-if answers need it. */
  releaseNodes(): void;
  /** Resolves once the Nodes were listed or the list failed. */
  whenNodesSettled(timeoutMs: number): Promise<{ state: SectionState; items: NodeInfo[] }>;
  /** The what-if model's input from the watched namespaces (all when absent) and the Nodes. */
  whatIfInput(namespaces?: readonly string[]): WhatIfInput;
  dispose(): void;
}

export function createClusterModel(opts: ClusterModelOptions): ClusterModel {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const watchTimeoutSeconds = opts.watchTimeoutSeconds ?? 300;
  const backoff = opts.backoff ?? { initialMs: 500, maxMs: 30_000 };
  const log = opts.log ?? (() => undefined);
  let loaded: LoadedKubeconfig | undefined;
  let configError: ClusterError | undefined;
  let selected: string | undefined = opts.context;
  let transport: Transport | ClusterError | undefined;
  const watched = new Map<string, Watched>();
  const listeners = new Set<(ns: string | undefined) => void>();
  const pending = new Set<string | undefined>();
  let flushScheduled = false;

  function notify(ns: string | undefined): void {
    pending.add(ns);
    if (flushScheduled) return;
    flushScheduled = true;
    // Coalesce bursts (a relist delivers every object) into one notification per namespace.
    setImmediate(() => {
      flushScheduled = false;
      const all = [...pending];
      pending.clear();
      for (const n of all) for (const l of [...listeners]) l(n);
    });
  }

  function load(): void {
    try {
      loaded = loadKubeconfig(opts.source);
      configError = undefined;
      if (selected && !loaded.contexts.some((c) => c.name === selected)) selected = undefined;
      selected ??= loaded.currentContext;
    } catch (e) {
      loaded = undefined;
      configError = e instanceof ClusterError ? e : new ClusterError('config', String(e));
    }
    transport = undefined;
  }

  function getTransport(): Transport {
    if (configError) throw configError;
    if (!transport) {
      try {
        const c = forContext(loaded!, selected, !!opts.untrusted);
        transport = createTransport(c.kc, c.server, c.context);
      } catch (e) {
        transport = e instanceof ClusterError ? e : new ClusterError('config', String(e));
      }
    }
    if (transport instanceof ClusterError) throw transport;
    return transport;
  }

  function recompute(ns: string): void {
    const w = watched.get(ns);
    if (!w) return;
    w.view = namespaceView(ns, w);
    notify(ns);
  }

  /** A cluster-wide list+watch (Namespaces, Nodes): its informer, or why it could not start. */
  function startClusterWide(path: string): { informer?: Informer; failed?: ClusterError } {
    const onChange = () => notify(undefined);
    try {
      const informer = startInformer({
        transport: getTransport(),
        path,
        timeoutMs,
        watchTimeoutSeconds,
        backoff,
        onChange,
        onState: onChange,
        log,
      });
      return { informer };
    } catch (e) {
      return { failed: e instanceof ClusterError ? e : new ClusterError('config', String(e)) };
    }
  }

  let nsInformer: Informer | undefined;
  let nsFailed: ClusterError | undefined;

  function nsSnapshot(): { state: SectionState; names: string[] } {
    const names = (nsInformer?.items() ?? [])
      .map((n) => n.metadata?.name ?? '')
      .filter(Boolean)
      .sort();
    return { state: clusterWideState(nsInformer, nsFailed), names };
  }

  let nodeInformer: Informer | undefined;
  let nodeFailed: ClusterError | undefined;

  function nodesSnapshot(): { state: SectionState; items: NodeInfo[] } {
    const items = (nodeInformer?.items() ?? []).map((n) => nodeInfo(n)).sort((a, b) => cmp(a.name, b.name));
    return { state: clusterWideState(nodeInformer, nodeFailed), items };
  }

  function stopNodes(): void {
    nodeInformer?.stop();
    nodeInformer = undefined;
    nodeFailed = undefined;
  }

  function stopAll(): void {
    for (const w of watched.values()) for (const inf of w.informers.values()) inf.stop();
    watched.clear();
    nsInformer?.stop();
    nsInformer = undefined;
    nsFailed = undefined;
    stopNodes();
  }

  load();

  const model: ClusterModel = {
    contexts: () => (loaded?.contexts ?? []).map((c) => ({ ...c, current: c.name === selected })),
    configError: () => configError,
    context: () => selected,
    server: () =>
      transport && !(transport instanceof ClusterError)
        ? transport.server
        : loaded?.contexts.find((c) => c.name === selected)?.server,
    setContext(name) {
      if (name === selected) return;
      stopAll();
      selected = name;
      transport = undefined;
      notify(undefined);
    },
    reload() {
      stopAll();
      load();
      notify(undefined);
    },
    async listNamespaces() {
      const t = getTransport();
      const list = await t.getJson<{ items?: KubeItem[] }>('/api/v1/namespaces', {}, { timeoutMs });
      return (list.items ?? [])
        .map((n) => n.metadata?.name ?? '')
        .filter(Boolean)
        .sort();
    },
    namespaces(waitMs = timeoutMs + 1000) {
      if (!nsInformer && !nsFailed)
        ({ informer: nsInformer, failed: nsFailed } = startClusterWide('/api/v1/namespaces'));
      return new Promise((resolve) => {
        const settled = () => nsSnapshot().state.phase !== 'loading';
        if (settled()) {
          resolve(nsSnapshot());
          return;
        }
        const off = model.onDidChange(() => {
          if (settled()) {
            done();
          }
        });
        const timer = setTimeout(done, waitMs);
        function done() {
          off();
          clearTimeout(timer);
          resolve(nsSnapshot());
        }
      });
    },
    watchNamespace(ns, sections = ['services', 'workloads']) {
      if (watched.has(ns)) return;
      const w: Watched = { sections, informers: new Map(), view: loadingView(ns) };
      watched.set(ns, w);
      let t: Transport;
      try {
        t = getTransport();
      } catch (e) {
        w.failed = e as ClusterError;
        recompute(ns);
        return;
      }
      for (const r of RESOURCES.filter((x) => sections.includes(x.section))) {
        w.informers.set(
          r.key,
          startInformer({
            transport: t,
            path: collectionPath(r.prefix, r.plural, ns),
            timeoutMs,
            watchTimeoutSeconds,
            backoff,
            onChange: () => recompute(ns),
            onState: () => recompute(ns),
            log,
            ...(r.transform ? { transform: r.transform } : {}),
          }),
        );
      }
      if (sections.includes('pdbs')) model.watchNodes();
      recompute(ns);
    },
    unwatchNamespace(ns) {
      const w = watched.get(ns);
      if (!w) return;
      for (const inf of w.informers.values()) inf.stop();
      watched.delete(ns);
      model.releaseNodes();
      notify(ns);
    },
    watched: () => [...watched.keys()],
    view: (ns) => watched.get(ns)?.view,
    retry(ns) {
      if (ns === undefined) {
        if (nsFailed) nsFailed = undefined;
        nsInformer?.retryNow();
      }
      if (nodeFailed) {
        nodeFailed = undefined;
        model.watchNodes();
      }
      nodeInformer?.retryNow();
      // Over a copy: a failed namespace is deleted and re-added below, and a Map's iterator
      // visits re-added keys — iterating `watched` itself never ended (a hung extension host).
      for (const [n, w] of [...watched]) {
        if (ns !== undefined && n !== ns) continue;
        if (w.failed) {
          // A failure before any informer started (config): start over.
          const sections = w.sections;
          watched.delete(n);
          transport = undefined;
          model.watchNamespace(n, sections);
        } else {
          for (const inf of w.informers.values()) inf.retryNow();
        }
      }
    },
    worstHealth: () => worstHealth([...watched.values()].flatMap((w) => w.view.services.items.map((s) => s.health))),
    onDidChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    whenSettled(ns, waitMs) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const w = watched.get(ns);
          if (!w) {
            done();
            reject(new ClusterError('config', `namespace ${ns} is not watched`));
            return true;
          }
          const states = w.sections.map((s) => w.view[s].state);
          const failed = states.find((s) => s.phase === 'error');
          if (failed || states.every((s) => s.phase === 'ready')) {
            done();
            resolve(w.view);
            return true;
          }
          return false;
        };
        const off = model.onDidChange((n) => {
          if (n === ns || n === undefined) check();
        });
        const timer = setTimeout(() => {
          done();
          reject(new ClusterError('timeout', `cluster did not answer within ${waitMs / 1000}s`));
        }, waitMs);
        function done() {
          off();
          clearTimeout(timer);
        }
        check();
      });
    },
    nodes: nodesSnapshot,
    watchNodes() {
      if (nodeInformer || nodeFailed) return;
      ({ informer: nodeInformer, failed: nodeFailed } = startClusterWide('/api/v1/nodes'));
      notify(undefined);
    },
    releaseNodes() {
      // The Nodes are watched for the namespaces' what-if answers: not for none.
      if (![...watched.values()].some((x) => x.sections.includes('pdbs'))) stopNodes();
    },
    whenNodesSettled(waitMs) {
      model.watchNodes();
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (nodesSnapshot().state.phase === 'loading') return false;
          done();
          resolve(nodesSnapshot());
          return true;
        };
        const off = model.onDidChange(() => {
          check();
        });
        const timer = setTimeout(() => {
          done();
          reject(new ClusterError('timeout', `the cluster did not list its nodes within ${waitMs / 1000}s`));
        }, waitMs);
        function done() {
          off();
          clearTimeout(timer);
        }
        check();
      });
    },
    whatIfInput(namespaces) {
      // All namespaces ('') already hold every other watched namespace's objects.
      const names = namespaces ?? [...watched.keys()];
      const views = (names.includes('') ? [''] : names)
        .map((n) => watched.get(n)?.view)
        .filter((v): v is NamespaceView => !!v);
      return whatIfInputOf(views, nodesSnapshot().items);
    },
    dispose() {
      stopAll();
      listeners.clear();
    },
  };
  return model;
}
