// GET and watch against the API server. Credentials and TLS settings come from client-node's
// KubeConfig (applyToHTTPSOptions: CA, client certs, tokens, exec plugins, proxies); the request
// itself is node's http(s) so that every call has a hard timeout and a watch can be aborted even
// before its headers arrive (client-node 1.4.0's Watch can do neither).
import * as http from 'node:http';
import * as https from 'node:https';
import { KubeConfig, type User } from '@kubernetes/client-node';
import { ClusterError, classifyError, statusError } from './errors';
import { runExecPlugin, type ExecCredential } from './exec-credential';

/** One response body at most (a list page, an object, a watch line): more is refused, not read. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** All the pages of one list together. */
export const MAX_LIST_BYTES = 256 * 1024 * 1024;
/** Items asked for per list page (kubectl asks for 500). */
export const PAGE_LIMIT = 500;

export interface Transport {
  readonly server: string;
  readonly context: string;
  /** GET a JSON document; rejects with a ClusterError (kind 'timeout' after timeoutMs). */
  getJson<T = unknown>(
    path: string,
    query: Record<string, string>,
    o: { signal?: AbortSignal; timeoutMs: number },
  ): Promise<T>;
  /** Streams a watch: resolves when the server ends it (or at deadlineMs), rejects on errors. */
  watch(path: string, query: Record<string, string>, o: WatchOptions): Promise<WatchEnd>;
}

export interface WatchOptions {
  signal?: AbortSignal;
  /** Time allowed until the response headers. */
  timeoutMs: number;
  /** The watch is cut at this age even if the server keeps it open silently (a hung watch). */
  deadlineMs: number;
  onEvent(type: string, object: Record<string, unknown>): void;
  /** The server accepted the watch (200). */
  onOpen?(): void;
}

export interface WatchEnd {
  events: number;
  cutAtDeadline: boolean;
}

/** Marks an error as "the watch stream broke after it was established": reconnect, do not alarm. */
export class StreamBroken extends Error {}
/** Thrown when the caller aborted (stop): never shown. */
export class Aborted extends Error {}

export function createTransport(
  kc: KubeConfig,
  server: string,
  context: string,
  o: { execTimeoutMs?: number } = {},
): Transport {
  // An exec credential, run here (exec-credential.ts: timeout, process group), kept until it expires.
  let credential: { cred: ExecCredential; kc: KubeConfig } | null = null;

  /** The KubeConfig to apply: kc, or for a user with an exec plugin a copy holding its credential. */
  async function credentialsFor(signal: AbortSignal): Promise<KubeConfig> {
    const user = kc.getCurrentUser();
    if (!user?.exec) return kc;
    if (credential && (credential.cred.expiresAt === undefined ? false : credential.cred.expiresAt > Date.now()))
      return credential.kc;
    const cred = await runExecPlugin(user.exec, { timeoutMs: o.execTimeoutMs ?? 15_000, signal });
    const withCred: User = {
      ...user,
      exec: undefined,
      token: cred.token ?? user.token,
      ...(cred.cert ? { certData: Buffer.from(cred.cert).toString('base64'), certFile: undefined } : {}),
      ...(cred.key ? { keyData: Buffer.from(cred.key).toString('base64'), keyFile: undefined } : {}),
    };
    const derived = new KubeConfig();
    derived.loadFromOptions({
      clusters: kc.clusters,
      contexts: kc.contexts,
      currentContext: kc.currentContext,
      users: kc.users.map((u) => (u.name === user.name ? withCred : u)),
    });
    credential = { cred, kc: derived };
    return derived;
  }

  async function open(path: string, query: Record<string, string>, signal: AbortSignal): Promise<http.IncomingMessage> {
    const opts: https.RequestOptions = {};
    const applied = await credentialsFor(signal);
    try {
      await applied.applyToHTTPSOptions(opts);
    } catch (e) {
      throw new ClusterError(
        'config',
        `cannot prepare credentials for context "${context}": ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const url = new URL(server + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const headers = {
      ...(opts.headers as Record<string, string> | undefined),
      accept: 'application/json',
      'user-agent': 'kube-ha',
    };
    const mod = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const req = mod.request(url, { method: 'GET', agent: opts.agent, headers, signal }, resolve);
      req.on('error', reject);
      req.end();
    });
  }

  /** The body, refused past `max` bytes (V8 cannot make a string over ~512 MB; a list that big is
   *  no cluster kube-ha can show anyway). */
  function readBody(res: http.IncomingMessage, max = MAX_RESPONSE_BYTES): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let n = 0;
      res.on('data', (c: Buffer) => {
        n += c.length;
        if (n > max) {
          reject(
            new ClusterError(
              'server',
              `API server ${server} answered more than ${max / 1024 / 1024} MB for one request: not read`,
            ),
          );
          res.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
      res.on('aborted', () => reject(Object.assign(new Error('connection reset'), { code: 'ECONNRESET' })));
    });
  }

  /** One GET: its body's size and its JSON value. */
  async function getOnce(
    path: string,
    query: Record<string, string>,
    o: { signal?: AbortSignal; timeoutMs: number },
  ): Promise<{ body: number; value: unknown }> {
    const { ctl, dispose } = controllerFor(o.signal);
    const timer = setTimeout(
      () =>
        ctl.abort(
          new ClusterError('timeout', `no answer from ${server} within ${Math.round(o.timeoutMs / 100) / 10}s`),
        ),
      o.timeoutMs,
    );
    try {
      const res = await open(path, query, ctl.signal);
      const body = await readBody(res);
      if (res.statusCode !== 200) throw statusError(res.statusCode ?? 0, body, server);
      try {
        return { body: body.length, value: JSON.parse(body) };
      } catch {
        throw new ClusterError('server', `API server ${server} answered something that is not JSON`);
      }
    } catch (e) {
      throw failure(ctl, e);
    } finally {
      clearTimeout(timer);
      dispose();
    }
  }

  /** One controller per call: aborts on the caller's signal or our timer; the reason tells which. */
  function controllerFor(signal?: AbortSignal): { ctl: AbortController; dispose(): void } {
    const ctl = new AbortController();
    const onAbort = () => ctl.abort(new Aborted('stopped'));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    return { ctl, dispose: () => signal?.removeEventListener('abort', onAbort) };
  }

  function failure(ctl: AbortController, e: unknown): Error {
    const reason: unknown = ctl.signal.reason;
    if (ctl.signal.aborted && reason instanceof Aborted) return reason;
    if (ctl.signal.aborted && reason instanceof ClusterError) return reason;
    return classifyError(e, server);
  }

  return {
    server,
    context,
    async getJson<T>(
      path: string,
      query: Record<string, string>,
      o: { signal?: AbortSignal; timeoutMs: number },
    ): Promise<T> {
      // A list comes in pages of PAGE_LIMIT items (limit/continue), merged here; an object GET
      // ignores limit. Each page has the whole timeout; all pages together at most MAX_LIST_BYTES.
      let merged: ({ items: unknown[] } & Record<string, unknown>) | null = null;
      let total = 0;
      for (let cont = ''; ;) {
        const { body, value } = await getOnce(
          path,
          { limit: String(PAGE_LIMIT), ...query, ...(cont ? { continue: cont } : {}) },
          o,
        );
        total += body;
        if (total > MAX_LIST_BYTES)
          throw new ClusterError(
            'server',
            `API server ${server} answered more than ${MAX_LIST_BYTES / 1024 / 1024} MB for one list: not read`,
          );
        const page = value as { items?: unknown; metadata?: { continue?: unknown } } | null;
        if (!page || typeof page !== 'object' || !Array.isArray(page.items)) return (merged ?? value) as T;
        if (merged) merged.items.push(...page.items);
        else merged = { ...(page as Record<string, unknown>), items: [...page.items] };
        const next = page.metadata?.continue;
        if (typeof next !== 'string' || next === '' || next === cont) {
          if (merged.metadata && typeof merged.metadata === 'object')
            merged.metadata = { ...(merged.metadata as object), continue: undefined };
          return merged as T;
        }
        cont = next;
      }
    },

    async watch(path: string, query: Record<string, string>, o: WatchOptions): Promise<WatchEnd> {
      const { ctl, dispose } = controllerFor(o.signal);
      const headerTimer = setTimeout(
        () => ctl.abort(new ClusterError('timeout', `watch on ${server} got no answer in time`)),
        o.timeoutMs,
      );
      let deadlineTimer: NodeJS.Timeout | undefined;
      let cutAtDeadline = false;
      let events = 0;
      try {
        const res = await open(path, { ...query, watch: 'true' }, ctl.signal);
        clearTimeout(headerTimer);
        if (res.statusCode !== 200) throw statusError(res.statusCode ?? 0, await readBody(res), server);
        o.onOpen?.();
        await new Promise<void>((resolve, reject) => {
          deadlineTimer = setTimeout(() => {
            cutAtDeadline = true;
            res.destroy();
            resolve();
          }, o.deadlineMs);
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buf += chunk;
            if (buf.length > MAX_RESPONSE_BYTES) {
              reject(
                new ClusterError(
                  'server',
                  `watch on ${server} sent an event over ${MAX_RESPONSE_BYTES / 1024 / 1024} MB`,
                ),
              );
              res.destroy();
              return;
            }
            let nl: number;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl).trim();
              buf = buf.slice(nl + 1);
              if (!line) continue;
              let ev: { type?: string; object?: Record<string, unknown> };
              try {
                ev = JSON.parse(line) as typeof ev;
              } catch {
                continue;
              }
              if (!ev.type || !ev.object) continue;
              events++;
              try {
                o.onEvent(ev.type, ev.object);
              } catch (e) {
                reject(e);
                res.destroy();
                return;
              }
            }
          });
          res.on('end', () => resolve());
          res.on('aborted', () => reject(new StreamBroken('watch connection reset')));
          res.on('error', (e) => reject(cutAtDeadline ? e : new StreamBroken(e.message)));
          res.on('close', () => {
            if (!res.complete && !cutAtDeadline) reject(new StreamBroken('watch connection closed'));
            else resolve();
          });
        });
        return { events, cutAtDeadline };
      } catch (e) {
        if (e instanceof StreamBroken && !ctl.signal.aborted) throw e;
        throw failure(ctl, e);
      } finally {
        clearTimeout(headerTimer);
        clearTimeout(deadlineTimer);
        dispose();
      }
    },
  };
}
