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
import { RESOURCES, STATUS_SUBRESOURCE, groupVersions, resourceByKind, type ResourceType } from './resources';
import { tableFor, wantsTable } from './tables';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    uid?: string;
    labels?: Record<string, string>;
    creationTimestamp?: string;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';
interface StoredEvent {
  rv: number;
  type: EventType;
  obj: KubeObject;
}

export interface RequestInfo {
  method: string;
  path: string;
  query: URLSearchParams;
  verb: 'list' | 'watch' | 'get' | 'discovery' | 'other';
  resource?: ResourceType;
  namespace?: string;
  name?: string;
  /** 'status' for …/<name>/status. */
  subresource?: string;
  /** The client asked for a meta.k8s.io Table (kubectl get). */
  table?: boolean;
}

export interface FaultRule {
  status: number;
  /** Which requests fail; all of them when absent. */
  match?: (r: RequestInfo) => boolean;
}

export interface TestApiServerOptions {
  token?: string;
  /** Port to listen on; 0 (default) picks a free one, kept across stop()/start(). */
  port?: number;
  certs?: TestCerts;
  /** How often a watch that asked for bookmarks gets one. A real apiserver: about a minute. */
  bookmarkIntervalMs?: number;
  /** Answer a stale watch with a 410 HTTP status instead of an ERROR event (older apiservers). */
  watchGoneAsStatus?: boolean;
}

interface Watcher {
  resource: ResourceType;
  namespace?: string;
  labels: LabelRequirement[];
  fieldName?: string;
  res: ServerResponse;
  bookmarks: boolean;
  timers: NodeJS.Timeout[];
  hung: boolean;
}

type LabelRequirement = { key: string; op: '=' | '!=' | 'exists' | '!exists'; value?: string };

export function statusObject(code: number, reason: string, message: string): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  410: 'Expired',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

function keyOf(kind: string, ns: string | undefined, name: string): string {
  return `${kind}/${ns ?? ''}/${name}`;
}

function parseLabelSelector(s: string | null): LabelRequirement[] {
  if (!s) return [];
  return s
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t): LabelRequirement => {
      if (t.startsWith('!')) return { key: t.slice(1), op: '!exists' };
      const ne = t.indexOf('!=');
      if (ne > 0) return { key: t.slice(0, ne), op: '!=', value: t.slice(ne + 2) };
      const eq = t.indexOf('=');
      if (eq > 0) return { key: t.slice(0, eq), op: '=', value: t.slice(t[eq + 1] === '=' ? eq + 2 : eq + 1) };
      if (/\s/.test(t)) throw new Error(`unsupported label selector ${t}`);
      return { key: t, op: 'exists' };
    });
}

function labelsMatch(reqs: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    switch (r.op) {
      case '=':
        return l[r.key] === r.value;
      case '!=':
        return l[r.key] !== r.value;
      case 'exists':
        return r.key in l;
      case '!exists':
        return !(r.key in l);
    }
  });
}

const clone = <T>(o: T): T => structuredClone(o);

export class TestApiServer {
  readonly token: string;
  readonly certs: TestCerts;
  /** Every request seen, for tests that check the client does not poll. */
  readonly requests: RequestInfo[] = [];
  private port: number;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly objects = new Map<string, KubeObject>();
  private log: StoredEvent[] = [];
  private rv = 1;
  private compactedRv = 1;
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
    return String(this.rv);
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
    const type = resourceByKind(String(input.kind));
    const obj = clone(input);
    obj.apiVersion = type.apiVersion;
    if (!type.namespaced) delete obj.metadata.namespace;
    else obj.metadata.namespace ??= 'default';
    const key = keyOf(type.kind, obj.metadata.namespace, obj.metadata.name);
    const old = this.objects.get(key);
    obj.metadata.uid = old?.metadata.uid ?? obj.metadata.uid ?? randomUUID();
    obj.metadata.creationTimestamp =
      old?.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    // generation counts spec changes, as the apiserver does; a status write leaves it alone.
    const oldGen = Number(old?.metadata.generation ?? 0);
    obj.metadata.generation = !old
      ? 1
      : JSON.stringify(old.spec) === JSON.stringify(obj.spec)
        ? oldGen || 1
        : oldGen + 1;
    obj.metadata.resourceVersion = String(++this.rv);
    this.objects.set(key, obj);
    this.emit(old ? 'MODIFIED' : 'ADDED', obj);
    return clone(obj);
  }

  /** Deletes an object (a Namespace takes its contents with it). Returns whether it existed. */
  remove(kind: string, namespace: string | undefined, name: string): boolean {
    const type = resourceByKind(kind);
    const key = keyOf(type.kind, type.namespaced ? (namespace ?? 'default') : undefined, name);
    const old = this.objects.get(key);
    if (!old) return false;
    if (kind === 'Namespace') {
      for (const o of [...this.objects.values()]) {
        if (o.metadata.namespace === name) this.remove(String(o.kind), name, o.metadata.name);
      }
    }
    this.objects.delete(key);
    const obj = clone(old);
    obj.metadata.resourceVersion = String(++this.rv);
    this.emit('DELETED', obj);
    return true;
  }

  /** Replaces only the status of an existing object, as a controller's write to the status subresource. */
  updateStatus(kind: string, namespace: string | undefined, name: string, status: Record<string, unknown>): KubeObject {
    const old = this.get(kind, namespace, name);
    if (!old) throw new Error(`${kind} ${namespace ?? ''}/${name} does not exist`);
    return this.upsert({ ...old, status: structuredClone(status) });
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const type = resourceByKind(kind);
    const o = this.objects.get(keyOf(type.kind, type.namespaced ? (namespace ?? 'default') : undefined, name));
    return o && clone(o);
  }

  /** Forgets all history up to now: any list/watch resourceVersion older than the current one is 410 Gone. */
  compact(): void {
    this.compactedRv = this.rv;
    this.log = [];
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

  kubeconfig(o: { context?: string; user?: string; token?: string; caCert?: string; namespace?: string } = {}): string {
    const ctx = o.context ?? 'kube-ha-simulated';
    const user = o.user ?? `${ctx}-user`;
    const ca = Buffer.from(o.caCert ?? this.certs.caCert).toString('base64');
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: ${ctx}`,
      '  cluster:',
      `    server: ${this.url}`,
      `    certificate-authority-data: ${ca}`,
      'users:',
      `- name: ${user}`,
      '  user:',
      `    token: ${o.token ?? this.token}`,
      'contexts:',
      `- name: ${ctx}`,
      '  context:',
      `    cluster: ${ctx}`,
      `    user: ${user}`,
      ...(o.namespace ? [`    namespace: ${o.namespace}`] : []),
      `current-context: ${ctx}`,
      '',
    ].join('\n');
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
    const info = { ...this.route(req.method ?? 'GET', url), table: wantsTable(req.headers.accept) };
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
    if (fault) return this.sendStatus(res, fault.status, this.faultMessage(fault.status, info));
    if (info.method !== 'GET')
      return this.sendStatus(res, 405, `the simulated API server is read-only; use upsert() in tests`);
    try {
      switch (info.verb) {
        case 'discovery':
          return this.discovery(info, res);
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

  private route(method: string, url: URL): RequestInfo {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const q = url.searchParams;
    const base: RequestInfo = { method, path, query: q, verb: 'other' };
    if (
      path === '/version' ||
      path === '/api' ||
      path === '/apis' ||
      groupVersions().some((gv) => path === (gv === 'v1' ? '/api/v1' : `/apis/${gv}`))
    ) {
      return { ...base, verb: 'discovery' };
    }
    for (const r of RESOURCES) {
      if (!path.startsWith(r.prefix + '/')) continue;
      const rest = path.slice(r.prefix.length + 1).split('/');
      const isWatch = q.get('watch') === 'true' || q.get('watch') === '1';
      // <plural>[/<name>[/status]] | namespaces/<ns>/<plural>[/<name>[/status]]
      const status = (s: string | undefined) =>
        s === 'status' && STATUS_SUBRESOURCE.has(r.kind) ? { subresource: 'status' } : s === undefined ? {} : undefined;
      if (rest[0] === r.plural && rest.length <= 3) {
        const sub = status(rest[2]);
        if (!sub) continue;
        if (rest.length >= 2) return { ...base, resource: r, verb: 'get', name: decodeURIComponent(rest[1]), ...sub };
        return { ...base, resource: r, verb: isWatch ? 'watch' : 'list' };
      }
      if (r.namespaced && rest[0] === 'namespaces' && rest[2] === r.plural && rest.length <= 5) {
        const namespace = decodeURIComponent(rest[1]);
        const sub = status(rest[4]);
        if (!sub) continue;
        if (rest.length >= 4)
          return { ...base, resource: r, namespace, verb: 'get', name: decodeURIComponent(rest[3]), ...sub };
        return { ...base, resource: r, namespace, verb: isWatch ? 'watch' : 'list' };
      }
    }
    return base;
  }

  private faultMessage(status: number, info: RequestInfo): string {
    if (status === 403 && info.resource) {
      const group = info.resource.apiVersion.includes('/') ? info.resource.apiVersion.split('/')[0] : '';
      const scope = info.namespace ? `in the namespace "${info.namespace}"` : 'at the cluster scope';
      return `${info.resource.plural} is forbidden: User "system:serviceaccount:kube-ha:viewer" cannot ${info.verb} resource "${info.resource.plural}" in API group "${group}" ${scope}`;
    }
    if (status === 401) return 'Unauthorized';
    return status >= 500 ? 'Internal error occurred: simulated failure' : `simulated ${status}`;
  }

  private sendStatus(res: ServerResponse, code: number, message: string): void {
    this.sendJson(res, code, statusObject(code, REASONS[code] ?? 'Unknown', message));
  }

  private sendJson(res: ServerResponse, code: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private discovery(info: RequestInfo, res: ServerResponse): void {
    const gvs = groupVersions();
    switch (info.path) {
      case '/version':
        return this.sendJson(res, 200, {
          major: '1',
          minor: '31',
          gitVersion: 'v1.31.0-kube-ha-simulated',
          gitCommit: 'simulated',
          gitTreeState: 'clean',
          buildDate: '2025-01-01T00:00:00Z',
          goVersion: 'go1.22',
          compiler: 'gc',
          platform: 'linux/amd64',
        });
      case '/api':
        return this.sendJson(res, 200, {
          kind: 'APIVersions',
          versions: ['v1'],
          serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${this.port}` }],
        });
      case '/apis':
        return this.sendJson(res, 200, {
          kind: 'APIGroupList',
          apiVersion: 'v1',
          groups: gvs
            .filter((gv) => gv.includes('/'))
            .map((gv) => {
              const [name, version] = gv.split('/');
              const v = { groupVersion: gv, version };
              return { name, versions: [v], preferredVersion: v };
            }),
        });
      default: {
        const gv = info.path === '/api/v1' ? 'v1' : info.path.replace(/^\/apis\//, '');
        return this.sendJson(res, 200, {
          kind: 'APIResourceList',
          apiVersion: 'v1',
          groupVersion: gv,
          resources: RESOURCES.filter((r) => r.apiVersion === gv).flatMap((r) => [
            {
              name: r.plural,
              singularName: r.kind.toLowerCase(),
              namespaced: r.namespaced,
              kind: r.kind,
              verbs: ['get', 'list', 'watch'],
              ...(r.shortNames ? { shortNames: r.shortNames } : {}),
            },
            ...(STATUS_SUBRESOURCE.has(r.kind)
              ? [
                  {
                    name: `${r.plural}/status`,
                    singularName: '',
                    namespaced: r.namespaced,
                    kind: r.kind,
                    verbs: ['get'],
                  },
                ]
              : []),
          ]),
        });
      }
    }
  }

  private matching(info: RequestInfo): KubeObject[] {
    const r = info.resource!;
    const labels = parseLabelSelector(info.query.get('labelSelector'));
    const field = this.fieldName(info.query.get('fieldSelector'));
    return [...this.objects.values()]
      .filter((o) => o.kind === r.kind)
      .filter((o) => !info.namespace || o.metadata.namespace === info.namespace)
      .filter((o) => labelsMatch(labels, o.metadata.labels))
      .filter((o) => field === undefined || o.metadata.name === field)
      .sort((a, b) =>
        keyOf('', a.metadata.namespace, a.metadata.name).localeCompare(
          keyOf('', b.metadata.namespace, b.metadata.name),
        ),
      );
  }

  private fieldName(s: string | null): string | undefined {
    if (!s) return undefined;
    const m = /^metadata\.name==?(.*)$/.exec(s);
    if (!m) throw new Error(`unsupported field selector ${s}`);
    return m[1];
  }

  private list(info: RequestInfo, res: ServerResponse): void {
    const r = info.resource!;
    const rv = info.query.get('resourceVersion');
    // An exact read of compacted history is impossible, as on a real apiserver.
    if (rv && rv !== '0' && info.query.get('resourceVersionMatch') === 'Exact' && Number(rv) < this.compactedRv) {
      return this.sendStatus(res, 410, `The resourceVersion for the provided list is too old.`);
    }
    // Items of a typed list carry no kind/apiVersion, as on a real apiserver: clients must not rely on them.
    const matched = this.matching(info);
    const table = info.table ? tableFor(r, matched, String(this.rv)) : undefined;
    if (table) return this.sendJson(res, 200, table);
    const items = matched.map((o) => {
      const { kind: _k, apiVersion: _a, ...rest } = clone(o);
      return rest;
    });
    this.sendJson(res, 200, {
      kind: `${r.kind}List`,
      apiVersion: r.apiVersion,
      metadata: { resourceVersion: String(this.rv) },
      items,
    });
  }

  private getOne(info: RequestInfo, res: ServerResponse): void {
    const r = info.resource!;
    const o = this.objects.get(keyOf(r.kind, info.namespace, info.name!));
    if (!o) return this.sendStatus(res, 404, `${r.plural} "${info.name}" not found`);
    const table = info.table && !info.subresource ? tableFor(r, [o], String(this.rv)) : undefined;
    this.sendJson(res, 200, table ?? o);
  }

  private watch(info: RequestInfo, res: ServerResponse): void {
    const r = info.resource!;
    const q = info.query;
    const rvParam = q.get('resourceVersion');
    const stale = !!rvParam && rvParam !== '0' && Number(rvParam) < this.compactedRv;
    if (stale && this.opts.watchGoneAsStatus) {
      return this.sendStatus(res, 410, `too old resource version: ${rvParam} (${this.compactedRv})`);
    }
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    const w: Watcher = {
      resource: r,
      namespace: info.namespace,
      labels: parseLabelSelector(q.get('labelSelector')),
      fieldName: this.fieldName(q.get('fieldSelector')),
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
        statusObject(410, 'Expired', `too old resource version: ${rvParam} (${this.compactedRv})`),
      );
      return this.endWatch(w, false);
    }
    if (!rvParam || rvParam === '0') {
      // Without a resourceVersion a watch starts with the current state as synthetic ADDED events.
      for (const o of this.matching(info)) this.writeEvent(w, 'ADDED', o);
    } else {
      for (const ev of this.log) {
        if (ev.rv > Number(rvParam) && this.watches(w, ev.obj)) this.writeEvent(w, ev.type, ev.obj);
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
      metadata: { resourceVersion: String(this.rv) },
    });
  }

  private watches(w: Watcher, o: KubeObject): boolean {
    return (
      o.kind === w.resource.kind &&
      (!w.namespace || o.metadata.namespace === w.namespace) &&
      labelsMatch(w.labels, o.metadata.labels) &&
      (w.fieldName === undefined || o.metadata.name === w.fieldName)
    );
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
    const ev: StoredEvent = { rv: Number(obj.metadata.resourceVersion), type, obj: clone(obj) };
    this.log.push(ev);
    for (const w of this.watchers) {
      if (!w.hung && this.watches(w, obj)) this.writeEvent(w, type, obj);
    }
  }
}
