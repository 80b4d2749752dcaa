// (3) Workspace scale: the language server started on a folder of generated manifest files; time
// from spawning it to the end of its indexing progress and to the last publish of the files that
// have findings (which files those are comes from the CLI run over the same folder).
import * as path from 'path';
import { fileURLToPath } from 'url';
import { startServer, type Publish } from '../test/lsp/client';
import { memory } from './proc';
import { hr, progress, sleep } from './stats';

export interface WorkspaceResult {
  files: number;
  expected: number;
  seen: number;
  complete: boolean;
  startMs: number;
  indexedMs: number;
  fullMs: number;
  rssAtFull: number;
  hwm: number;
  peakRssPolled: number;
  rssAfterSettle: number;
}

export async function workspaceScale(o: {
  command: string[];
  folder: string;
  files: number;
  expectedFiles: string[];
  cwd: string;
  timeoutMs: number;
}): Promise<WorkspaceResult> {
  const expected = new Set(o.expectedFiles.map((f) => path.resolve(o.cwd, f)));
  const t0 = hr();
  const s = await startServer({ name: 'kube-ha', command: o.command, folders: [o.folder], cwd: o.cwd });
  const startMs = hr() - t0;
  let indexedAt = NaN;
  void s.indexed.then((t) => {
    indexedAt = t;
  });
  const seen = new Set<string>();
  let lastExpectedAt = NaN;
  let scanned = 0;
  let peak = 0;
  let rssAtFull = NaN;
  let hwmAtFull = NaN;
  let lastReport = hr();
  try {
    for (;;) {
      const read = readFirstPublishes(s.publishes, scanned, expected, seen);
      scanned = read.next;
      lastExpectedAt = read.lastAt ?? lastExpectedAt;
      const m = memory(s.pid);
      if (m.rss > peak) peak = m.rss;
      const now = hr();
      if (seen.size === expected.size) {
        rssAtFull = m.rss;
        hwmAtFull = m.hwm;
        break;
      }
      const lastPublish = s.publishes.length ? s.publishes[s.publishes.length - 1].at : t0;
      if (Number.isFinite(indexedAt) && now - Math.max(lastPublish, indexedAt) > 10_000) {
        rssAtFull = m.rss;
        hwmAtFull = m.hwm;
        break;
      }
      if (now - t0 > o.timeoutMs) {
        rssAtFull = m.rss;
        hwmAtFull = m.hwm;
        break;
      }
      if (now - lastReport > 5000) {
        progress(`  workspace: ${seen.size}/${expected.size} files with findings published`);
        lastReport = now;
      }
      await sleep(25);
    }
    await sleep(1000);
    const after = memory(s.pid);
    return {
      files: o.files,
      expected: expected.size,
      seen: seen.size,
      complete: seen.size === expected.size,
      startMs,
      indexedMs: indexedAt - t0,
      fullMs: lastExpectedAt - t0,
      rssAtFull,
      hwm: Math.max(hwmAtFull, after.hwm),
      peakRssPolled: peak,
      rssAfterSettle: after.rss,
    };
  } finally {
    await s.stop();
  }
}

/** Reads publishes from `from` on: an expected file's first publish with findings marks it seen.
 *  Returns where to read on and the arrival of the last file newly seen. */
export function readFirstPublishes(
  publishes: Publish[],
  from: number,
  expected: Set<string>,
  seen: Set<string>,
): { next: number; lastAt?: number } {
  let lastAt: number | undefined;
  for (const p of publishes.slice(from)) {
    let f: string;
    try {
      f = fileURLToPath(p.uri);
    } catch {
      continue;
    }
    if (p.diagnostics.length > 0 && expected.has(f) && !seen.has(f)) {
      seen.add(f);
      lastAt = p.at;
    }
  }
  return { next: publishes.length, lastAt };
}
