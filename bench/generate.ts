// Generates realistic Kubernetes manifests from the objects in examples/: every example file is an
// "app unit" (Deployments/StatefulSets with their Services, PDBs, HPAs), copied many times with
// its names, selectors, labels and namespace varied consistently so cross-object relations
// (Service → pods, PDB → pods, HPA → target, StatefulSet → Service) keep holding within a copy.
// Output goes to bench/generated/ (git-ignored), never committed.
import * as fs from 'fs';
import * as path from 'path';
import { Document, isMap, isPair, isScalar, parseAllDocuments, visit, type Pair } from 'yaml';

/** Bump when the output changes, so a cached bench/generated/ is regenerated. */
const GENERATOR_VERSION = 3;

interface Unit {
  name: string;
  docs: Document[];
  idents: Set<string>;
}

function loadUnits(examplesDir: string): Unit[] {
  const files = fs
    .readdirSync(examplesDir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('.'))
    .sort();
  return files.map((f) => {
    const text = fs.readFileSync(path.join(examplesDir, f), 'utf8');
    const docs: Document[] = parseAllDocuments(text).filter((d) => d instanceof Document && isMap(d.contents));
    const idents = new Set<string>();
    for (const d of docs) {
      const name = d.getIn(['metadata', 'name']);
      if (typeof name === 'string') idents.add(name);
      const appName = d.getIn(['metadata', 'labels', 'app.kubernetes.io/name']);
      if (typeof appName === 'string') idents.add(appName);
    }
    return { name: path.basename(f).replace(/\.ya?ml$/, ''), docs, idents };
  });
}

function keyOfPair(p: unknown): string | undefined {
  if (!isPair(p)) return undefined;
  const k = (p as Pair).key;
  return isScalar(k) ? String(k.value) : undefined;
}

/** One copy of a unit: names/selectors/labels suffixed with the copy number, namespace and part-of varied. */
function instantiate(unit: Unit, i: number, namespace: string): Document[] {
  const rename = (v: string) => `${v}-${i}`;
  return unit.docs.map((orig, docNo) => {
    const doc = orig.clone();
    visit(doc, {
      Pair(_, pair, ancestors) {
        const key = keyOfPair(pair);
        const value = isScalar(pair.value) ? pair.value : undefined;
        if (!key || !value || typeof value.value !== 'string') return;
        let parentKey: string | undefined;
        for (let a = ancestors.length - 1; a >= 0; a--) {
          if (isPair(ancestors[a])) {
            parentKey = keyOfPair(ancestors[a]);
            break;
          }
        }
        const v = value.value;
        if (key === 'namespace' && parentKey === 'metadata') value.value = namespace;
        else if (key === 'app.kubernetes.io/part-of') value.value = `shop-${namespace}`;
        else if (
          (key === 'name' && (parentKey === 'metadata' || parentKey === 'scaleTargetRef')) ||
          key === 'serviceName'
        ) {
          if (unit.idents.has(v)) value.value = rename(v);
        } else if (
          (parentKey === 'labels' || parentKey === 'matchLabels' || parentKey === 'selector') &&
          unit.idents.has(v)
        ) {
          value.value = rename(v);
        }
      },
    });
    // Varied labels: an instance label on every object, a team label on some.
    if (doc.hasIn(['metadata', 'labels'])) {
      doc.setIn(['metadata', 'labels', 'app.kubernetes.io/instance'], `${unit.name}-${i}`);
      if (i % 3 === 0) doc.setIn(['metadata', 'labels', 'team'], `team-${i % 17}`);
    }
    // Varied replica counts on some workloads (changes which findings fire).
    const replicas = doc.getIn(['spec', 'replicas']);
    if (typeof replicas === 'number' && docNo === 0 && i % 5 === 4) doc.setIn(['spec', 'replicas'], 1 + (i % 4));
    return doc;
  });
}

const docText = (d: Document) => d.toString({ lineWidth: 0 });

export interface KeystrokeFile {
  file: string;
  lines: number;
  docs: number;
  edit: { line: number; character: number };
}

/** A multi-document file of at least `minLines` lines; the edit point is the end of the instance
 *  label value of the Deployment in the middle of the file. */
function keystrokeFile(units: Unit[], minLines: number, file: string): KeystrokeFile {
  const parts: string[] = [];
  let lines = 0;
  let docs = 0;
  const webIndex = units.findIndex((u) => u.name === 'web');
  const start: { unit: number; line: number }[] = [];
  for (let i = 0; lines < minLines; i++) {
    const u = units[i % units.length];
    start.push({ unit: i, line: lines });
    for (const d of instantiate(u, i, `ns-${i % 10}`)) {
      const t = docText(d);
      parts.push('---\n' + t);
      lines += 1 + t.split('\n').length - 1;
      docs++;
    }
  }
  const text = parts.join('');
  // The web unit closest to the middle line.
  const mid = lines / 2;
  let best = -1;
  for (const s of start) {
    if (s.unit % units.length !== webIndex) continue;
    if (best < 0 || Math.abs(s.line - mid) < Math.abs(start[best].line - mid)) best = s.unit;
  }
  const marker = `app.kubernetes.io/instance: web-${best}\n`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`edit marker ${marker} not found`);
  const before = text.slice(0, at + marker.length - 1);
  const line = before.split('\n').length - 1;
  const character = before.length - before.lastIndexOf('\n') - 1;
  fs.writeFileSync(file, text);
  return { file, lines: text.split('\n').length - 1, docs, edit: { line, character } };
}

export interface Generated {
  keystroke: Record<string, KeystrokeFile>;
  filesDir: string;
  fileCount: number;
  fileLines: number;
  fileBytes: number;
}

export const KEYSTROKE_SIZES: Record<string, number> = { '1k': 1_000, '10k': 10_000, '50k': 50_000 };

/** Writes everything (or reuses it when the stamp says it is current). */
export function generate(repoRoot: string, fileCount: number, log: (m: string) => void): Generated {
  const out = path.join(repoRoot, 'bench', 'generated');
  const stampFile = path.join(out, 'stamp.json');
  const examples = path.join(repoRoot, 'examples');
  const exampleStamp = fs
    .readdirSync(examples)
    .sort()
    .map((f) => `${f}:${fs.statSync(path.join(examples, f)).size}`)
    .join(',');
  const want = { version: GENERATOR_VERSION, fileCount, exampleStamp };
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as { want: typeof want; result: Generated };
    if (JSON.stringify(stamp.want) === JSON.stringify(want) && fs.existsSync(stamp.result.filesDir)) {
      log(`reusing generated data in ${path.relative(repoRoot, out)}`);
      return stamp.result;
    }
  } catch {
    /* generate */
  }
  log('generating manifests from examples/ …');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(out, 'lsp'), { recursive: true });
  const units = loadUnits(examples);
  const keystroke: Record<string, KeystrokeFile> = {};
  for (const [label, n] of Object.entries(KEYSTROKE_SIZES)) {
    keystroke[label] = keystrokeFile(units, n, path.join(out, 'lsp', `manifests-${label}.yaml`));
  }
  // The workspace: one folder per namespace and app copy; most objects in their own file (the
  // common GitOps layout), every fourth copy as one multi-document file.
  const filesDir = path.join(out, 'workspace');
  let files = 0;
  let fileLines = 0;
  let fileBytes = 0;
  const write = (p: string, text: string) => {
    fs.writeFileSync(p, text);
    files++;
    fileLines += text.split('\n').length - 1;
    fileBytes += Buffer.byteLength(text);
  };
  for (let i = 0; files < fileCount; i++) {
    const u = units[i % units.length];
    const ns = `ns-${String(i % 200).padStart(3, '0')}`;
    const dir = path.join(filesDir, ns, `${u.name}-${i}`);
    fs.mkdirSync(dir, { recursive: true });
    const docs = instantiate(u, i, ns);
    if (i % 4 === 3 || fileCount - files < docs.length) {
      write(path.join(dir, `${u.name}.yaml`), docs.map((d) => '---\n' + docText(d)).join(''));
    } else {
      docs.forEach((d, k) => {
        const kind = String(d.get('kind')).toLowerCase();
        const name = String(d.getIn(['metadata', 'name']));
        write(path.join(dir, `${String(k).padStart(2, '0')}-${kind}-${name}.yaml`), docText(d));
      });
    }
  }
  const result: Generated = { keystroke, filesDir, fileCount: files, fileLines, fileBytes };
  fs.writeFileSync(stampFile, JSON.stringify({ want, result }, null, 2));
  log(
    `generated ${files} files (${fileLines} lines, ${(fileBytes / 1e6).toFixed(1)} MB) and keystroke files ${Object.values(
      keystroke,
    )
      .map((k) => `${k.lines} lines`)
      .join(', ')}`,
  );
  return result;
}
