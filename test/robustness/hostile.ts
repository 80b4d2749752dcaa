// Hostile inputs shared by the robustness tests: each case is the bytes of one file and what a
// user must see for it — a named finding (a diagnostic or a visible skip) or a clean analysis of
// the ordinary document appended after it.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';
import { repoRoot, SINGLE, SINGLE_REPLICAS_LINE } from '../../server/src/engine/testing';
export { SINGLE, SINGLE_REPLICAS_LINE };

export type Expect =
  /** At least one finding of this rule whose message matches. */
  | { rule: string; message: RegExp; alsoSingleReplica?: boolean }
  /** The text is `prefix + '---\n' + SINGLE`: nothing but the appended Deployment's single-replica. */
  | { onlySingleReplicaAtLine: number };

export interface HostileCase {
  name: string;
  file: string;
  bytes: () => Buffer;
  expect: Expect;
  /** Not sent over LSP as an opened document (an editor decodes files itself; see the workspace-scan test). */
  diskOnly?: boolean;
}

const lines = (s: string) => s.split('\n').length - 1;
/** An ordinary Deployment after `prefix` in the same file; its single-replica line in the file. */
function withSingle(prefix: string): { text: string; line: number } {
  const head = prefix + (prefix === '' || prefix.endsWith('\n') ? '' : '\n') + '---\n';
  return { text: head + SINGLE, line: lines(head) + SINGLE_REPLICAS_LINE };
}

/** Billion laughs: 9 levels of 9 aliases each, 9^9 strings when expanded. */
export function aliasBomb(): string {
  const out = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: bomb}',
    'spec:',
    '  replicas: 1',
    '  template:',
    '    metadata:',
    '      annotations:',
  ];
  out.push('        a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]');
  for (let i = 1; i <= 9; i++)
    out.push(
      `        a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  out.push('    spec:', '      containers:', '      - name: c', '        image: nginx:1.27', '        env: *a9', '');
  return out.join('\n');
}

export function flowNesting(depth: number): string {
  return (
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: {k: ' +
    '['.repeat(depth) +
    ']'.repeat(depth) +
    '}\n'
  );
}

/** Block sequences nested on one line: `- - - … x` (no indentation growth needed). */
export function blockSeqNesting(depth: number): string {
  return 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  k:\n' + '- '.repeat(depth) + 'x\n';
}

/** Block mappings nested by indentation, one space per level. */
export function blockMapNesting(depth: number): string {
  const out = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: deep}', 'data:'];
  for (let i = 1; i <= depth; i++) out.push(' '.repeat(i) + 'k:');
  out.push(' '.repeat(depth + 1) + 'v');
  return out.join('\n') + '\n';
}

export const HELM = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "web.selectorLabels" . | nindent 6 }}
`;

export const KUSTOMIZATION = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop
resources:
- deployment.yaml
- service.yaml
patches:
- path: replicas.yaml
images:
- name: nginx
  newTag: "1.27"
`;

const CR = `apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec:
  replicas: 1
  template: {spec: {containers: [{name: c, image: "x:latest"}]}}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
---
apiVersion: v1
kind: Frobnicator
metadata: {name: f}
`;

function utf8(s: string): () => Buffer {
  return () => Buffer.from(s, 'utf8');
}
function single(prefix: string, file: string, name: string, diskOnly = false): HostileCase {
  const w = withSingle(prefix);
  return { name, file, bytes: utf8(w.text), expect: { onlySingleReplicaAtLine: w.line }, diskOnly };
}

/** Every case but the 100 MB file (tested on its own, as a process). */
export function hostileCases(): HostileCase[] {
  const binary = () => {
    const b = Buffer.alloc(64 * 1024);
    let x = 12345;
    for (let i = 0; i < b.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      b[i] = (x >> 16) & 0xff;
    }
    b[100] = 0;
    return b;
  };
  return [
    {
      name: 'alias bomb (billion laughs)',
      file: 'bomb.yaml',
      bytes: utf8(aliasBomb()),
      expect: { rule: '(yaml-syntax|analysis-skipped)', message: /alias/i },
    },
    {
      name: '100,000-level flow nesting',
      file: 'flow.yaml',
      bytes: utf8(flowNesting(100_000)),
      expect: { rule: 'analysis-skipped', message: /nest|deep/i },
    },
    {
      name: '100,000-level block sequence nesting',
      file: 'block-seq.yaml',
      bytes: utf8(blockSeqNesting(100_000)),
      expect: { rule: '(analysis-skipped|yaml-syntax)', message: /nest|deep/i },
    },
    {
      name: '3,000-level block mapping nesting (indentation)',
      file: 'block-map.yaml',
      bytes: utf8(blockMapNesting(3_000)),
      expect: { rule: 'analysis-skipped', message: /nest|deep/i },
    },
    {
      name: 'binary content',
      file: 'binary.yaml',
      bytes: binary,
      expect: { rule: 'analysis-skipped', message: /binary/i },
    },
    {
      name: 'NUL byte in a manifest',
      file: 'nul.yaml',
      bytes: utf8(SINGLE.replace('name: web', 'name: w\u0000eb')),
      expect: { rule: 'analysis-skipped', message: /binary|NUL/i },
    },
    {
      name: 'invalid UTF-8 (read from disk)',
      file: 'latin1.yaml',
      diskOnly: true,
      bytes: () =>
        Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff, 0xfe, 0xc3]), Buffer.from('\n' + SINGLE)]),
      expect: { rule: '.*', message: /UTF-8/i, alsoSingleReplica: true },
    },
    single('\uFEFF', 'bom.yaml', 'byte order mark'),
    {
      name: 'BOM then the manifest',
      file: 'bom2.yaml',
      bytes: utf8('\uFEFF' + SINGLE),
      expect: { rule: 'single-replica', message: /1 replica/ },
    },
    {
      name: 'CRLF line ends',
      file: 'crlf.yaml',
      bytes: utf8(withSingle('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n').text.replace(/\n/g, '\r\n')),
      expect: { onlySingleReplicaAtLine: withSingle('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n').line },
    },
    {
      name: 'tab indentation',
      file: 'tabs.yaml',
      bytes: utf8('apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n'),
      expect: { rule: 'yaml-syntax', message: /tab/i },
    },
    {
      name: 'duplicate keys',
      file: 'dup.yaml',
      bytes: utf8('apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {}\nspec: {}\n'),
      expect: { rule: 'yaml-syntax', message: /unique|duplicate/i },
    },
    single(CR, 'custom.yaml', 'unknown kinds and custom resources'),
    single('', 'empty-doc.yaml', 'an empty document before a manifest'),
    single(
      '---\n---\n# just a comment\n---\n...\n',
      'empty-docs.yaml',
      'empty documents, comments and a document end marker',
    ),
    {
      name: 'an empty file',
      file: 'empty.yaml',
      bytes: () => Buffer.alloc(0),
      expect: { onlySingleReplicaAtLine: -1 },
    },
    {
      name: 'Helm template',
      file: 'templates/deployment.yaml',
      bytes: utf8(HELM),
      expect: { rule: 'analysis-skipped', message: /templat/i },
    },
    single(KUSTOMIZATION, 'kustomization.yaml', 'Kustomization'),
    // Issue 16, defect 7: a million empty documents cost ~1.6 GB parsed; a visible skip instead.
    {
      name: 'a million empty documents (4 MB of ---)',
      file: 'many-docs.yaml',
      bytes: utf8('---\n'.repeat(1_000_000)),
      expect: { rule: 'analysis-skipped', message: /documents/ },
    },
    {
      name: 'a million document end markers',
      file: 'many-ends.yaml',
      bytes: utf8('a: 1\n' + '...\n'.repeat(1_000_000)),
      expect: { rule: 'analysis-skipped', message: /documents/ },
    },
    {
      name: 'unterminated flow and quotes',
      file: 'broken.yaml',
      bytes: utf8('apiVersion: v1\nkind: Service\nmetadata: {name: "x\nspec: [\n'),
      expect: { rule: 'yaml-syntax', message: /./ },
    },
  ];
}

export function tmpDir(prefix = 'kube-ha-robust-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeCase(dir: string, c: HostileCase): string {
  const p = path.join(dir, c.file);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, c.bytes());
  return p;
}

/** Writes a file of about `bytes` bytes of YAML-looking log lines without holding it in memory. */
export function writeHugeFile(file: string, bytes: number): void {
  const fd = fs.openSync(file, 'w');
  try {
    const block = Buffer.from(
      Array.from(
        { length: 1000 },
        (_, i) =>
          `line-${String(i).padStart(4, '0')}: 2026-11-01T12:00:00Z INFO request served in 12 ms path=/api/v1/items/${i}\n`,
      ).join(''),
    );
    let written = 0;
    fs.writeSync(fd, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n');
    while (written < bytes) {
      fs.writeSync(fd, block);
      written += block.length;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The rule pattern of an expectation as a whole-id regexp. */
export function ruleRe(rule: string): RegExp {
  return new RegExp(`^(?:${rule})$`);
}

/** Runs the real binary with a preload that writes the process's peak RSS (kB) at exit. */
export function runBinary(
  args: string[],
  cwd: string,
  timeoutMs: number,
  stdin: 'ignore' | number = 'ignore',
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; maxRssMB: number }> {
  const dir = tmpDir('kube-ha-rss-');
  const preload = path.join(dir, 'rss.js');
  const report = path.join(dir, 'rss.txt');
  fs.writeFileSync(
    preload,
    `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(report)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--require', preload, path.join(repoRoot(), 'bin', 'kube-ha.js'), ...args], {
      cwd,
      stdio: [stdin, 'pipe', 'pipe'],
    });
    let stdout = '',
      stderr = '';
    p.stdout!.on('data', (c) => {
      stdout += c;
    });
    p.stderr!.on('data', (c) => {
      stderr += c;
    });
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`kube-ha ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    p.on('exit', (code, signal) => {
      clearTimeout(timer);
      const kb = fs.existsSync(report) ? Number(fs.readFileSync(report, 'utf8')) : NaN;
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, stdout, stderr, maxRssMB: kb / 1024 });
    });
  });
}
