// Issue 16, defects 10 and 11: configuration files are read only inside the workspace or
// repository, and no output (stdout, stderr, the server's log, pop-ups, diagnostics) quotes a
// config's or a kubeconfig's content. Tokens and a password hash are planted where a careless
// error message would print them; every output is grepped for them. A config with thousands of
// problems gives one pop-up, and a diagnostic per problem in the config file itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../server/src/cli/main';
import { fileUri, startServer } from '../lsp/client';
import { SINGLE, tmpDir } from './hostile';

const HASH = '$6$plantedSalt$PLANTEDhashPLANTEDhashPLANTEDhash0123456789abcdef';
const SHADOW = `root:${HASH}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nplanted-user:$y$j9T$PLANTEDyescrypt:19000:0:99999:7:::\n`;
const TOKENS = [
  'PLANTED-TOKEN-aaaa',
  'PLANTED-TOKEN-bbbb',
  'PLANTED-TOKEN-cccc',
  'PLANTED-TOKEN-dddd',
  'PLANTED-TOKEN-eeee',
];
const PLANTED = [HASH, 'PLANTEDhash', 'PLANTEDyescrypt', 'planted-user', ...TOKENS, 'PLANTED'];

function assertClean(what: string, ...outputs: string[]) {
  const all = outputs.join('\n');
  for (const p of PLANTED) assert.ok(!all.includes(p), `${what}: ${p} leaked in:\n${all.slice(0, 2000)}`);
}

async function cli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  let stdout = '',
    stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readStdin: async () => '',
    cwd,
    env,
  });
  return { code, stdout, stderr };
}

/** A repository whose .kube-ha.yaml is a symlink to a shadow file outside it. */
function repoWithShadowLink(): { repo: string; outside: string } {
  const outside = tmpDir('kube-ha-outside-');
  fs.writeFileSync(path.join(outside, 'shadow'), SHADOW);
  const repo = tmpDir('kube-ha-repo-');
  fs.mkdirSync(path.join(repo, '.git'));
  fs.writeFileSync(path.join(repo, 'web.yaml'), SINGLE);
  fs.symlinkSync(path.join(outside, 'shadow'), path.join(repo, '.kube-ha.yaml'));
  return { repo, outside };
}

test('defect 10 (CLI): a .kube-ha.yaml symlinked out of the repository is refused, nothing of its target printed', async () => {
  const { repo } = repoWithShadowLink();
  for (const args of [
    ['lint', '.'],
    ['lint', '--format', 'json', '.'],
    ['lint', '--fix-dry-run', '.'],
    ['lint', '--config', '.kube-ha.yaml', '.'],
  ]) {
    const r = await cli(args, repo);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /\.kube-ha\.yaml: not read: a symlink that leads out of/);
    assertClean(args.join(' '), r.stdout, r.stderr);
  }
});

test('defect 10 (CLI): config problems name the file and the line, never the content', async () => {
  const repo = tmpDir('kube-ha-repo-');
  fs.mkdirSync(path.join(repo, '.git'));
  fs.writeFileSync(path.join(repo, 'web.yaml'), SINGLE);
  const cases = [
    `${TOKENS[0]}: 1\nminReplicas: ${TOKENS[1]}\nrules:\n  ${TOKENS[2]}: off\n  single-replica: ${TOKENS[3]}\nmaxFileBytes: ${TOKENS[4]}\n`,
    `rules: {single-replica: off, ${TOKENS[0]}: [\n  ${TOKENS[1]}\n`,
    `minReplicas: 2\n  token: ${TOKENS[0]}\n    more: ${TOKENS[1]}\n`,
    `rules: *${TOKENS[0]}\n`,
    `!${TOKENS[0]} x: 1\n`,
  ];
  for (const text of cases) {
    fs.writeFileSync(path.join(repo, '.kube-ha.yaml'), text);
    const r = await cli(['lint', '.'], repo);
    assert.equal(r.code, 2, text);
    assert.match(r.stderr, /^kube-ha: \.kube-ha\.yaml:\d+: /, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    assertClean(`config ${JSON.stringify(text)}`, r.stdout, r.stderr);
  }
});

test('defect 10 (cluster): a kubeconfig that is not valid YAML is reported by file and line, no token printed', async () => {
  const dir = tmpDir('kube-ha-kc-');
  const kubeconfigs = [
    // A token continued on the next line (a multi-line plain scalar the parser then rejects).
    `apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: ${TOKENS[0]}\n      ${TOKENS[1]}: x\n    - ${TOKENS[2]}\n`,
    // Inside a one-line flow mapping.
    `apiVersion: v1\nkind: Config\nusers: [{name: u, user: {token: ${TOKENS[3]}, : : ${TOKENS[4]}}]\n`,
    `apiVersion: v1\nusers:\n- name: u\n  user: {token: "${TOKENS[0]}\n`,
  ];
  for (const [i, text] of kubeconfigs.entries()) {
    const kc = path.join(dir, `config-${i}`);
    fs.writeFileSync(kc, text);
    const r = await cli(['cluster', 'health', '--kubeconfig', kc, '--request-timeout', '2'], dir, {
      KUBE_TOKEN: TOKENS[0],
    });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /not valid/);
    assertClean(`kubeconfig ${i}`, r.stdout, r.stderr);
  }
});

test('defects 10 and 11 (server): a config symlinked out is refused without quoting it; 3,000 problems are one pop-up and 3,000 diagnostics', async () => {
  const { repo } = repoWithShadowLink();
  let s = await startServer({ folders: [repo] });
  try {
    const { popups, logs } = s;
    const uri = fileUri(path.join(repo, 'web.yaml'));
    const d = s.waitForDiagnostics(uri, (x) => x.length > 0, 30_000);
    s.open(uri, SINGLE);
    await d;
    await s.indexed;
    const cfg = s.diagnostics.get(fileUri(path.join(repo, '.kube-ha.yaml'))) ?? [];
    assertClean('server, symlinked config', s.stderr(), ...popups, ...logs, JSON.stringify([...s.diagnostics]));
    assert.ok(
      [...popups, ...cfg.map((x) => x.message)].some((m) => /symlink that leads out/.test(m)),
      `refusal shown: ${popups} ${JSON.stringify(cfg)}`,
    );
  } finally {
    await s.stop();
  }

  // 3,000 problems, a token among them.
  const dir = tmpDir('kube-ha-many-');
  const lines = Array.from({ length: 3000 }, (_, i) => `  no-such-rule-${i}: off`);
  lines[1500] = `  ${TOKENS[0]}: ${TOKENS[1]}`;
  fs.writeFileSync(path.join(dir, '.kube-ha.yaml'), `rules:\n${lines.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'web.yaml'), SINGLE);
  s = await startServer({ folders: [dir] });
  try {
    const { popups, logs } = s;
    const cfgUri = fileUri(path.join(dir, '.kube-ha.yaml'));
    // Published while initializing, before anything could wait for it.
    const cfg = s.diagnostics.get(cfgUri) ?? (await s.waitForDiagnostics(cfgUri, (x) => x.length > 0, 30_000));
    assert.equal(cfg.length, 3000);
    assert.equal(cfg[1500].range.start.line, 1501, 'each problem at its line');
    const uri = fileUri(path.join(dir, 'web.yaml'));
    const d = s.waitForDiagnostics(uri, (x) => x.length > 0, 30_000);
    s.open(uri, SINGLE);
    await d;
    // Changing the file reports it again, once.
    fs.appendFileSync(path.join(dir, '.kube-ha.yaml'), '  also-unknown: off\n');
    const again = s.waitForDiagnostics(cfgUri, (x) => x.length === 3001, 30_000);
    s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: cfgUri, type: 2 }] });
    await again;
    await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.equal(popups.length, 2, `one pop-up per load of the file: ${popups.length}`);
    assert.match(popups[0], /\.kube-ha\.yaml: 3,?000 problems/);
    assertClean('server, 3,000 problems', s.stderr(), ...popups, ...logs, JSON.stringify([...s.diagnostics]));
  } finally {
    await s.stop();
  }
});
