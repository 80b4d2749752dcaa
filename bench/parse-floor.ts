// The parse floor for the CLI benchmark: one node process that finds the same files kube-ha lint
// finds (*.yaml, *.yml, recursively, skipping node_modules and .git), reads each and runs only
// yaml.parseAllDocuments over it. Nothing is analysed or printed but a count.
//   node out/bench-dist/parse-floor.js [--threads N] DIR…
// With --threads N the files are shared out to N worker threads, as kube-ha's parse pool does:
// the floor for the same process model (one process, N parsing threads).
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { Worker, isMainThread, parentPort, workerData } from 'worker_threads';
import { parseAllDocuments } from 'yaml';
import { yamlFilesUnder } from '../test/yaml-files';

function parseAll(files: string[]): number {
  let docs = 0;
  for (const f of files) docs += parseAllDocuments(fs.readFileSync(f, 'utf8')).length;
  return docs;
}

if (!isMainThread) {
  parentPort!.postMessage(parseAll(workerData as string[]));
} else {
  const { values, positionals } = parseArgs({
    options: { threads: { type: 'string', default: '0' } },
    allowPositionals: true,
    strict: true,
  });
  const threads = Number(values.threads);
  const files = positionals.flatMap((a) => yamlFilesUnder(path.resolve(a))).sort();
  const done = (docs: number) =>
    process.stdout.write(JSON.stringify({ files: files.length, docs, threads: threads || 1 }) + '\n');
  if (threads > 0) {
    // Every n-th file to each thread: the shards are alike in size.
    const shards = Array.from({ length: threads }, (_, i) => files.filter((_, j) => j % threads === i));
    void Promise.all(
      shards.map(
        (shard) =>
          new Promise<number>((resolve, reject) => {
            const w = new Worker(__filename, { workerData: shard });
            w.once('message', resolve);
            w.once('error', reject);
          }),
      ),
    ).then((counts) => done(counts.reduce((a, b) => a + b, 0)));
  } else done(parseAll(files));
}
