// Issue 16, defect 12: cluster reads are bounded. Lists are read in pages (limit/continue), a
// response is refused past a size cap (a 512 MB body crashed `cluster health` with "Cannot
// create a string longer than…"), and an exec credential plugin that never returns is killed
// with its process group so `kube-ha cluster health` exits in bounded time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { KubeConfig } from '@kubernetes/client-node';
import { createTransport, MAX_RESPONSE_BYTES, PAGE_LIMIT } from './transport';
import { ClusterError } from './errors';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-transport-'));

function serve(handler: http.RequestListener): Promise<{ url: string; close(): void }> {
  const srv = http.createServer(handler);
  return new Promise((resolve) =>
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => {
          srv.closeAllConnections();
          srv.close();
        },
      });
    }),
  );
}

function kubeconfigText(server: string, user: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c',
    `  cluster: {server: "${server}", insecure-skip-tls-verify: true}`,
    'users:',
    '- name: u',
    '  user:',
    user,
    'contexts:',
    '- name: c',
    '  context: {cluster: c, user: u}',
    'current-context: c',
    '',
  ].join('\n');
}
function kcFor(server: string, user = '    token: t'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigText(server, user));
  return kc;
}

test('lists are read in pages of PAGE_LIMIT with continue tokens and merged', async () => {
  const seen: URLSearchParams[] = [];
  const items = Array.from({ length: 1234 }, (_, i) => ({ metadata: { name: `s${i}` } }));
  const s = await serve((req, res) => {
    const q = new URL(req.url!, 'http://x').searchParams;
    seen.push(q);
    const limit = Number(q.get('limit') ?? items.length),
      from = Number(q.get('continue') || 0);
    const page = items.slice(from, from + limit);
    const next = from + limit < items.length ? String(from + limit) : '';
    res.end(JSON.stringify({ kind: 'ServiceList', metadata: { resourceVersion: '42', continue: next }, items: page }));
  });
  try {
    const t = createTransport(kcFor(s.url), s.url, 'c');
    const list = await t.getJson<{
      items: { metadata: { name: string } }[];
      metadata: { resourceVersion: string; continue?: string };
    }>('/api/v1/services', {}, { timeoutMs: 10_000 });
    assert.equal(list.items.length, 1234);
    assert.deepEqual(
      list.items.map((x) => x.metadata.name),
      items.map((x) => x.metadata.name),
    );
    assert.equal(list.metadata.resourceVersion, '42');
    assert.equal(list.metadata.continue, undefined);
    assert.deepEqual(
      seen.map((q) => [q.get('limit'), q.get('continue')]),
      [
        [String(PAGE_LIMIT), null],
        [String(PAGE_LIMIT), '500'],
        [String(PAGE_LIMIT), '1000'],
      ],
    );
  } finally {
    s.close();
  }
});

test('a response over the size cap is refused with a one-line error, without reading it all', async () => {
  let sent = 0;
  const s = await serve((_req, res) => {
    // An endless list: the old transport read it until V8 could not make the string.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"kind":"List","items":[');
    const chunk = Buffer.from(`{"metadata":{"name":"${'x'.repeat(1000)}"}},`.repeat(64));
    const pump = () => {
      while (sent < 4 * MAX_RESPONSE_BYTES && res.write(chunk)) sent += chunk.length;
      if (sent < 4 * MAX_RESPONSE_BYTES) res.once('drain', pump);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  });
  try {
    const t = createTransport(kcFor(s.url), s.url, 'c');
    await assert.rejects(
      t.getJson('/api/v1/pods', {}, { timeoutMs: 60_000 }),
      (e: unknown) =>
        e instanceof ClusterError &&
        e.kind === 'server' &&
        /more than 64 MB/.test(e.message) &&
        !e.message.includes('\n'),
    );
    assert.ok(sent < 2 * MAX_RESPONSE_BYTES, `stopped reading: ${sent} bytes sent`);
  } finally {
    s.close();
  }
});

/** An exec plugin that never answers and starts a background process of its own (pids to files). */
function hangingPlugin(dir: string): string {
  const script = path.join(dir, 'plugin.sh');
  fs.writeFileSync(
    script,
    `#!/bin/sh\necho $$ > "${dir}/plugin.pid"\nsleep 1000 &\necho $! > "${dir}/child.pid"\nwait\n`,
    { mode: 0o755 },
  );
  return script;
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function pidFrom(file: string): Promise<number> {
  // Written by the plugin as it starts; the request is under way by the time it is read.
  for (;;) {
    try {
      const n = Number(fs.readFileSync(file, 'utf8'));
      if (n) return n;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setImmediate(r));
  }
}

test('an exec plugin that never returns times out with the request and is killed with its process group', async () => {
  const dir = tmp();
  const script = hangingPlugin(dir);
  const s = await serve((_req, res) => res.end('{"items":[]}'));
  try {
    const kc = kcFor(
      s.url,
      `    exec: {apiVersion: client.authentication.k8s.io/v1, command: "${script}", interactionMode: Never}`,
    );
    const t = createTransport(kc, s.url, 'c');
    const req = t.getJson('/api/v1/services', {}, { timeoutMs: 1500 });
    const [plugin, child] = [await pidFrom(path.join(dir, 'plugin.pid')), await pidFrom(path.join(dir, 'child.pid'))];
    await assert.rejects(req, (e: unknown) => e instanceof ClusterError && e.kind === 'timeout');
    // SIGKILL to the group: both are gone (reaped by us or by init) once the kill has landed.
    for (const pid of [plugin, child])
      while (
        alive(pid) &&
        fs.existsSync(`/proc/${pid}`) &&
        !/State:\s+Z/.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
      )
        await new Promise((r) => setImmediate(r));
    assert.ok(
      !fs.existsSync(`/proc/${child}`) || /State:\s+Z/.test(fs.readFileSync(`/proc/${child}/status`, 'utf8')),
      "the plugin's background process is killed",
    );
  } finally {
    s.close();
  }
});

const credential = (token: string) =>
  `'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${token}"}}'`;

/** Lists Services through an exec plugin made of `body`: the Authorization header the server saw. */
async function authVia(name: string, body: string): Promise<string> {
  const script = path.join(tmp(), name);
  fs.writeFileSync(script, `#!/bin/sh\n${body}`, { mode: 0o755 });
  let auth = '';
  const s = await serve((req, res) => {
    auth = String(req.headers.authorization);
    res.end('{"items":[]}');
  });
  try {
    await createTransport(
      kcFor(s.url, `    exec: {apiVersion: client.authentication.k8s.io/v1, command: "${script}"}`),
      s.url,
      'c',
    ).getJson('/api/v1/services', {}, { timeoutMs: 5000 });
    return auth;
  } finally {
    s.close();
  }
}

test("an exec plugin's credential is used (token), and a failing one reported in one line", async () => {
  assert.equal(await authVia('good.sh', `echo ${credential('exec-tok-123')}\n`), 'Bearer exec-tok-123');
  await assert.rejects(
    authVia('bad.sh', 'echo "please log in" >&2\nexit 3\n'),
    (e: unknown) =>
      e instanceof ClusterError && /credential plugin "bad.sh" failed \(exit 3\): please log in/.test(e.message),
  );
});

test("an exec plugin's credential that arrives after the plugin exits is still read", async () => {
  // What a wrapper does that starts a helper and exits: the helper writes after the exit.
  const body = `(sleep 0.1; echo ${credential('late-tok')}) &\nexit 0\n`;
  assert.equal(await authVia('late.sh', body), 'Bearer late-tok');
});

/** The kube-ha binary (dist/cli.js), run to its end. */
function binary(args: string[], cwd: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const bin = path.resolve(__dirname, '..', '..', '..', 'bin', 'kube-ha.js');
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '',
      stderr = '';
    p.stdout.on('data', (c) => {
      stdout += c;
    });
    p.stderr.on('data', (c) => {
      stderr += c;
    });
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('kube-ha cluster health: a hanging exec plugin, or a list over the cap, exit 2 with one line (the process ends)', async () => {
  const dir = tmp();
  const script = hangingPlugin(dir);
  const s = await serve((_req, res) => res.end('{"items":[]}'));
  try {
    fs.writeFileSync(
      path.join(dir, 'kc'),
      kubeconfigText(s.url, `    exec: {apiVersion: client.authentication.k8s.io/v1, command: "${script}"}`),
    );
    // The test's own timeout bounds this: before the fix the process never exited.
    const r = await binary(['cluster', 'health', '--kubeconfig', path.join(dir, 'kc'), '--request-timeout', '2'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^kube-ha: cannot read the cluster \(timeout\): [^\n]*\n$/);
  } finally {
    s.close();
  }
  const big = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"kind":"List","items":["');
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const pump = () => {
      while (res.write(chunk)) {
        /* fill */
      }
      res.once('drain', pump);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  });
  try {
    fs.writeFileSync(path.join(dir, 'kc2'), kubeconfigText(big.url, '    token: t'));
    const r = await binary(
      ['cluster', 'health', '--kubeconfig', path.join(dir, 'kc2'), '--request-timeout', '60'],
      dir,
    );
    assert.equal(r.code, 2, r.stderr.slice(0, 500));
    assert.match(r.stderr, /^kube-ha: cannot read the cluster \(server\): [^\n]*more than 64 MB[^\n]*\n$/);
  } finally {
    big.close();
  }
});
