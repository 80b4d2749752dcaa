// Where the language server's memory per indexed file goes (issue 22, step 4): the server's own
// path for an unopened file (worker-side parseFileData → setParsedFile → analyse → diagnostics),
// on N generated big-workspace files, heap measured after a full GC between stages.
//   node --expose-gc out/bench/index-memory.js [N=5000] [keep|drop: the findings] [cache|nocache: per-object caches]
import * as path from 'path';
import * as os from 'os';
import { createIndex, DEFAULT_LIMITS, mergeConfig, analyzeSource, type Finding } from '../server/src/engine';
import { parseFileData, releaseDocuments } from '../server/src/engine/parse';
import { toDiagnostic } from '../server/src/language-service';
import { generateBig } from './big-workspace';
import * as fs from 'fs';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const heap = () => {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
};

const n = Number(process.argv[2] ?? 5000);
const files = generateBig(path.join(os.tmpdir(), `kube-ha-index-memory-${n}`), n, Math.max(1, Math.round(n / 500)));
const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
// Before the workers' answers: the index's stage counts the values and tables it keeps of them.
const h0 = heap();
// Cloned as a worker's answer is (structured clone): flat strings and exact arrays, not slices of the text.
const datas = texts.map((t, i) => structuredClone(parseFileData(t, DEFAULT_LIMITS, files[i])));
const index = createIndex(DEFAULT_LIMITS);
files.forEach((f, i) => releaseDocuments(index.setParsedFile(f, texts[i], datas[i])));
datas.length = 0;
const h1 = heap();
const config = mergeConfig();
const findings = new Map<string, Finding[]>();
const diagnosticsOnly = new Map<string, unknown[]>();
const keep = process.argv[3] !== 'drop';
let count = 0;
// As the server publishes an unopened file: analyse, keep its diagnostics, release its Documents and line starts.
for (const f of files) {
  const r = analyzeSource(index, index.getFile(f)!, config, { cache: process.argv[4] !== 'nocache' });
  count += r.length;
  if (keep) findings.set(f, r);
  else diagnosticsOnly.set(f, r.map(toDiagnostic));
  releaseDocuments(index.getFile(f)!);
}
const h2 = heap();
const diagnostics = new Map<string, unknown[]>();
for (const [f, fs_] of findings) diagnostics.set(f, fs_.map(toDiagnostic));
const h3 = heap();
const per = (a: number, b: number) => `${((b - a) / n).toFixed(0)} B/file`;
const bytes = texts.reduce((a, t) => a + t.length, 0) / n;
process.stdout.write(
  JSON.stringify({
    files: n,
    textBytesPerFile: Math.round(bytes),
    index: per(h0, h1),
    findings: per(h1, h2),
    diagnostics: per(h2, h3),
    total: per(h0, h3),
    findingsPerFile: count / n,
  }) + '\n',
);
