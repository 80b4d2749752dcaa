// Issue 6's cluster faults, each through the tree (what the view shows) and `kube-ha cluster
// health`: an error item with retry and a one-line reason / exit 2 with one line, nothing hangs,
// and recovery when the server does. Also a watch that hangs without data and a huge list.
// Everything captured here (CLI output, tree nodes, log lines) is grepped for the kubeconfig's
// secrets at the end: bearer token, client key, password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClusterModel, type ClusterModel } from '../../cluster/src/model';
import { createClusterTree, type ClusterTree } from '../../cluster/src/tree';
import { COMMANDS, type TreeNode } from '../../cluster/src/tree-nodes';
import { runClusterHealth } from '../../cluster/src/cli-health';
import { TestApiServer } from '../kube-api-server/server';
import { makeCerts, type TestCerts } from '../kube-api-server/certs';
import { endpointSlice, service } from '../kube-api-server/fixtures';
import { startEnv, eventually, untilRead, type Env } from './helpers';

let env: Env;
let clientCerts: TestCerts;
let kubeconfig: string;
const PASSWORD = 'hunter2-basic-auth-password';
/** Everything the tests here saw: CLI output, tree nodes, log lines. Grepped for secrets at the end. */
const captured: string[] = [];

/** The test server's kubeconfig plus a client certificate/key on the user and a basic-auth context. */
function secretKubeconfig(): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const base = env.server.kubeconfig({ context: 'sim' });
  return base
    .replace(
      `    token: ${env.server.token}`,
      [
        `    token: ${env.server.token}`,
        `    client-certificate-data: ${b64(clientCerts.serverCert)}`,
        `    client-key-data: ${b64(clientCerts.serverKey)}`,
        `- name: basic-user`,
        `  user:`,
        `    username: admin`,
        `    password: ${PASSWORD}`,
      ].join('\n'),
    )
    .replace(
      'current-context: sim',
      [`- name: basic`, `  context:`, `    cluster: sim`, `    user: basic-user`, 'current-context: sim'].join('\n'),
    );
}

before(async () => {
  env = await startEnv();
  clientCerts = await makeCerts('client');
  kubeconfig = join(env.dir, 'secret-config');
  await writeFile(kubeconfig, secretKubeconfig(), { mode: 0o600 });
});
after(async () => {
  await impostor?.stop();
  await env.cleanup();
});

function setup(file = kubeconfig, timeoutMs = 1000, watchTimeoutSeconds = 5): { m: ClusterModel; t: ClusterTree } {
  const m = createClusterModel({
    source: { path: file, env: {} },
    timeoutMs,
    watchTimeoutSeconds,
    backoff: { initialMs: 50, maxMs: 500 },
    log: (l) => captured.push(`log: ${l}`),
  });
  return { m, t: createClusterTree(m) };
}

/** Fails if a promise does not settle in time: the view must never hang. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, rej) => {
      timer = setTimeout(() => rej(new Error(`hung: ${what} did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function walk(t: ClusterTree, ...labels: string[]): Promise<TreeNode[]> {
  let nodes = await within(t.children(), 10_000, 'roots');
  for (const l of labels) {
    const n = nodes.find((x) => x.label === l);
    if (!n) return [];
    nodes = await within(t.children(n), 10_000, `children of ${l}`);
  }
  captured.push(JSON.stringify(nodes));
  return nodes;
}

const waitTree = (
  t: ClusterTree,
  labels: string[],
  cond: (n: TreeNode[]) => boolean,
  what: string,
  timeoutMs = 15_000,
) =>
  untilRead(
    (l) => t.onDidChange(l),
    () => walk(t, ...labels),
    cond,
    what,
    timeoutMs,
  );

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  const code = await within(
    runClusterHealth(['--kubeconfig', kubeconfig, '--request-timeout', '1', ...args], {
      stdout: (s) => {
        out += s;
      },
      stderr: (s) => {
        err += s;
      },
      env: {},
    }),
    20_000,
    `cluster health ${args.join(' ')}`,
  );
  captured.push(`cli ${args.join(' ')} → ${code}\n${out}\n${err}`);
  return { code, out, err };
}

interface Fault {
  name: string;
  /** Where the error shows: listing namespaces fails too, or only the shop Services. */
  where: 'namespaces' | 'services';
  label: string;
  cli: RegExp;
  apply(): Promise<void> | void;
  heal(): Promise<void> | void;
}

let impostor: TestApiServer | undefined;
const FAULTS: Fault[] = [
  {
    name: 'unreachable (server down)',
    where: 'namespaces',
    label: 'Cluster unreachable',
    cli: /\(unreachable\).*ECONNREFUSED/,
    apply: () => env.server.stop(),
    heal: () => env.server.start(),
  },
  {
    name: 'refused certificate (the server presents one from another CA)',
    where: 'namespaces',
    label: 'Certificate rejected',
    cli: /\(certificate\)/,
    async apply() {
      const port = Number(new URL(env.server.url).port);
      await env.server.stop();
      impostor = await TestApiServer.start({ port, certs: await makeCerts('impostor-ca'), token: 'impostor-token' });
    },
    async heal() {
      if (!impostor) return;
      assert.equal(
        impostor.requests.length,
        0,
        'no request (and so no token) ever reached the server with the wrong certificate',
      );
      await impostor.stop();
      impostor = undefined;
      await env.server.start();
    },
  },
  ...(
    [
      [401, 'Unauthorized (401)', /\(unauthorized\).*401/],
      [500, 'API server error', /\(server\).*500/],
    ] as const
  ).map(([status, label, re]): Fault => {
    let off = () => undefined as void;
    return {
      name: `${status}`,
      where: 'namespaces',
      label,
      cli: re,
      apply: () => {
        off = env.server.failWith(status);
      },
      heal: () => off(),
    };
  }),
  (() => {
    let off = () => undefined as void;
    return {
      name: '403 on Services',
      where: 'services',
      label: 'Forbidden (403)',
      cli: /\(forbidden\).*403/,
      apply: () => {
        off = env.server.failWith(403, (r) => r.resource?.plural === 'services');
      },
      heal: () => off(),
    } as Fault;
  })(),
  {
    name: 'slow responses (over the timeout)',
    where: 'namespaces',
    label: 'Timed out',
    cli: /\(timeout\)/,
    apply: () => env.server.setDelay(1500),
    heal: () => env.server.setDelay(0),
  },
  {
    name: 'requests never answered',
    where: 'namespaces',
    label: 'Timed out',
    cli: /\(timeout\)/,
    apply: () => env.server.hangRequests((r) => r.verb === 'list'),
    heal: () => env.server.clearFaults(),
  },
];

for (const f of FAULTS) {
  test(`fault: ${f.name} — tree error item with retry, CLI exit 2 in one line, recovery`, async () => {
    await f.apply();
    const { m, t } = setup();
    try {
      const path = f.where === 'namespaces' ? ['sim'] : ['sim', 'shop', 'Services'];
      const nodes = await waitTree(t, path, (n) => n[0]?.kind === 'error', `${f.name}: error item`);
      const err = nodes[0];
      assert.equal(err.label, f.label);
      assert.ok(err.description && !/\n/.test(err.description), 'a one-line reason');
      assert.equal(err.contextValue, 'kubeHa.error');
      assert.equal(err.command?.command, COMMANDS.retry);
      const r = await cli(f.where === 'services' ? ['-n', 'shop'] : []);
      assert.equal(r.code, 2, `${f.name}: exit ${r.code}\n${r.out}${r.err}`);
      assert.equal(r.out, '');
      assert.match(r.err, f.cli);
      assert.equal(r.err.trimEnd().split('\n').length, 1, 'one line');
      await f.heal();
      t.retry(err.command!.arguments[0] as TreeNode);
      await waitTree(
        t,
        ['sim', 'shop', 'Services'],
        (n) => n.some((x) => x.label === 'frontend' && x.health === 'green'),
        `${f.name}: recovered`,
      );
      const ok = await cli(['-n', 'shop']);
      assert.equal(ok.code, 0, ok.err);
      assert.match(ok.out, /frontend\s+green/);
    } finally {
      await f.heal();
      env.server.clearFaults();
      if (!env.server.listening) await env.server.start();
      t.dispose();
      m.dispose();
    }
  });
}

test('a watch that hangs without data: the view keeps its items, is cut at the deadline and catches up; the CLI does not wait on watches', async () => {
  const { m, t } = setup(kubeconfig, 500, 1);
  try {
    await waitTree(t, ['sim', 'payments', 'Services'], (n) => n.some((x) => x.kind === 'service'), 'loaded');
    env.server.hangWatches(true);
    env.server.dropWatches();
    await eventually(() => env.server.activeWatches >= 5, 'hung watches open');
    env.server.upsert(service('payments', 'during-hang'));
    env.server.hangWatches(false);
    const nodes = await waitTree(
      t,
      ['sim', 'payments', 'Services'],
      (n) => n.some((x) => x.label === 'during-hang'),
      'change made during the hang appears',
    );
    assert.ok(!nodes.some((n) => n.kind === 'error'));
    env.server.hangWatches(true);
    const r = await cli(['-n', 'payments']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /during-hang/);
  } finally {
    env.server.clearFaults();
    env.server.remove('Service', 'payments', 'during-hang');
    t.dispose();
    m.dispose();
  }
});

test('a huge list (5,000 Services with endpoints) loads in the tree and the CLI', async () => {
  const N = 5000;
  env.server.upsert({ kind: 'Namespace', metadata: { name: 'huge' } });
  for (let i = 0; i < N; i++) {
    env.server.upsert(service('huge', `svc-${i}`));
    env.server.upsert(
      endpointSlice('huge', `svc-${i}`, [
        { ip: `10.1.${i >> 8}.${i & 255}`, pod: `p-${i}`, node: 'node-a1', zone: 'eu-west-1a' },
        { ip: `10.2.${i >> 8}.${i & 255}`, pod: `q-${i}`, node: 'node-b1', zone: 'eu-west-1b' },
      ]),
    );
  }
  const { m, t } = setup(kubeconfig, 20_000);
  try {
    const nodes = await waitTree(
      t,
      ['sim', 'huge', 'Services'],
      (n) => n.filter((x) => x.kind === 'service').length === N,
      'all Services listed',
      60_000,
    );
    assert.ok(nodes.every((n) => n.health === 'green'));
    let out = '',
      err = '';
    const code = await within(
      runClusterHealth(['--kubeconfig', kubeconfig, '--request-timeout', '20', '-n', 'huge', '--format', 'json'], {
        stdout: (s) => {
          out += s;
        },
        stderr: (s) => {
          err += s;
        },
        env: {},
      }),
      60_000,
      'cluster health on a huge list',
    );
    assert.equal(code, 0, err);
    assert.equal(JSON.parse(out).services.length, N);
  } finally {
    env.server.remove('Namespace', undefined, 'huge');
    t.dispose();
    m.dispose();
  }
});

test('a basic-auth context that is rejected: exit 2, and the password is not echoed', async () => {
  const r = await cli(['--context', 'basic']);
  assert.equal(r.code, 2);
  assert.match(r.err, /401/);
});

test('secrets: nothing captured above contains the token, the client key or the password', () => {
  assert.ok(captured.length > 20, `captured ${captured.length} outputs`);
  const all = captured.join('\n');
  const keyBody = clientCerts.serverKey
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('');
  const needles: [string, string][] = [
    ['bearer token', env.server.token],
    ['client key (PEM line)', clientCerts.serverKey.split('\n')[1]],
    ['client key (base64 of the PEM)', Buffer.from(clientCerts.serverKey).toString('base64').slice(0, 40)],
    ['client key body', keyBody.slice(0, 40)],
    ['password', PASSWORD],
  ];
  for (const [what, s] of needles) assert.ok(!all.includes(s), `${what} leaked`);
});
