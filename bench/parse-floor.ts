// The parse floor for the CLI benchmark: one node process that finds the same files kube-ha lint
// finds (*.yaml, *.yml, recursively, skipping node_modules and .git), reads each and runs only
// yaml.parseAllDocuments over it. Nothing is analysed or printed but a count.
//   node out/bench/parse-floor.js DIR…
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

function walk(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'node_modules' && e.name !== '.git') walk(p, out); }
    else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(p);
  }
}

const files: string[] = [];
for (const a of process.argv.slice(2)) walk(path.resolve(a), files);
files.sort();
let docs = 0;
for (const f of files) docs += parseAllDocuments(fs.readFileSync(f, 'utf8')).length;
process.stdout.write(JSON.stringify({ files: files.length, docs }) + '\n');
