// (3b) Big workspaces (issue 22): a GitOps-monorepo-like folder of small manifests (one folder per
// namespace, one Deployment of about 400 bytes per file, each with a finding), the server started
// on it with a long file open and edited while the scan runs. Measures keystroke → diagnostics
// during the scan, start → first full diagnostics, and resident memory then.
import * as fs from 'fs';
import * as path from 'path';
import { fileUri, startServer, insertAt } from '../test/lsp/client';
import { cpuMs, memory } from './proc';
import { readFirstPublishes } from './workspace';
import { hr, progress, sleep } from './stats';
import type { KeystrokeFile } from './generate';

/** Bump when the output changes, so a cached folder is regenerated. */
const VERSION = 1;

const manifest = (name: string, ns: string, i: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app.kubernetes.io/name: ${name}, team: team-${i % 17}}
spec:
  replicas: 1
  selector:
    matchLabels: {app.kubernetes.io/name: ${name}}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ${name}, team: team-${i % 17}}
    spec:
      containers:
      - name: app
        image: registry.example/${name}:1.${i % 9}
`;

/** `files` manifests in `namespaces` folders under `dir` (kept between runs), and their paths. */
export function generateBig(dir: string, files: number, namespaces: number): string[] {
  const marker = path.join(dir, '.generated');
  const want = `${VERSION} ${files} ${namespaces}`;
  const out: string[] = [];
  const fresh = !(fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === want);
  if (fresh) {
    fs.rmSync(dir, { recursive: true, force: true });
    progress(`big workspace: generating ${files} files in ${dir}`);
  }
  for (let i = 0; i < files; i++) {
    const ns = `team-${String(i % namespaces).padStart(2, '0')}`;
    const name = `svc-${Math.floor(i / namespaces)}`;
    const file = path.join(dir, ns, `${name}.yaml`);
    if (fresh) {
      if (i < namespaces) fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, manifest(name, ns, i));
    }
    out.push(file);
  }
  if (fresh) fs.writeFileSync(marker, want);
  return out;
}

export interface BigResult {
  files: number;
  /** Keystroke → diagnostics latencies of edits sent while the scan ran. */
  during: number[];
  indexedMs: number;
  fullMs: number;
  complete: boolean;
  seen: number;
  rssAtFull: number;
  hwm: number;
  /** Server CPU time (utime+stime, all threads) at full diagnostics. */
  cpuAtFull: number;
}

const TYPED = 'release-candidate-for-the-spring-sale-';

/**
 * Starts the server on `folder`, opens `open` at once and edits it (one character, waiting for
 * each edit's publish) until the scan's progress ends; then waits for every file of `expected` to
 * have been published with findings.
 */
export async function bigWorkspace(o: {
  command: string[];
  folder: string;
  expected: string[];
  open: KeystrokeFile;
  cwd: string;
  timeoutMs: number;
}): Promise<BigResult> {
  const expected = new Set(o.expected);
  const t0 = hr();
  const s = await startServer({ name: 'kube-ha', command: o.command, folders: [o.folder], cwd: o.cwd });
  let indexedAt = NaN;
  void s.indexed.then((t) => {
    indexedAt = t;
  });
  const during: number[] = [];
  try {
    const uri = fileUri(o.open.file);
    const opened = s.nextPublish(uri, (p) => p.version === 1, o.timeoutMs);
    s.open(uri, fs.readFileSync(o.open.file, 'utf8'), 1);
    await opened;
    let col = o.open.edit.character;
    for (let v = 2; !Number.isFinite(indexedAt); v++) {
      const wait = s.nextPublish(uri, (p) => p.version === v, o.timeoutMs);
      const t = hr();
      s.change(uri, v, [insertAt(o.open.edit.line, col++, TYPED[v % TYPED.length])]);
      const p = await wait;
      if (!Number.isFinite(indexedAt) || indexedAt > t) during.push(p.at - t);
      await sleep(30); // a fast typist's pace, not a flood: what matters is waiting behind the scan
    }
    const seen = new Set<string>();
    let lastAt = NaN;
    let scanned = 0;
    let lastReport = hr();
    let rssAtFull = NaN;
    let hwm = NaN;
    let cpuAtFull = NaN;
    for (;;) {
      const read = readFirstPublishes(s.publishes, scanned, expected, seen);
      scanned = read.next;
      lastAt = read.lastAt ?? lastAt;
      const now = hr();
      if (seen.size === expected.size || now - t0 > o.timeoutMs) {
        const m = memory(s.pid);
        rssAtFull = m.rss;
        hwm = m.hwm;
        cpuAtFull = cpuMs(s.pid);
        break;
      }
      if (now - lastReport > 5000) {
        progress(`  big workspace: ${seen.size}/${expected.size} files published`);
        lastReport = now;
      }
      await sleep(25);
    }
    return {
      files: expected.size,
      during,
      indexedMs: indexedAt - t0,
      fullMs: lastAt - t0,
      complete: seen.size === expected.size,
      seen: seen.size,
      rssAtFull,
      hwm,
      cpuAtFull,
    };
  } finally {
    await s.stop();
  }
}
