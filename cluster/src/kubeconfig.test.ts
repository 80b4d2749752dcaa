import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { forContext, kubeconfigFiles, loadKubeconfig } from './kubeconfig';
import { ClusterError, classifyError, oneLine, redact, registerSecret, statusError } from './errors';

const dir = mkdtempSync(join(tmpdir(), 'kube-ha-kc-'));
function kc(
  file: string,
  ctx: string,
  server: string,
  current = true,
  user = `${ctx}-user`,
  userBody = `    token: tok-${ctx}-secret`,
): string {
  const p = join(dir, file);
  writeFileSync(
    p,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: ${ctx}`,
      '  cluster:',
      `    server: ${server}`,
      'users:',
      `- name: ${user}`,
      '  user:',
      userBody,
      'contexts:',
      `- name: ${ctx}`,
      '  context:',
      `    cluster: ${ctx}`,
      `    user: ${user}`,
      '    namespace: team',
      ...(current ? [`current-context: ${ctx}`] : []),
      '',
    ].join('\n'),
  );
  return p;
}

test('file order: explicit path, else every KUBECONFIG entry, else ~/.kube/config', () => {
  assert.deepEqual(kubeconfigFiles({ path: '/x', env: { KUBECONFIG: '/a' } }), ['/x']);
  assert.deepEqual(kubeconfigFiles({ env: { KUBECONFIG: `/a${delimiter}${delimiter}/b${delimiter}/a` } }), [
    '/a',
    '/b',
  ]);
  assert.deepEqual(kubeconfigFiles({ env: { HOME: '/home/u' } }), [join('/home/u', '.kube', 'config')]);
});

test('KUBECONFIG files merge; the first to define a name or current-context wins; missing entries are skipped', () => {
  const a = kc('a', 'alpha', 'https://alpha.example:6443');
  const b = kc('b', 'beta', 'https://beta.example:6443');
  const dup = kc('dup', 'alpha', 'https://other.example:6443');
  const loaded = loadKubeconfig({ env: { KUBECONFIG: [join(dir, 'missing'), a, b, dup].join(delimiter) } });
  assert.deepEqual(loaded.files, [a, b, dup]);
  assert.equal(loaded.currentContext, 'alpha');
  assert.deepEqual(
    loaded.contexts.map((c) => [c.name, c.server, c.current, c.namespace]),
    [
      ['alpha', 'https://alpha.example:6443', true, 'team'],
      ['beta', 'https://beta.example:6443', false, 'team'],
    ],
  );
  assert.equal(forContext(loaded, 'beta', false).server, 'https://beta.example:6443');
  assert.throws(
    () => forContext(loaded, 'gamma', false),
    (e: ClusterError) => e.kind === 'config',
  );
});

test('~/.kube/config from HOME; an explicit path must exist; nothing found is a config error', () => {
  const home = join(dir, 'home');
  mkdirSync(join(home, '.kube'), { recursive: true });
  writeFileSync(join(home, '.kube', 'config'), readFileSync(kc('h', 'homectx', 'https://h:6443')));
  assert.equal(loadKubeconfig({ env: { HOME: home } }).currentContext, 'homectx');
  assert.throws(() => loadKubeconfig({ path: join(dir, 'nope'), env: {} }), /does not exist/);
  assert.throws(() => loadKubeconfig({ env: { HOME: join(dir, 'empty-home') } }), /no kubeconfig found/);
});

test('untrusted: an exec credential plugin is refused and never run', async () => {
  const marker = join(dir, 'exec-ran');
  const p = kc(
    'exec',
    'execctx',
    'https://127.0.0.1:1',
    true,
    'execuser',
    [
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1',
      '      command: sh',
      `      args: ["-c", "touch ${marker}; echo '{}'"]`,
      '      interactiveMode: Never',
    ].join('\n'),
  );
  const loaded = loadKubeconfig({ path: p, env: {} });
  assert.throws(
    () => forContext(loaded, undefined, true),
    (e: ClusterError) => e.kind === 'untrusted' && /not run in an untrusted workspace/.test(e.message),
  );
  assert.equal(existsSync(marker), false);
  // trusted: allowed (the plugin would run on the first request)
  assert.equal(forContext(loaded, undefined, false).context, 'execctx');
});

test('redaction: tokens, bearer headers, passwords, keys and URL userinfo never survive', () => {
  registerSecret('s3cr3t-token-value');
  const msg =
    'failed: Authorization: Bearer abc.def.ghi token=s3cr3t-token-value password: hunter22 https://bob:pw@host/x\n-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----';
  const out = oneLine(msg);
  for (const bad of ['abc.def.ghi', 's3cr3t-token-value', 'hunter22', 'bob:pw', 'AAAA'])
    assert.ok(!out.includes(bad), `${bad} in ${out}`);
  assert.ok(!out.includes('\n'));
  assert.equal(redact('plain text'), 'plain text');
});

test('classification of network, TLS, timeout and status errors', () => {
  const srv = 'https://k:6443';
  assert.equal(classifyError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), srv).kind, 'unreachable');
  assert.equal(classifyError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), srv).kind, 'unreachable');
  assert.equal(
    classifyError(
      Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }),
      srv,
    ).kind,
    'certificate',
  );
  assert.equal(
    classifyError(Object.assign(new Error('x'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), srv).kind,
    'certificate',
  );
  assert.equal(classifyError(Object.assign(new Error('x'), { name: 'TimeoutError' }), srv).kind, 'timeout');
  const forbidden = statusError(
    403,
    JSON.stringify({ kind: 'Status', code: 403, message: 'pods is forbidden: nope' }),
    srv,
  );
  assert.deepEqual(
    [forbidden.kind, forbidden.status, forbidden.message],
    ['forbidden', 403, '403 Forbidden: pods is forbidden: nope'],
  );
  assert.equal(statusError(401, '', srv).kind, 'unauthorized');
  assert.equal(statusError(503, '<html>bad gateway</html>', srv).kind, 'server');
  assert.equal(statusError(410, '', srv).kind, 'gone');
});
