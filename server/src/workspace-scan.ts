// The workspace scan: list the folders' manifests (workspace-files.ts), read and parse them in
// worker threads, index each as a scan task of the scheduler (after every pending edit and the
// re-checks it caused), then re-analyse every file once. Folders of open files go first, also
// those of files opened while the scan runs.
import * as path from 'path';
import { fileURLToPath } from 'url';
import { releaseDocuments } from './engine';
import { reanalyzeAll } from './analysis';
import { fromBytes, fromParsed, readForIndex, type FsPath, type ReadResult } from './read-file';
import { createParsePool, eachLimited, type ParseResult } from './parse-pool';
import { SCAN } from './scheduler';
import { keyOf, openDocument, type ServerState } from './server-state';
import { capNotice, fileUriOf, planScan } from './workspace-files';

/** Files read and parsed at once during the scan: enough to keep every worker busy, few enough
 *  that texts waiting to be indexed stay a small part of memory. */
const SCAN_WINDOW = 64;

/** Bytes of a path, as a string that compares like them (latin1: one character per byte). */
const bytesOf = (p: FsPath) => (typeof p === 'string' ? Buffer.from(p) : p).toString('latin1');

/** A file to scan; `first`: in the folder of an open file (its parsing goes ahead of others). */
export interface ScanItem {
  file: FsPath;
  first: boolean;
}

export interface ScanQueue extends Iterable<ScanItem> {
  /** The rest of this file's folder goes next (a file was opened there). */
  prefer(filePath: string): void;
}

/** The files to scan, folder by folder in listing order, a preferred folder first. */
export function scanQueue(files: FsPath[]): ScanQueue {
  type Folder = { files: FsPath[]; next: number };
  const folders = new Map<string, Folder>();
  for (const f of files) {
    const dir = path.dirname(bytesOf(f));
    let d = folders.get(dir);
    if (!d) folders.set(dir, (d = { files: [], next: 0 }));
    d.files.push(f);
  }
  const order = [...folders.values()];
  const preferred: Folder[] = [];
  return {
    prefer(filePath) {
      const d = folders.get(path.dirname(bytesOf(filePath)));
      if (d && d.next < d.files.length) preferred.push(d);
    },
    *[Symbol.iterator]() {
      let at = 0;
      for (;;) {
        while (preferred.length && preferred[0].next >= preferred[0].files.length) preferred.shift();
        while (at < order.length && order[at].next >= order[at].files.length) at++;
        const d = preferred[0] ?? order[at];
        if (!d) return;
        yield { file: d.files[d.next++], first: d === preferred[0] };
      }
    },
  };
}

const pathOf = (uri: string): string[] => {
  try {
    return [fileURLToPath(keyOf(uri))];
  } catch {
    return [];
  }
};

export async function indexWorkspace(s: ServerState) {
  const progress = s.client.canProgress ? await s.connection.window.createWorkDoneProgress() : null;
  progress?.begin('kube-ha: indexing manifests', 0, 'listing files…', false);
  const cap = s.config.maxWorkspaceFiles;
  const plan = await planScan(
    s.folders,
    s.documents.all().flatMap((d) => pathOf(d.uri)),
    cap,
    s.log,
  );
  const notice = capNotice(plan, cap);
  if (notice) {
    s.log(notice);
    void s.connection.window.showInformationMessage(notice);
  }
  const queue = scanQueue(plan.files);
  for (const d of s.documents.all()) for (const p of pathOf(d.uri)) queue.prefer(p);
  const opened = s.documents.onDidOpen((e) => {
    for (const p of pathOf(e.document.uri)) queue.prefer(p);
  });
  const of = (k: number) =>
    `${k.toLocaleString('en-US')} of ${plan.files.length.toLocaleString('en-US')} files${plan.left ? ` (${plan.left.toLocaleString('en-US')} left for later)` : ''}`;
  progress?.report(0, of(0));
  let n = 0;
  const started = Date.now();
  // Worker threads read and parse; this thread indexes what they send (plain values and position
  // tables: no yaml nodes, which are most of the memory an index of Documents holds).
  const pool = createParsePool();
  const counted = () => {
    if (++n % 200 === 0) progress?.report(Math.floor((100 * n) / plan.files.length), of(n));
  };
  const indexOne = async ({ file, first }: ScanItem) => {
    const key = fileUriOf(file);
    let parsed: ParseResult | null = null;
    // Workers take string paths; a name that is not valid UTF-8 is read here.
    if (pool && typeof file === 'string')
      parsed = await pool.parse(file, s.index.limits.maxBytes, { first }).catch(() => null);
    let data: ReadResult | null = null;
    if (!parsed || 'error' in parsed) {
      // No worker, or it could not read or parse the file: here, as without workers (a file gone
      // since it was listed is skipped; anything else is indexed and says what is wrong with it).
      data = await readForIndex(file, s.index.limits.maxBytes).catch(() => null);
      if (data === null) {
        counted();
        return;
      } // gone since it was listed
    }
    // Indexing is a scan task: it waits for pending edits and their re-checks. What it changes is
    // re-checked once, by the re-analysis at the end of the scan, not by the next edit.
    await s.scheduler.run(`scan:${key}`, SCAN, () => {
      counted();
      if (openDocument(s, key)) return; // open: the editor's text is fresher
      s.changes.aside(() => {
        if (data !== null) releaseDocuments(fromBytes(s.index, key, data));
        else fromParsed(s.index, key, parsed as Exclude<ParseResult, { error: string }>);
      });
    });
  };
  try {
    await eachLimited(queue, SCAN_WINDOW, indexOne);
  } finally {
    opened.dispose();
    void pool?.close();
  }
  progress?.report(100, `${of(n)} indexed`);
  progress?.done();
  s.log(`indexed ${n} files in ${Date.now() - started} ms${pool ? '' : ' (without parse workers)'}`);
  void s.rendering.refresh(); // claims the trees' files first: they are never analysed as plain files
  reanalyzeAll(s);
}
