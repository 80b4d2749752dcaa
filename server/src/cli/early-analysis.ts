// Analysing files while the parse workers are still reading the others, so that the CLI does not
// end with every file's analysis on one thread while the other cores idle. Cross-object findings
// depend on files not read yet, so an early result is used only if it is final: at the end, a
// file keeps its early findings when no dependency key of its objects changed since (the keys
// the editor's report cache trusts, workspace.ts dependencyKey); else it is analysed again.
import { objectsOf, type SourceFile, type WorkspaceIndex } from '../engine';

/** Files indexed after a file before it is analysed early, if its namespaces were left alone
 *  meanwhile: files of a namespace usually sit together, and the next ones may still change it. */
export const SETTLE_FILES = 256;
/** A file whose namespaces are still changing this many settle periods after it is left for the end. */
const GIVE_UP_AFTER = 4;

/** T: what an analysis gives (the CLI keeps a rule's internal errors with the findings, so a
 *  file analysed twice reports them once). */
export interface EarlyAnalysis<T> {
  /** A file was indexed (in reading order). */
  indexed(source: SourceFile): void;
  /** Analyse the files that have settled; call when this thread would otherwise wait. */
  step(): void;
  /** The file's analysis: its early one if still valid, else analysed now. */
  result(source: SourceFile): T;
}

export function createEarlyAnalysis<T>(
  index: WorkspaceIndex,
  analyze: (source: SourceFile) => T,
  settleFiles = SETTLE_FILES,
): EarlyAnalysis<T> {
  const lastChanged = new Map<string, number>();
  const waiting: { source: SourceFile; at: number; namespaces: string[] }[] = [];
  let head = 0;
  let count = 0;
  const early = new Map<SourceFile, { result: T; signature: string }>();
  const signature = (s: SourceFile) =>
    objectsOf(s)
      .map((o) => index.dependencyKey(o))
      .join('\n');
  return {
    indexed(source) {
      count++;
      const namespaces = [...new Set(objectsOf(source).map((o) => o.namespace))];
      for (const ns of namespaces) lastChanged.set(ns, count);
      waiting.push({ source, at: count, namespaces });
    },
    step() {
      while (head < waiting.length && count - waiting[head].at >= settleFiles) {
        const w = waiting[head];
        if (w.namespaces.some((ns) => count - lastChanged.get(ns)! < settleFiles)) {
          // A namespace still being written to: wait for it, unless its files are spread over the
          // whole reading order (then the file is analysed at the end).
          if (count - w.at < GIVE_UP_AFTER * settleFiles) return;
          head++;
          continue;
        }
        head++;
        early.set(w.source, { result: analyze(w.source), signature: signature(w.source) });
      }
      if (head > 1024 && head * 2 > waiting.length) {
        waiting.splice(0, head);
        head = 0;
      }
    },
    result(source) {
      const e = early.get(source);
      early.delete(source);
      return e && e.signature === signature(source) ? e.result : analyze(source);
    },
  };
}
