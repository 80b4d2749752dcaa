// An informer: list, then watch from the list's resourceVersion, keeping a local copy of the
// objects. client-node 1.4.0's ListWatch gives up after any error other than 410, cannot ask for
// bookmarks or a server-side timeout and never notices a watch that went silent, so this loop
// does those itself on top of the same REST semantics:
//   410 Gone (status or ERROR event)  → relist at once (with backoff if it repeats)
//   watch ended by the server          → rewatch from the last resourceVersion, no relist
//   watch connection dropped           → rewatch after a short backoff, not reported as an error
//   any other error                    → reported, retried with exponential backoff + jitter
//   silent watch                       → cut at timeoutSeconds + grace, then rewatched
import { ClusterError } from './errors';
import { Aborted, StreamBroken, type Transport } from './transport';

export interface KubeItem {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  [k: string]: unknown;
}

export type InformerState = { phase: 'listing' } | { phase: 'synced' } | { phase: 'error'; error: ClusterError };

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export interface InformerOptions {
  transport: Transport;
  /** Collection path, e.g. /api/v1/namespaces/shop/services. */
  path: string;
  timeoutMs: number;
  /** Asked of the server for each watch; the watch is cut locally a little after it. */
  watchTimeoutSeconds: number;
  backoff: Backoff;
  onChange(): void;
  onState(s: InformerState): void;
  log?(line: string): void;
  /** What to keep of each object (a slim copy keeps memory bounded by what is needed). */
  transform?(o: KubeItem): KubeItem;
}

export interface Informer {
  items(): KubeItem[];
  state(): InformerState;
  /** Skips the current backoff wait. */
  retryNow(): void;
  stop(): void;
}

const keyOf = (o: KubeItem) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

export function nextBackoff(prev: number, b: Backoff, random: () => number = Math.random): number {
  const base = prev === 0 ? b.initialMs : Math.min(prev * 2, b.maxMs);
  // ±20 % jitter so many informers do not reconnect in lock-step after an outage.
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function startInformer(o: InformerOptions): Informer {
  const objects = new Map<string, KubeItem>();
  const stopCtl = new AbortController();
  let state: InformerState = { phase: 'listing' };
  let wake: (() => void) | undefined;
  const log = o.log ?? (() => undefined);

  const setState = (s: InformerState) => {
    const same =
      s.phase === state.phase &&
      (s.phase !== 'error' || (state.phase === 'error' && state.error.message === s.error.message));
    state = s;
    if (!same) o.onState(s);
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = undefined;
        stopCtl.signal.removeEventListener('abort', done);
        resolve();
      }
      wake = done;
      stopCtl.signal.addEventListener('abort', done, { once: true });
    });

  const keep = (it: KubeItem): KubeItem => (o.transform ? o.transform(it) : it);

  async function list(): Promise<string> {
    const res = await o.transport.getJson<{ metadata?: { resourceVersion?: string }; items?: KubeItem[] }>(
      o.path,
      {},
      { signal: stopCtl.signal, timeoutMs: o.timeoutMs },
    );
    objects.clear();
    for (const it of res.items ?? []) objects.set(keyOf(it), keep(it));
    o.onChange();
    return res.metadata?.resourceVersion ?? '';
  }

  async function run(): Promise<void> {
    let rv = '';
    let delay = 0;
    let gones = 0;
    while (!stopCtl.signal.aborted) {
      try {
        if (!rv) {
          rv = await list();
          setState({ phase: 'synced' });
        }
        const started = Date.now();
        const end = await o.transport.watch(
          o.path,
          {
            resourceVersion: rv,
            allowWatchBookmarks: 'true',
            timeoutSeconds: String(o.watchTimeoutSeconds),
          },
          {
            signal: stopCtl.signal,
            timeoutMs: o.timeoutMs,
            deadlineMs: o.watchTimeoutSeconds * 1000 + o.timeoutMs,
            // An accepted watch ends any outage: the next failure starts from the initial backoff.
            onOpen: () => {
              delay = 0;
              setState({ phase: 'synced' });
            },
            onEvent(type, object) {
              const item = object as KubeItem;
              if (type === 'ERROR') {
                const code = Number((object as { code?: unknown }).code);
                const message = String((object as { message?: unknown }).message ?? 'watch error');
                if (code === 410) throw new ClusterError('gone', message, 410);
                throw new ClusterError('server', `watch error ${code || ''}: ${message}`, code || undefined);
              }
              if (type === 'ADDED' || type === 'MODIFIED') objects.set(keyOf(item), keep(item));
              else if (type === 'DELETED') objects.delete(keyOf(item));
              if (item.metadata?.resourceVersion) rv = item.metadata.resourceVersion;
              if (type !== 'BOOKMARK') o.onChange();
            },
          },
        );
        setState({ phase: 'synced' });
        if (end.events > 0) gones = 0;
        if (end.cutAtDeadline) log(`watch ${o.path} silent until its deadline; rewatching`);
        // A server that closes watches at once must not make us spin.
        if (end.events === 0 && Date.now() - started < 1000) {
          delay = nextBackoff(delay, o.backoff);
          await sleep(delay);
        }
      } catch (e) {
        if (stopCtl.signal.aborted || e instanceof Aborted) return;
        if (e instanceof ClusterError && e.kind === 'gone') {
          log(`${o.path}: ${e.message}; relisting`);
          rv = '';
          if (++gones > 2) {
            delay = nextBackoff(delay, o.backoff);
            await sleep(delay);
          }
          continue;
        }
        if (e instanceof StreamBroken) {
          log(`watch ${o.path} dropped (${e.message}); rewatching from ${rv}`);
          delay = nextBackoff(delay, o.backoff);
          await sleep(delay);
          continue;
        }
        const err =
          e instanceof ClusterError ? e : new ClusterError('server', e instanceof Error ? e.message : String(e));
        delay = nextBackoff(delay, o.backoff);
        log(`${o.path}: ${err.message}; retrying in ${delay} ms`);
        setState({ phase: 'error', error: err });
        await sleep(delay);
      }
    }
  }

  void run();
  return {
    items: () => [...objects.values()],
    state: () => state,
    retryNow: () => wake?.(),
    stop: () => stopCtl.abort(),
  };
}
