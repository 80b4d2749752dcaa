// Applying every preferred fix of a file: a round applies the first fixable finding's fix and the
// fixes after it that cannot be affected by it, then re-analyses, because a fix moves the offsets
// of the others and can make another finding (and its fix) moot.
import { applyEdits } from './edits';
import { ruleById } from './rules';
import type { FileEdit, Finding, Fix, FixSafety } from './types';

export interface FixAllOptions {
  /** Also apply unsafe fixes (`--unsafe-fixes`): placeholders, `# TODO`s and guesses. */
  unsafe?: boolean;
}

/** What `analyze` may return: with the documents' offset ranges, fixes on other documents share a round. */
export interface FixAnalysis {
  findings: Finding[];
  docs: readonly { start: number; end: number }[];
}

/** The fix fix-all applies to a finding: its preferred fix, when safe (or unsafe ones are wanted). */
export function autoFix(f: Finding, opts: FixAllOptions = {}): Fix | undefined {
  return f.fixes.find((x) => x.preferred && (x.safety === 'safe' || opts.unsafe === true));
}

export interface FixAllResult {
  text: string;
  /** Titles (and safety) of the fixes applied, in order. */
  applied: { rule: string; title: string; safety: FixSafety }[];
  /** The edits of each round, on the text as it was before that round (for byte-exact writes). */
  rounds: FileEdit[][];
}

/** A fix's title as the editor shows it: an unsafe one says so (rules.md "Fix safety"). */
export function fixTitle(fix: Pick<Fix, 'title' | 'safety'>): string {
  return fix.safety === 'unsafe' ? `${fix.title} (unsafe)` : fix.title;
}

const touches = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start <= b.end && b.start <= a.end;

/**
 * May the fix of finding `f` (edits `edits`) join a round whose earlier fixes edit `taken`?
 * Only when nothing earlier in the round can change its finding or its edits: a rule that reads
 * no other object, on a document no earlier edit touches, editing only that document. Applied one
 * after the other, in finding order, the result would be the same.
 */
function joins(f: Finding, edits: readonly FileEdit[], taken: readonly FileEdit[], docs: FixAnalysis['docs']): boolean {
  const rule = ruleById(f.rule);
  if (!rule || rule.crossObject) return false;
  const doc = docs.find((d) => d.start <= f.offset.start && f.offset.start < d.end);
  if (!doc || taken.some((e) => touches(e, doc))) return false;
  return edits.every((e) => e.start >= doc.start && e.end <= doc.end && !taken.some((t) => touches(t, e)));
}

/** Fix everything fixable in `text`; `analyze` lints a version of the file's text. */
export function fixAll(
  text: string,
  analyze: (text: string) => Finding[] | FixAnalysis,
  file: string,
  maxRounds = 100,
  opts: FixAllOptions = {},
): FixAllResult {
  let current = text;
  const applied: FixAllResult['applied'] = [];
  const rounds: FileEdit[][] = [];
  // A fix that leaves its finding in place would loop; remember what failed for this text.
  const failed = new Set<string>();
  const key = (f: Finding) => `${f.rule}@${f.offset.start}`;
  for (let round = 0; round < maxRounds; round++) {
    const a = analyze(current);
    const findings = Array.isArray(a) ? a : a.findings;
    const taken: FileEdit[] = [];
    const titles: FixAllResult['applied'] = [];
    for (const f of findings) {
      const fix = autoFix(f, opts);
      if (!fix || failed.has(key(f))) continue;
      // Without the documents, one fix a round.
      if (taken.length > 0 && Array.isArray(a)) break;
      let edits: FileEdit[];
      try {
        edits = fix.edits().filter((e) => e.file === file);
      } catch {
        edits = [];
      }
      // A fix that changes nothing is skipped on this text (as fixing it and finding it again would).
      if (edits.every((e) => current.slice(e.start, e.end) === e.newText)) {
        failed.add(key(f));
        continue;
      }
      if (taken.length > 0 && !joins(f, edits, taken, (a as FixAnalysis).docs)) break;
      taken.push(...edits);
      titles.push({ rule: f.rule, title: fix.title, safety: fix.safety });
    }
    if (taken.length === 0) break;
    current = applyEdits(current, taken);
    failed.clear();
    applied.push(...titles);
    rounds.push(taken);
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
  let eo = oldText.length,
    en = newText.length;
  while (eo > s && en > s && oldText.charCodeAt(eo - 1) === newText.charCodeAt(en - 1)) {
    eo--;
    en--;
  }
  return { start: s, end: eo, newText: newText.slice(s, en) };
}
