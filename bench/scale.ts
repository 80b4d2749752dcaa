// (6) Scale in one namespace (issue 19): cost that grows with the objects, not their square.
// Deployment + Service + PDB triplets, all in one namespace: `kube-ha lint` over one file of 1,000
// to 8,000 triplets and over the same objects one namespace each; `lint --fix` over 1,000 and
// 4,000 files of one namespace; keystrokes in a file of a 4,000-triplet namespace (LSP).
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { startServer, fileUri, insertAt } from '../test/lsp/client';
import { cpuMs, settled } from './proc';
import { hr, progress } from './stats';

/** One triplet. The Deployment selects `app: <name>`, which the Service and the PDB select too;
 *  it lacks requests, limits and spread, and the PDB lacks an eviction policy: fixable findings. */
export function triplet(i: number, ns: string): string {
  const name = `app-${i}`;
  return `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: ${name}
    version: v${i % 7}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        tier: web
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.${i % 13}.0
          ports:
            - containerPort: 8080
              name: http
          readinessProbe:
            httpGet: { path: /ready, port: http }
          livenessProbe:
            httpGet: { path: /live, port: http }
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    app: ${name}
  ports:
    - port: 80
      targetPort: http
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: ${name}
`;
}

const NS = 'shop';

export interface ScaleData {
  dir: string;
  oneFile: Record<number, string>;
  spread: string;
  fixSets: number[];
  keystrokeDir: string;
  keystrokeFile: string;
}

/** Files of 1,000 triplets (3,000 documents): a file of more than 10,000 documents is not analysed
 *  (parse.ts limits), so "one file" of the table is as few files as that allows. */
function tripletFiles(d: string, n: number, ns: (i: number) => string): string {
  fs.mkdirSync(d);
  for (let f = 0; f * 1000 < n; f++) {
    const parts: string[] = [];
    for (let i = f * 1000; i < Math.min(n, f * 1000 + 1000); i++) parts.push(triplet(i, ns(i)));
    fs.writeFileSync(path.join(d, `triplets-${f}.yaml`), parts.join(''));
  }
  return d;
}

/** Writes bench/generated/scale/ (rewritten every run: small next to what it measures). */
export function generateScale(
  outRoot: string,
  sizes: number[],
  fixSets: number[],
  keystrokeTriplets: number,
  spreadN: number,
): ScaleData {
  const dir = path.join(outRoot, 'scale');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const oneFile: Record<number, string> = {};
  for (const n of sizes) {
    oneFile[n] = tripletFiles(path.join(dir, `one-ns-${n}`), n, () => NS);
  }
  const spread = tripletFiles(path.join(dir, `ns-each-${spreadN}`), spreadN, (i) => `ns-${i}`);
  // The keystroke workspace: 10 triplets per file; the edited file is in the middle.
  const keystrokeDir = path.join(dir, `keystroke-${keystrokeTriplets}`);
  fs.mkdirSync(keystrokeDir);
  for (let f = 0; f < keystrokeTriplets / 10; f++) {
    const p: string[] = [];
    for (let i = f * 10; i < f * 10 + 10; i++) p.push(triplet(i, NS));
    fs.writeFileSync(path.join(keystrokeDir, `apps-${String(f).padStart(4, '0')}.yaml`), p.join(''));
  }
  const keystrokeFile = path.join(keystrokeDir, `apps-${String(keystrokeTriplets / 20).padStart(4, '0')}.yaml`);
  return { dir, oneFile, spread, fixSets, keystrokeDir, keystrokeFile };
}

/** A fresh directory of n files, one triplet each, in one namespace (--fix rewrites them). */
export function fixSet(data: ScaleData, n: number): string {
  const d = path.join(data.dir, `fix-${n}`);
  fs.rmSync(d, { recursive: true, force: true });
  fs.mkdirSync(d);
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(d, `app-${String(i).padStart(5, '0')}.yaml`), triplet(i, NS));
  return d;
}

/** Wall time of one command (exit 0 or 1 = findings), stdout discarded. */
export function timeCommand(cmd: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = hr();
    const p = spawn(cmd[0], cmd.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (c: Buffer) => {
      err = (err + c.toString()).slice(-4000);
    });
    p.on('error', reject);
    p.on('exit', (code) =>
      code === 0 || code === 1 ? resolve(hr() - t0) : reject(new Error(`${cmd.join(' ')} exited ${code}: ${err}`)),
    );
  });
}

export interface ScaleKeystroke {
  selected: number[];
  unread: number[];
  selectedCpu: number;
  unreadCpu: number;
}

/**
 * Keystrokes in the middle file of the keystroke workspace, after the server has indexed it:
 * first at the end of a pod-template label value a Service and a PDB select (each edit changes
 * which objects they select), then at the end of a Deployment's metadata label value no selector
 * reads. Latency: didChange → publish of that version; the next edit waits until the server is
 * idle (it re-checks other files after publishing), and CPU per edit counts that work too.
 */
export async function scaleKeystrokes(
  data: ScaleData,
  command: string[],
  o: { edits: number; warmup: number; cwd: string },
): Promise<ScaleKeystroke> {
  const s = await startServer({ name: 'kube-ha', command, folders: [data.keystrokeDir], cwd: o.cwd });
  try {
    await s.indexed;
    await settled(s.pid, { maxMs: 120_000 });
    const text = fs.readFileSync(data.keystrokeFile, 'utf8');
    const uri = fileUri(data.keystrokeFile);
    const opened = s.nextPublish(uri, (p) => p.version === 1, 120_000);
    s.open(uri, text, 1);
    await opened;
    await settled(s.pid, { maxMs: 60_000 });
    const lines = text.split('\n');
    // The 5th triplet of the file: its pod template's `app:` label and its metadata `version:` label.
    let seen = 0;
    let podLine = -1,
      versionLine = -1;
    for (let l = 0; l < lines.length; l++) {
      if (lines[l] === 'kind: Deployment' && ++seen === 5) {
        for (let m = l; m < lines.length && (podLine < 0 || versionLine < 0); m++) {
          if (versionLine < 0 && lines[m].startsWith('    version: ')) versionLine = m;
          if (lines[m] === '        tier: web') podLine = m - 1;
        }
        break;
      }
    }
    if (podLine < 0 || versionLine < 0) throw new Error('scale keystroke: edit points not found');
    let version = 1;
    const run = async (line: number): Promise<{ lat: number[]; cpu: number }> => {
      let col = lines[line].length;
      const lat: number[] = [];
      let cpu0 = 0;
      for (let k = 0; k < o.warmup + o.edits; k++) {
        if (k === o.warmup) cpu0 = cpuMs(s.pid);
        const v = ++version;
        const wait = s.nextPublish(uri, (p) => p.version === v, 120_000);
        const t0 = hr();
        s.change(uri, v, [insertAt(line, col++, 'x')]);
        const p = await wait;
        if (k >= o.warmup) lat.push(p.at - t0);
        await settled(s.pid, { maxMs: 30_000 });
      }
      return { lat, cpu: (cpuMs(s.pid) - cpu0) / o.edits };
    };
    const sel = await run(podLine);
    progress(`  scale keystroke: ${o.edits} edits of a selected label done`);
    const unread = await run(versionLine);
    return { selected: sel.lat, unread: unread.lat, selectedCpu: sel.cpu, unreadCpu: unread.cpu };
  } finally {
    await s.stop();
  }
}
