// An in-process Kubernetes API server for tests and the simulated demo cluster. It speaks the REST
// semantics @kubernetes/client-node and kubectl rely on (lists carrying a resourceVersion, watch
// streams of JSON lines, bookmarks, 410 for compacted history, Status objects for errors) over
// HTTPS with a bearer token, and lets a test mutate state and inject faults.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { rename, writeFile } from 'node:fs/promises';
import { makeCerts, type TestCerts } from './certs';
import { discoveryBody } from './discovery';
import { kubeconfigYaml, type KubeconfigOptions } from './kubeconfig';
import { faultMessage, REASONS, route, statusObject, type RequestInfo } from './requests';
import type { ResourceType } from './resources';
import { selectionOf, selects, type Selection } from './selectors';
import { clone, ObjectStore, type EventType } from './store';
import { tableFor, wantsTable } from './tables';
import type { FaultRule, KubeObject, TestApiServerOptions } from './types';

interface Watcher {
  resource: ResourceType;
  selection: Selection;
  res: ServerResponse;
  bookmarks: boolean;
  timers: NodeJS.Timeout[];
  hung: boolean;
}

export class TestApiServer {
  readonly token: string;
  readonly certs: TestCerts;
  /** Every request seen, for tests that check the client does not poll. */
  readonly requests: RequestInfo[] = [];
  private port: number;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly store = new ObjectStore((type, obj) => this.emit(type, obj));
  private readonly watchers = new Set<Watcher>();
  private faults: FaultRule[] = [];
  private delayMs = 0;
  private watchHang = false;
  private hangMatch?: (r: RequestInfo) => boolean;
  private readonly hungResponses = new Set<ServerResponse>();
  private readonly opts: TestApiServerOptions;

  private constructor(opts: TestApiServerOptions, certs: TestCerts) {
    this.opts = opts;
    this.token = opts.token ?? `test-token-${randomUUID()}`;
    this.certs = certs;
    this.port = opts.port ?? 0;
  }

  /** Makes certificates and starts listening on 127.0.0.1. */
  static async start(opts: TestApiServerOptions = {}): Promise<TestApiServer> {
    const s = new TestApiServer(opts, opts.certs ?? (await makeCerts()));
    await s.start();
    return s;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }
  get listening(): boolean {
    return this.server !== undefined;
  }
  get resourceVersion(): string {
    return String(this.store.rv);
  }
  get activeWatches(): number {
    return this.watchers.size;
  }

  // ---------------------------------------------------------------- lifecycle

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer({ cert: this.certs.serverCert, key: this.certs.serverKey }, (req, res) => {
      void this.handle(req, res);
    });
    // Every accepted TCP connection, also one still in its TLS handshake: stop() must end those too,
    // or server.close() waits for them.
    server.on('connection', (sock: Socket) => {
      this.sockets.add(sock);
      sock.on('close', () => this.sockets.delete(sock));
    });
    // A client that rejects our certificate resets the handshake; that is expected in tests.
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address();
    if (addr && typeof addr === 'object') this.port = addr.port;
    this.server = server;
  }

  /** Stops listening and cuts every connection, as a crashed apiserver would. State is kept. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const w of [...this.watchers]) this.endWatch(w, true);
    this.hungResponses.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }

  // ---------------------------------------------------------------- state

  /** Creates or replaces an object; returns the stored copy with its new resourceVersion. */
  upsert(input: KubeObject): KubeObject {
    return this.store.upsert(input);
  }

  /** Deletes an object (a Namespace takes its contents with it). Returns whether it existed. */
  remove(kind: string, namespace: string | undefined, name: string): boolean {
    return this.store.remove(kind, namespace, name);
  }

  /** Replaces only the status of an existing object, as a controller's write to the status subresource. */
  updateStatus(kind: string, namespace: string | undefined, name: string, status: Record<string, unknown>): KubeObject {
    return this.store.updateStatus(kind, namespace, name, status);
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(kind, namespace, name);
  }

  /** Forgets all history up to now: any list/watch resourceVersion older than the current one is 410 Gone. */
  compact(): void {
    this.store.compact();
  }

  // ---------------------------------------------------------------- faults

  /** Fails matching requests (all when no match) with this status until the returned function is called. */
  failWith(status: number, match?: (r: RequestInfo) => boolean): () => void {
    const rule: FaultRule = { status, match };
    this.faults.push(rule);
    return () => {
      this.faults = this.faults.filter((f) => f !== rule);
    };
  }

  /** Delays every response by ms (0 to stop). */
  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /** New watches get their 200 header and then nothing at all, not even bookmarks or a timeout. */
  hangWatches(on: boolean): void {
    this.watchHang = on;
  }

  /** Matching requests are never answered, not even with headers. */
  hangRequests(match: ((r: RequestInfo) => boolean) | undefined): void {
    this.hangMatch = match;
  }

  clearFaults(): void {
    this.faults = [];
    this.delayMs = 0;
    this.watchHang = false;
    this.hangMatch = undefined;
    for (const res of this.hungResponses) res.destroy();
    this.hungResponses.clear();
  }

  /** Cuts every open watch connection (a load balancer or apiserver restart). */
  dropWatches(): void {
    for (const w of [...this.watchers]) this.endWatch(w, true);
  }

  /** Ends every open watch with an ERROR event carrying 410, as an apiserver whose watch cache moved on does. */
  expireWatches(): void {
    for (const w of [...this.watchers]) {
      this.writeEvent(w, 'ERROR', statusObject(410, 'Expired', 'too old resource version'));
      this.endWatch(w, false);
    }
  }

  // ---------------------------------------------------------------- kubeconfig

  kubeconfig(o: KubeconfigOptions = {}): string {
    return kubeconfigYaml({ url: this.url, token: this.token, caCert: this.certs.caCert }, o);
  }

  /** Writes atomically (temp file + rename): a watcher that sees the file sees all of it. */
  async writeKubeconfig(file: string, o: Parameters<TestApiServer['kubeconfig']>[0] = {}): Promise<void> {
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, this.kubeconfig(o), { mode: 0o600 });
    await rename(tmp, file);
  }

  // ---------------------------------------------------------------- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const info = { ...route(req.method ?? 'GET', url), table: wantsTable(req.headers.accept) };
    this.requests.push(info);
    if (this.delayMs > 0) {
      await new Promise((r) => setTimeout(r, this.delayMs));
      if (res.destroyed) return;
    }
    if (this.hangMatch?.(info)) {
      this.hungResponses.add(res);
      res.on('close', () => this.hungResponses.delete(res));
      return;
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return this.sendStatus(res, 401, 'Unauthorized');
    }
    const fault = this.faults.find((f) => !f.match || f.match(info));
    if (fault) return this.sendStatus(res, fault.status, faultMessage(fault.status, info));
    if (info.method !== 'GET')
      return this.sendStatus(res, 405, `the simulated API server is read-only; use upsert() in tests`);
    try {
      switch (info.verb) {
        case 'discovery':
          return this.sendJson(res, 200, discoveryBody(info.path, this.port));
        case 'list':
          return this.list(info, res);
        case 'watch':
          return this.watch(info, res);
        case 'get':
          return this.getOne(info, res);
        default:
          return this.sendStatus(res, 404, `the server could not find the requested resource`);
      }
    } catch (e) {
      return this.sendStatus(res, 400, e instanceof Error ? e.message : String(e));
    }
  }

  private sendStatus(res: ServerResponse, code: number, message: string): void {
    this.sendJson(res, code, statusObject(code, REASONS[code] ?? 'Unknown', message));
  }

  private sendJson(res: ServerResponse, code: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private list(info: RequestInfo, res: ServerResponse): void {
    const r = info.resource!;
    const rv = info.query.get('resourceVersion');
    // An exact read of compacted history is impossible, as on a real apiserver.
    if (rv && rv !== '0' && info.query.get('resourceVersionMatch') === 'Exact' && Number(rv) < this.store.compactedRv) {
      return this.sendStatus(res, 410, `The resourceVersion for the provided list is too old.`);
    }
    // Items of a typed list carry no kind/apiVersion, as on a real apiserver: clients must not rely on them.
    const matched = this.store.matching(selectionOf(info));
    const table = info.table ? tableFor(r, matched, String(this.store.rv)) : undefined;
    if (table) return this.sendJson(res, 200, table);
    const items = matched.map((o) => {
      const { kind: _k, apiVersion: _a, ...rest } = clone(o);
      return rest;
    });
    this.sendJson(res, 200, {
      kind: `${r.kind}List`,
      apiVersion: r.apiVersion,
      metadata: { resourceVersion: String(this.store.rv) },
      items,
    });
  }

  private getOne(info: RequestInfo, res: ServerResponse): void {
    const r = info.resource!;
    const o = this.store.at(r.kind, info.namespace, info.name!);
    if (!o) return this.sendStatus(res, 404, `${r.plural} "${info.name}" not found`);
    const table = info.table && !info.subresource ? tableFor(r, [o], String(this.store.rv)) : undefined;
    this.sendJson(res, 200, table ?? o);
  }

  private watch(info: RequestInfo, res: ServerResponse): void {
    const r = info.resource!;
    const q = info.query;
    const rvParam = q.get('resourceVersion');
    const stale = !!rvParam && rvParam !== '0' && Number(rvParam) < this.store.compactedRv;
    if (stale && this.opts.watchGoneAsStatus) {
      return this.sendStatus(res, 410, `too old resource version: ${rvParam} (${this.store.compactedRv})`);
    }
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    const w: Watcher = {
      resource: r,
      selection: selectionOf(info),
      res,
      timers: [],
      bookmarks: q.get('allowWatchBookmarks') === 'true',
      hung: this.watchHang,
    };
    this.watchers.add(w);
    res.on('close', () => this.endWatch(w, false));
    if (w.hung) return;
    if (stale) {
      this.writeEvent(
        w,
        'ERROR',
        statusObject(410, 'Expired', `too old resource version: ${rvParam} (${this.store.compactedRv})`),
      );
      return this.endWatch(w, false);
    }
    if (!rvParam || rvParam === '0') {
      // Without a resourceVersion a watch starts with the current state as synthetic ADDED events.
      for (const o of this.store.matching(selectionOf(info))) this.writeEvent(w, 'ADDED', o);
    } else {
      for (const ev of this.store.log) {
        if (ev.rv > Number(rvParam) && selects(w.selection, ev.obj)) this.writeEvent(w, ev.type, ev.obj);
      }
    }
    if (w.bookmarks) {
      w.timers.push(setInterval(() => this.bookmark(w), this.opts.bookmarkIntervalMs ?? 60_000));
    }
    const timeout = Number(q.get('timeoutSeconds'));
    if (timeout > 0) {
      w.timers.push(
        setTimeout(() => {
          if (w.bookmarks) this.bookmark(w);
          this.endWatch(w, false);
        }, timeout * 1000),
      );
    }
  }

  private bookmark(w: Watcher): void {
    this.writeEvent(w, 'BOOKMARK', {
      kind: w.resource.kind,
      apiVersion: w.resource.apiVersion,
      metadata: { resourceVersion: String(this.store.rv) },
    });
  }

  private writeEvent(w: Watcher, type: string, object: unknown): void {
    if (!w.res.writableEnded && !w.res.destroyed) w.res.write(JSON.stringify({ type, object }) + '\n');
  }

  private endWatch(w: Watcher, abrupt: boolean): void {
    if (!this.watchers.delete(w)) return;
    for (const t of w.timers) clearTimeout(t);
    if (abrupt) w.res.destroy();
    else if (!w.res.writableEnded) w.res.end();
  }

  private emit(type: EventType, obj: KubeObject): void {
    for (const w of this.watchers) {
      if (!w.hung && selects(w.selection, obj)) this.writeEvent(w, type, obj);
    }
  }
}
