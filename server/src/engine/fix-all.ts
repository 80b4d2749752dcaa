// Applying every preferred fix of a file: one fix at a time, re-analysing in between, because a
// fix moves the offsets of the others and can make another finding (and its fix) moot.
import { applyEdits } from './edits';
import type { FileEdit, Finding, Fix, FixSafety } from './types';

export interface FixAllOptions {
  /** Also apply unsafe fixes (`--unsafe-fixes`): placeholders, `# TODO`s and guesses. */
  unsafe?: boolean;
}

/** The fix fix-all applies to a finding: its preferred fix, when safe (or unsafe ones are wanted). */
export function autoFix(f: Finding, opts: FixAllOptions = {}): Fix | undefined {
  return f.fixes.find((x) => x.preferred && (x.safety === 'safe' || opts.unsafe === true));
}

export interface FixAllResult {
  text: string;
  /** Titles (and safety) of the fixes applied, in order. */
  applied: { rule: string; title: string; safety: FixSafety }[];
  /** The edits of each applied fix, on the text as it was before that fix (for byte-exact writes). */
  rounds: FileEdit[][];
}

/** A fix's title as the editor shows it: an unsafe one says so (rules.md "Fix safety"). */
export function fixTitle(fix: Pick<Fix, 'title' | 'safety'>): string {
  return fix.safety === 'unsafe' ? `${fix.title} (unsafe)` : fix.title;
}

/** Fix everything fixable in `text`; `analyze` lints a version of the file's text. */
export function fixAll(text: string, analyze: (text: string) => Finding[], file: string, maxRounds = 100, opts: FixAllOptions = {}): FixAllResult {
  let current = text;
  const applied: FixAllResult['applied'] = [];
  const rounds: FileEdit[][] = [];
  // A fix that leaves its finding in place would loop; remember what failed for this text.
  const failed = new Set<string>();
  for (let round = 0; round < maxRounds; round++) {
    const findings = analyze(current);
    const next = findings.find((f) => autoFix(f, opts) && !failed.has(`${f.rule}@${f.offset.start}`));
    if (!next) break;
    const fix = autoFix(next, opts)!;
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
    applied.push({ rule: next.rule, title: fix.title, safety: fix.safety });
    rounds.push(edits);
  }
  return { text: current, applied, rounds };
}

/** The fixed text, or null when nothing changed (for the editor's fix-all action: safe fixes only). */
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
