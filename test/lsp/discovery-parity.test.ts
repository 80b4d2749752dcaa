// Issue 20: the editor and `kube-ha lint` over the same folder index the same files and report
// the same findings (README: CI enforces what the editor shows). The real language server over
// stdio against the real CLI (bin/kube-ha.js), on examples/ and on a tree with symlinks, dist/,
// out/, node_modules/ and nested configs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { fileURLToPath } from 'url';
import { parseAllDocuments } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { fileUri, repoRootFromTest, startServer, type LspSession } from './client';
import { SINGLE, tmpDir } from '../robustness/hostile';

const SEVERITY = ['', 'error', 'warning', 'info'];
const row = (
  r: { start: { line: number; character: number }; end: { line: number; character: number } },
  severity: string,
  rule: string,
  message: string,
) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${severity} ${rule}: ${message}`;

interface Run {
  files: string[];
  findings: Map<string, string[]>;
  stderr: string;
}

/** `kube-ha lint .` in `cwd`, as a process: the files it read (JUnit lists each) and its findings by file. */
function lintCli(cwd: string): Run {
  const bin = path.join(repoRootFromTest(), 'bin', 'kube-ha.js');
  const run = (format: string) => {
    const r = spawnSync(process.execPath, [bin, 'lint', '--format', format, '--fail-on', 'error', '.'], {
      cwd,
      encoding: 'utf8',
    });
    assert.ok(r.status === 0 || r.status === 1, `kube-ha lint exited ${r.status}: ${r.stderr}`);
    return r;
  };
  const json = run('json');
  const files = [...run('junit').stdout.matchAll(/<testcase name="([^"]*)"/g)]
    .map((m) => m[1].replace(/&amp;/g, '&'))
    .sort();
  const findings = new Map<string, string[]>();
  for (const f of JSON.parse(json.stdout).findings as {
    file: string;
    severity: string;
    rule: string;
    message: string;
    range: any;
  }[]) {
    findings.set(f.file, [...(findings.get(f.file) ?? []), row(f.range, f.severity, f.rule, f.message)]);
  }
  for (const list of findings.values()) list.sort();
  return { files, findings, stderr: json.stderr };
}

/** The Kubernetes objects of every YAML file under `dirs`, skipped or not: what the editor could have indexed. */
function objectsUnder(dirs: string[]): { kind: string; name: string; namespace: string }[] {
  const out = new Map<string, { kind: string; name: string; namespace: string }>();
  for (const dir of dirs) {
    for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const p = path.join(dir, rel);
      if (!fs.lstatSync(p).isFile()) continue;
      for (const doc of parseAllDocuments(fs.readFileSync(p, 'utf8'))) {
        const o = doc.toJS?.() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
        if (!o?.kind || !o.metadata?.name) continue;
        const key = { kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace ?? 'default' };
        out.set(JSON.stringify(key), key);
      }
    }
  }
  return [...out.values()];
}

/** The editor on folder `root`: the files its index holds (kubeHa/findManifest answers from it) and, once
 *  each has the CLI's findings, its diagnostics by file (a mismatch times out naming what it got). */
async function editor(
  root: string,
  cli: Run,
  scanned: string[],
  configs: string[] = [],
): Promise<{ files: string[]; findings: Map<string, string[]>; logs: string[]; configs: Map<string, string[]> }> {
  const s: LspSession = await startServer({ folders: [root] });
  try {
    await s.indexed;
    const rel = (uri: string) => path.relative(root, fileURLToPath(uri)).split(path.sep).join('/');
    const files = new Set<string>();
    for (const o of objectsUnder(scanned)) {
      for (const hit of await s.conn.sendRequest<{ uri: string }[]>('kubeHa/findManifest', o)) files.add(rel(hit.uri));
    }
    const rows = (d: Diagnostic[]) =>
      d.map((x) => row(x.range, SEVERITY[x.severity!], String(x.code), x.message)).sort();
    const findings = new Map<string, string[]>();
    for (const [file, want] of cli.findings) {
      const uri = fileUri(path.join(root, file));
      const same = (d: Diagnostic[]) => JSON.stringify(rows(d)) === JSON.stringify(want);
      // A file the editor did not index gets no diagnostics to wait for: the file lists differ already.
      const wait = files.has(file) && !same(s.diagnostics.get(uri) ?? []);
      const got = wait
        ? await s.waitForDiagnostics(uri, same, 60_000).catch(() => s.diagnostics.get(uri) ?? [])
        : (s.diagnostics.get(uri) ?? []);
      findings.set(file, rows(got));
    }
    // What an open .kube-ha.yaml shows; a hover request runs its analysis to the end first.
    const said = new Map<string, string[]>();
    for (const c of configs) {
      const uri = fileUri(path.join(root, c));
      s.open(uri, fs.readFileSync(path.join(root, c), 'utf8'));
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      said.set(
        c,
        (s.diagnostics.get(uri) ?? []).map((x) => x.message),
      );
    }
    return { files: [...files].sort(), findings, logs: s.logs, configs: said };
  } finally {
    await s.stop();
  }
}

/** A Deployment of its own name, namespace and labels (SINGLE's). */
const deployment = (name: string, ns: string, replicas: number) =>
  SINGLE.replace(/\bweb\b/g, name)
    .replace('  name: ' + name, `  name: ${name}\n  namespace: ${ns}`)
    .replace('replicas: 1', `replicas: ${replicas}`);

test('editor and kube-ha lint: the same files and findings on examples/', async () => {
  const examples = path.join(repoRootFromTest(), 'examples');
  const cli = lintCli(examples);
  assert.ok(cli.files.length >= 5 && [...cli.findings.values()].flat().length > 10, `a real comparison: ${cli.files}`);
  const ed = await editor(examples, cli, [examples]);
  assert.deepEqual(ed.files, cli.files);
  assert.deepEqual(ed.findings, cli.findings);
});

test('editor and kube-ha lint: the same files and findings on a tree with symlinks, dist/, node_modules/ and nested configs', async () => {
  const outside = tmpDir('kube-ha-parity-out-');
  fs.writeFileSync(path.join(outside, 'secret.yaml'), deployment('outside', 'x', 1));
  fs.mkdirSync(path.join(outside, 'dir'));
  fs.writeFileSync(path.join(outside, 'dir', 's.yaml'), deployment('outside-dir', 'x', 1));
  const repo = tmpDir('kube-ha-parity-');
  const files: Record<string, string> = {
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.git/stray.yaml': deployment('in-git', 'x', 1),
    '.kube-ha.yaml': 'minReplicas: 3\nrules:\n  single-replica: error\n',
    'apps/web.yaml': deployment('web', 'apps', 1),
    'apps/team/.kube-ha.yaml': 'rules:\n  single-replica: off\n',
    'apps/team/api.yaml': deployment('api', 'apps', 2),
    'lib/shared.yaml': deployment('shared', 'lib', 1),
    'lib/data.txt': deployment('data', 'lib', 1),
    'dist/rendered.yaml': deployment('rendered', 'dist', 1),
    'out/all.yaml': deployment('out-all', 'dist', 1),
    'node_modules/chart/manifests/vendored.yaml': deployment('vendored', 'vendor', 1),
    'node_modules/other/skip.yaml': deployment('nm-skip', 'vendor', 1),
  };
  for (const [f, t] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
    fs.writeFileSync(path.join(repo, f), t);
  }
  const link = (target: string, at: string) => fs.symlinkSync(target, path.join(repo, at));
  link('../lib/shared.yaml', 'apps/shared.yaml');
  link('lib/data.txt', 'renamed.yaml');
  link('node_modules/chart/manifests', 'vendor');
  link('..', 'apps/loop');
  link(path.join(outside, 'secret.yaml'), 'out-link.yaml');
  link(path.join(outside, 'dir'), 'out-dir');
  try {
    const cli = lintCli(repo);
    assert.deepEqual(cli.files, [
      'apps/team/api.yaml',
      'apps/web.yaml',
      'dist/rendered.yaml',
      'lib/shared.yaml',
      'out/all.yaml',
      'renamed.yaml',
      'vendor/vendored.yaml',
    ]);
    // The root's config applies (single-replica: error, minReplicas 3), the nested one does not.
    assert.ok(
      cli.findings.get('apps/team/api.yaml')!.some((r) => / error single-replica: /.test(r)),
      JSON.stringify(cli.findings.get('apps/team/api.yaml')),
    );
    assert.match(cli.stderr, /apps\/team\/\.kube-ha\.yaml: not applied/);
    assert.match(cli.stderr, /out-link\.yaml: skipped, symlink leads out of/);
    const ed = await editor(repo, cli, [repo, outside], ['.kube-ha.yaml', 'apps/team/.kube-ha.yaml']);
    assert.deepEqual(ed.configs.get('.kube-ha.yaml'), []);
    assert.match(ed.configs.get('apps/team/.kube-ha.yaml')!.join(), /^not applied: /);
    assert.deepEqual(ed.files, cli.files);
    assert.deepEqual(ed.findings, cli.findings);
    assert.ok(
      ed.logs.some((l) => /apps\/team\/\.kube-ha\.yaml: not applied/.test(l)),
      ed.logs.join('\n'),
    );
    assert.ok(
      ed.logs.some((l) => /out-link\.yaml: skipped, symlink leads out of/.test(l)),
      ed.logs.join('\n'),
    );

    // A workspace folder below the repository root: the root's config, found upward, by both.
    const apps = path.join(repo, 'apps');
    const sub = lintCli(apps);
    assert.deepEqual(sub.files, ['team/api.yaml', 'web.yaml']);
    assert.ok(
      sub.findings.get('web.yaml')!.some((r) => / error single-replica: /.test(r)),
      JSON.stringify(sub.findings.get('web.yaml')),
    );
    assert.match(sub.stderr, /shared\.yaml: skipped, symlink leads out of/);
    const edSub = await editor(apps, sub, [repo, outside]);
    assert.deepEqual(edSub.files, sub.files);
    assert.deepEqual(edSub.findings, sub.findings);
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('editor: files that appear after the scan are indexed as the walk (and kube-ha lint) would find them', async () => {
  const repo = tmpDir('kube-ha-parity-later-');
  fs.mkdirSync(path.join(repo, '.git'));
  fs.writeFileSync(path.join(repo, 'web.yaml'), deployment('web', 'later', 1));
  const s = await startServer({ folders: [repo] });
  try {
    await s.indexed;
    const later: Record<string, string> = {
      'dist/rendered.yaml': 'rendered',
      'node_modules/pkg/x.yaml': 'in-node-modules',
      '.git/x.yaml': 'in-git',
      'lib/own.yaml': 'own',
    };
    for (const [f, name] of Object.entries(later)) {
      fs.mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
      fs.writeFileSync(path.join(repo, f), deployment(name, 'later', 1));
    }
    fs.symlinkSync('lib/own.yaml', path.join(repo, 'link-to-own.yaml'));
    const uris = [...Object.keys(later), 'link-to-own.yaml'].map((f) => fileUri(path.join(repo, f)));
    s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: uris.map((uri) => ({ uri, type: 1 })) });
    const where = async (name: string) =>
      (
        await s.conn.sendRequest<{ uri: string }[]>('kubeHa/findManifest', {
          kind: 'Deployment',
          name,
          namespace: 'later',
        })
      ).map((h) => path.relative(repo, fileURLToPath(h.uri)));
    assert.deepEqual(await where('rendered'), ['dist/rendered.yaml']);
    assert.deepEqual(await where('own'), ['lib/own.yaml'], 'once, by its own name');
    assert.deepEqual(await where('in-node-modules'), []);
    assert.deepEqual(await where('in-git'), []);
    const cli = lintCli(repo);
    assert.deepEqual(cli.files, ['dist/rendered.yaml', 'lib/own.yaml', 'web.yaml']);
  } finally {
    await s.stop();
    fs.rmSync(repo, { recursive: true, force: true });
  }
});
