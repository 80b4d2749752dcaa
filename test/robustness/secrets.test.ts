// The language server never prints credentials: started with a KUBECONFIG whose user has a token,
// a client key and a password in it, fed live Service health from the cluster view, its stderr,
// log messages and diagnostics are grepped for all three.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { fileUri, startServer } from '../lsp/client';
import { tmpDir } from './hostile';

const TOKEN = 'lsp-secret-token-7f3a9c1e5b';
const PASSWORD = 'lsp-secret-password-42';
const KEY = 'MHcCAQEEIGxzcC1zZWNyZXQta2V5LWJvZHktbm90LWEtcmVhbC1rZXk';

test('LSP server: no token, client key or password in stderr, log messages or diagnostics', async () => {
  const dir = tmpDir('kube-ha-secrets-');
  const kc = path.join(dir, 'config');
  fs.writeFileSync(
    kc,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: c',
      '  cluster: {server: "https://127.0.0.1:1"}',
      'users:',
      '- name: u',
      '  user:',
      `    token: ${TOKEN}`,
      `    client-key-data: ${Buffer.from(`-----BEGIN EC PRIVATE KEY-----\n${KEY}\n-----END EC PRIVATE KEY-----\n`).toString('base64')}`,
      '- name: b',
      '  user: {username: admin, password: ' + PASSWORD + '}',
      'contexts:',
      '- name: c',
      '  context: {cluster: c, user: u}',
      'current-context: c',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'svc.yaml'),
    'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n',
  );
  const s = await startServer({ folders: [dir], env: { KUBECONFIG: kc, KUBE_TOKEN: TOKEN } });
  const logs: string[] = [];
  s.conn.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
  });
  s.conn.onNotification('window/showMessage', (p: { message: string }) => {
    logs.push(p.message);
  });
  try {
    const uri = fileUri(path.join(dir, 'svc.yaml'));
    const live = s.waitForDiagnostics(uri, (d) => d.some((x) => /live|endpoint|ready/i.test(x.message)), 30_000);
    s.open(uri, fs.readFileSync(path.join(dir, 'svc.yaml'), 'utf8'));
    s.conn.sendNotification('kubeHa/liveHealth', {
      context: 'c',
      services: [{ namespace: 'shop', name: 'api', health: 'red', ready: 0, total: 2, reason: 'no ready endpoint' }],
    });
    const d = await live;
    const all = [s.stderr(), ...logs, JSON.stringify(d), JSON.stringify([...s.diagnostics])].join('\n');
    for (const [what, secret] of [
      ['token', TOKEN],
      ['password', PASSWORD],
      ['client key', KEY],
    ])
      assert.ok(!all.includes(secret), `${what} leaked`);
  } finally {
    await s.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
