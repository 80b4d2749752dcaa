// Applying every preferred fix of a file: one fix at a time, re-analysing in between, because a
// fix moves the offsets of the others and can make another finding (and its fix) moot.
import { applyEdits } from './edits';
import type { FileEdit, Finding } from './types';

export interface FixAllResult {
  text: string;
  /** Titles of the fixes applied, in order. */
  applied: { rule: string; title: string }[];
  /** The edits of each applied fix, on the text as it was before that fix (for byte-exact writes). */
  rounds: FileEdit[][];
}

/** Fix everything fixable in `text`; `analyze` lints a version of the file's text. */
export function fixAll(text: string, analyze: (text: string) => Finding[], file: string, maxRounds = 100): FixAllResult {
  let current = text;
  const applied: FixAllResult['applied'] = [];
  const rounds: FileEdit[][] = [];
  // A fix that leaves its finding in place would loop; remember what failed for this text.
  const failed = new Set<string>();
  for (let round = 0; round < maxRounds; round++) {
    const findings = analyze(current);
    const next = findings.find((f) => f.fixes.some((x) => x.preferred) && !failed.has(`${f.rule}@${f.offset.start}`));
    if (!next) break;
    const fix = next.fixes.find((x) => x.preferred)!;
    let edits: FileEdit[];
    try {
      edits = fix.edits().filter((e) => e.file === file);
    } catch {
      edits = [];
    }
    const after = edits.length ? applyEdits(current, edits) : current;
    if (after === current) { failed.add(`${next.rule}@${next.offset.start}`); continue; }
    current = after;
    failed.clear();
    applied.push({ rule: next.rule, title: fix.title });
    rounds.push(edits);
  }
  return { text: current, applied, rounds };
}

/** The fixed text, or null when nothing changed (for the editor's fix-all action). */
export function fixAllText(text: string, analyze: (text: string) => Finding[], file: string): string | null {
  const r = fixAll(text, analyze, file);
  return r.text === text ? null : r.text;
}

/** One edit replacing the smallest differing span of two texts (keeps the rest untouched). */
export function minimalEdit(oldText: string, newText: string): { start: number; end: number; newText: string } {
  let s = 0;
  const max = Math.min(oldText.length, newText.length);
  while (s < max && oldText.charCodeAt(s) === newText.charCodeAt(s)) s++;
  let eo = oldText.length, en = newText.length;
  while (eo > s && en > s && oldText.charCodeAt(eo - 1) === newText.charCodeAt(en - 1)) { eo--; en--; }
  return { start: s, end: eo, newText: newText.slice(s, en) };
}
