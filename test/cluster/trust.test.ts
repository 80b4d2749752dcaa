// The cluster module's trust option: with `untrusted: true` a kubeconfig user with an exec
// credential plugin or an auth provider is refused with an 'untrusted' error, and the plugin is
// never started (its marker file is never written) — for the namespace list, a watched
// namespace, retry and reload alike.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClusterModel } from '../../cluster/src/model';
import { startEnv, until, type Env } from './helpers';

let env: Env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env.cleanup();
});

async function kubeconfig(name: string, user: string[]): Promise<string> {
  const file = join(env.dir, name);
  await writeFile(
    file,
    env.server.kubeconfig({ context: name }).replace(`    token: ${env.server.token}`, user.join('\n')),
  );
  return file;
}

test('untrusted: exec plugins and auth providers are refused and never run; trusted, the plugin runs', async () => {
  const marker = join(env.dir, 'exec-ran');
  const cred = JSON.stringify({
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: { token: env.server.token },
  });
  const exec = await kubeconfig('exec', [
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1',
    '      command: sh',
    `      args: ["-c", ${JSON.stringify(`touch '${marker}'; echo '${cred}'`)}]`,
    '      interactiveMode: Never',
  ]);
  const provider = await kubeconfig('provider', [
    '    auth-provider:',
    '      name: oidc',
    '      config: {client-id: x, id-token: not-a-jwt, idp-issuer-url: "https://127.0.0.1:1"}',
  ]);
  for (const file of [exec, provider]) {
    const m = createClusterModel({
      source: { path: file, env: {} },
      untrusted: true,
      timeoutMs: 1000,
      backoff: { initialMs: 20, maxMs: 100 },
    });
    try {
      const ns = await m.namespaces();
      assert.ok(ns.state.phase === 'error' && ns.state.error.kind === 'untrusted', JSON.stringify(ns.state));
      m.watchNamespace('shop');
      await until(
        m,
        () => {
          const s = m.view('shop')?.services.state;
          return s?.phase === 'error' && s.error.kind === 'untrusted';
        },
        'untrusted section',
      );
      m.retry(); // must return: it once looped forever on a namespace that failed before its informers started
      m.reload();
      await assert.rejects(m.listNamespaces(), (e: { kind?: string }) => e.kind === 'untrusted');
    } finally {
      m.dispose();
    }
  }
  assert.equal(existsSync(marker), false, 'the exec plugin never ran');
  const requestsBefore = env.server.requests.length;
  const trusted = createClusterModel({ source: { path: exec, env: {} }, untrusted: false, timeoutMs: 5000 });
  try {
    assert.ok((await trusted.listNamespaces()).includes('shop'));
    assert.ok(existsSync(marker), 'control: trusted, the same plugin runs and its token works');
    assert.ok(env.server.requests.length > requestsBefore);
  } finally {
    trusted.dispose();
  }
});
