// The simulated cluster of the e2e run: the project's test Kubernetes API server
// (test/kube-api-server, compiled into out/test/kube-api-server/) started in the driver's process,
// seeded with known state, a kubeconfig for it, and a loopback HTTP control endpoint through which
// the suite inside VS Code changes the cluster's state and injects faults.
//
// The extension host inherits code-server's environment:
//   KUBECONFIG               → the kubeconfig of the simulated cluster (context "kube-ha-e2e")
//   KUBE_HA_E2E_CLUSTER      → http://127.0.0.1:PORT/<secret>  (POST JSON ops, see CONTROL_OPS)
//
// Known state (namespace "storefront", the Services examples/ defines, plus the demo namespaces):
//   web                 3 endpoints on 3 nodes in 3 zones      green  3/3
//   api                 2 endpoints on 2 nodes                 green  2/2
//   pgbouncer           2 endpoints on 2 nodes                 green  2/2
//   rabbitmq            3 endpoints on 3 nodes                 green  3/3
//   rabbitmq-management 3 endpoints on 3 nodes                 green  3/3
//   postgres            1 endpoint                             yellow 1/1 (the worst: status bar yellow)
//   payments-gateway    no selector (endpoints by hand)        grey
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from './install.mjs';
import { E2eError, log } from './common.mjs';

export const CLUSTER_ENV = 'KUBE_HA_E2E_CLUSTER';
export const E2E_CONTEXT = 'kube-ha-e2e';
const compiled = path.join(repoRoot, 'out', 'test', 'kube-api-server');

const NODES = { 'node-a1': 'eu-west-1a', 'node-a2': 'eu-west-1a', 'node-b1': 'eu-west-1b', 'node-c1': 'eu-west-1c' };

/** Endpoints of the storefront Services in their initial state (the suite changes them through the control endpoint). */
export function storefrontEndpoints() {
  const ep = (ip, pod, node) => ({ ip, pod, node, zone: NODES[node] });
  return {
    web: [
      ep('10.244.1.10', 'web-7d4b9-x2k8p', 'node-a1'),
      ep('10.244.2.11', 'web-7d4b9-q9w3z', 'node-b1'),
      ep('10.244.3.12', 'web-7d4b9-m4n7c', 'node-c1'),
    ],
    api: [ep('10.244.1.20', 'api-5c8f6-abcde', 'node-a2'), ep('10.244.2.21', 'api-5c8f6-fghij', 'node-b1')],
    pgbouncer: [
      ep('10.244.1.30', 'pgbouncer-6f7d8-k1l2m', 'node-a1'),
      ep('10.244.3.31', 'pgbouncer-6f7d8-n3o4p', 'node-c1'),
    ],
    rabbitmq: [
      ep('10.244.1.40', 'rabbitmq-0', 'node-a1'),
      ep('10.244.2.41', 'rabbitmq-1', 'node-b1'),
      ep('10.244.3.42', 'rabbitmq-2', 'node-c1'),
    ],
    'rabbitmq-management': [
      ep('10.244.1.40', 'rabbitmq-0', 'node-a1'),
      ep('10.244.2.41', 'rabbitmq-1', 'node-b1'),
      ep('10.244.3.42', 'rabbitmq-2', 'node-c1'),
    ],
    postgres: [ep('10.244.2.50', 'postgres-0', 'node-b1')],
  };
}

function loadServerModules() {
  const need = ['server.js', 'fixtures.js', 'demo-state.js'].map((f) => path.join(compiled, f));
  const missing = need.filter((f) => !fs.existsSync(f));
  if (missing.length) {
    throw new E2eError(
      `the test API server is not compiled (${missing.map((f) => path.relative(repoRoot, f)).join(', ')} missing): run npx tsc -p . or npx tsc -p test/e2e/tsconfig.json`,
    );
  }
  const require = createRequire(import.meta.url);
  return {
    server: require(need[0]),
    fixtures: require(need[1]),
    demo: require(need[2]),
  };
}

function seed(api, fx, demo) {
  demo.seedDemo(api); // the demo namespaces: more to look at in the screenshot, and not the suite's business
  api.upsert(fx.namespace('storefront'));
  for (const [svc, eps] of Object.entries(storefrontEndpoints())) {
    const app = svc === 'rabbitmq-management' ? 'rabbitmq' : svc;
    if (svc !== 'rabbitmq-management') for (const e of eps) api.upsert(fx.pod('storefront', e, app));
    api.upsert(fx.service('storefront', svc, { app }));
    api.upsert(fx.endpointSlice('storefront', svc, eps));
  }
  api.upsert(fx.service('storefront', 'payments-gateway', null, 443));
  api.upsert(
    fx.endpointSlice('storefront', 'payments-gateway', [{ ip: '203.0.113.7', pod: 'external' }], 'manual', 443),
  );
  api.upsert(fx.deployment('storefront', 'web', 3, 3));
  api.upsert(fx.deployment('storefront', 'api', 2, 2));
  api.upsert(fx.deployment('storefront', 'pgbouncer', 2, 2));
  api.upsert(fx.statefulSet('storefront', 'rabbitmq', 3, 3));
  api.upsert(fx.statefulSet('storefront', 'postgres', 1, 1));
}

/**
 * Control operations (POST body {op, ...}); each answers {ok: true, ...state} or {error}.
 *   endpoints {namespace, service, endpoints: EndpointSpec[]}   replace the Service's EndpointSlice
 *   upsert {object} / remove {kind, namespace, name}
 *   fail {status}            every request fails with this HTTP status, and open watches are cut
 *   clearFaults              ends fail
 *   stop / start             the API server stops listening (connections cut) / listens again on the same port
 *   state                    {listening, activeWatches, resourceVersion}
 */
function control(api, fx, body) {
  switch (body.op) {
    case 'endpoints':
      api.upsert(fx.endpointSlice(body.namespace, body.service, body.endpoints));
      return {};
    case 'upsert':
      return { object: api.upsert(body.object) };
    case 'remove':
      return { removed: api.remove(body.kind, body.namespace, body.name) };
    case 'fail':
      api.failWith(Number(body.status));
      api.dropWatches();
      return {};
    case 'clearFaults':
      api.clearFaults();
      return {};
    case 'stop':
      return api.stop().then(() => ({}));
    case 'start':
      return api.start().then(() => ({}));
    case 'state':
      return {};
    default:
      throw new Error(`unknown op ${JSON.stringify(body.op)}`);
  }
}

/** Starts the seeded API server and its control endpoint; returns {env, stop()}. */
export async function startSimulatedCluster({ tmp }) {
  const { server, fixtures, demo } = loadServerModules();
  const api = await server.TestApiServer.start({ bookmarkIntervalMs: 30_000 });
  seed(api, fixtures, demo);
  const kubeconfig = path.join(tmp, 'kubeconfig');
  await api.writeKubeconfig(kubeconfig, { context: E2E_CONTEXT });

  const secret = randomBytes(16).toString('hex');
  const httpServer = http.createServer((req, res) => {
    const reply = (code, obj) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(obj));
    };
    if (req.method !== 'POST' || req.url !== `/${secret}`) return reply(404, { error: 'not found' });
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (d) => {
      data += d;
    });
    req.on('end', async () => {
      try {
        const body = JSON.parse(data || '{}');
        const out = await control(api, fixtures, body);
        log(
          `cluster control: ${body.op}${body.service ? ` ${body.namespace}/${body.service}` : ''}${body.status ? ` ${body.status}` : ''}`,
        );
        reply(200, {
          ok: true,
          ...out,
          listening: api.listening,
          activeWatches: api.activeWatches,
          resourceVersion: api.resourceVersion,
        });
      } catch (e) {
        reply(400, { error: e instanceof Error ? e.message : String(e) });
      }
    });
  });
  await new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(0, '127.0.0.1', resolve);
  });
  const port = httpServer.address().port;
  log(
    `simulated cluster (test API server) on ${api.url}, context ${E2E_CONTEXT}; control endpoint on 127.0.0.1:${port}`,
  );
  return {
    api,
    kubeconfig,
    env: { KUBECONFIG: kubeconfig, [CLUSTER_ENV]: `http://127.0.0.1:${port}/${secret}` },
    async stop() {
      httpServer.closeAllConnections?.();
      await new Promise((r) => httpServer.close(() => r()));
      await api.stop();
    },
  };
}
