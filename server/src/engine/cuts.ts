// Cutting a file into its documents at `---` lines, and its line starts, for a whole text or for
// an edit of one (scanning only what changed: these run over the whole file on every keystroke).
import type { LineIndex, SourceFile } from './types';

/**
 * Does a line start with `prefix` (for `...`: followed by white space or the end), as the regex
 * /^prefix/m would say — any JS line terminator starts a line. With indexOf rather than that
 * regex: this runs over the whole file on every keystroke.
 */
function hasLineStarting(text: string, prefix: string, spaceAfter: boolean, from = 0, to = text.length): boolean {
  // The prefix is rare, newlines are not: find the prefix, then look at the character before it.
  for (let i = text.indexOf(prefix, from); i >= 0 && i <= to; i = text.indexOf(prefix, i + 1)) {
    const before = i === 0 ? 10 : text.charCodeAt(i - 1);
    if (before !== 10 && before !== 13 && before !== 0x2028 && before !== 0x2029) continue;
    if (!spaceAfter || i + prefix.length >= text.length || /\s/.test(text[i + prefix.length])) return true;
  }
  return false;
}

/** Cut points: each `---` line starts a new chunk. Directives (`%`) or `...` lines: no cuts. */
export function cuts(text: string): number[] {
  const out = [0];
  if (hasLineStarting(text, '%', false) || hasLineStarting(text, '...', true)) return out;
  pushCuts(text, 0, text.length, out);
  return out;
}

/** Push the cut points p with from <= p <= to (p > 0) onto out. */
function pushCuts(text: string, from: number, to: number, out: number[]): void {
  for (let i = text.indexOf('\n---', Math.max(0, from - 1)); i >= 0 && i + 1 <= to; i = text.indexOf('\n---', i + 4)) {
    const c = text.charCodeAt(i + 4);
    if (Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13) out.push(i + 1);
  }
}

/**
 * cuts(text) for an edit of `before`, whose chunks were `old`, scanning only what changed: each
 * of these scans costs a pass over the whole file on every keystroke otherwise. Whether a position
 * is a cut, a directive or a document end depends on the characters from the one before it to
 * the one after the marker, so positions whose characters all lie in the unchanged leading or
 * trailing chunks keep their old answer: no directive or document end (the old text had cuts),
 * and a cut exactly where an old chunk started. Null when the old chunks cannot say.
 * `head` and `tail`: how many leading and trailing old chunks it found unchanged in place (the
 * trailing ones at their old start moved by the change in length), so parseSteps need not
 * compare them with the text again.
 */
export function editedCuts(
  text: string,
  before: string,
  old: readonly { start: number; text: string }[],
): { points: number[]; head: number; tail: number } | null {
  const n = old.length;
  if (n < 2 || old[0].start !== 0) return null;
  for (let i = 1; i < n; i++) if (old[i].start !== old[i - 1].start + old[i - 1].text.length) return null;
  if (old[n - 1].start + old[n - 1].text.length !== before.length) return null;
  const delta = text.length - before.length;
  const inPlace = (c: { text: string }, at: number) =>
    at >= 0 && at + c.text.length <= text.length && text.slice(at, at + c.text.length) === c.text;
  // At least one old chunk stays in the middle: the last chunk's extent depends on what follows it.
  let head = 0;
  while (head < n - 1 && inPlace(old[head], old[head].start)) head++;
  const from = old[head].start;
  let tail = 0;
  while (
    tail < n - 1 - head &&
    old[n - 1 - tail].start + delta >= from &&
    inPlace(old[n - 1 - tail], old[n - 1 - tail].start + delta)
  )
    tail++;
  const to = tail > 0 ? old[n - tail].start + delta : text.length;
  // A marker found at or after `from` is enough: the leading chunks end in a line break.
  if (hasLineStarting(text, '%', false, from, to) || hasLineStarting(text, '...', true, from, to))
    return { points: [0], head: 0, tail: 0 };
  const out: number[] = [];
  for (let i = 0; i < head; i++) out.push(old[i].start);
  if (head === 0) out.push(0);
  // Cuts in [from, to], the start of the first trailing chunk included: the line before it changed.
  pushCuts(text, Math.max(1, from), to, out);
  for (let i = n - tail + 1; i < n; i++) out.push(old[i].start + delta);
  return { points: out, head, tail };
}

/** Offsets where lines start, the first (0) included. */
export function lineStartsOf(text: string): number[] {
  const out: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out.slice(); // exact length: kept for the file's lifetime (see compactNodes)
}

/**
 * The line starts of `text`, an edit of `previous.text` that left [0, from) and [to, end) as they
 * were (both at line starts): the previous parse's for those, a scan of [from, to) for the rest.
 */
export function editedLineStarts(previous: SourceFile, text: string, from: number, to: number): number[] {
  const before = previous.lineCounter.lineStarts;
  const delta = text.length - previous.text.length;
  // The kept head: old line starts <= from (binary searches: they are sorted).
  const head = countBelow(before, from + 1);
  // Up to the end of the text when nothing after the change is kept: a newline typed at the very
  // end starts a line at text.length.
  const limit = to === text.length ? text.length + 1 : to;
  const middle: number[] = [];
  for (let nl = text.indexOf('\n', from); nl >= 0 && nl + 1 < limit; nl = text.indexOf('\n', nl + 1))
    middle.push(nl + 1);
  // The kept tail: from the first old line start at or after it (it may also be the head's last
  // one: `---` typed above a `---` line leaves an empty middle). A search, not a walk from the
  // head: that covers every line after an edit near the top of a big file.
  let tail = to < text.length ? countBelow(before, to - delta) : before.length;
  // A deletion that leaves nothing between the kept parts (a whole first line above `---`) maps
  // the tail's first start onto the head's last: one line start, kept once.
  const last = middle.length > 0 ? middle[middle.length - 1] : head > 0 ? before[head - 1] : -1;
  if (tail < before.length && before[tail] + delta <= last) tail++;
  // Exact length, filled in place: the array is kept for the file's lifetime (see lineStartsOf),
  // and growing it by push would copy it a few times on every keystroke.
  const out = new Array<number>(head + middle.length + before.length - tail);
  let k = 0;
  for (let i = 0; i < head; i++) out[k++] = before[i];
  for (let i = 0; i < middle.length; i++) out[k++] = middle[i];
  for (let i = tail; i < before.length; i++) out[k++] = before[i] + delta;
  return out;
}

/** How many values of an ascending array are below x. */
function countBelow(sorted: readonly number[], x: number): number {
  let lo = 0,
    hi = sorted.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (sorted[m] < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** A file's line table: yaml's LineCounter without its two closures per instance (one table is
 *  kept per indexed file), and with line starts found when first read and let go by release(). */
export class LineTable implements LineIndex {
  private starts: readonly number[] | null;
  constructor(
    private readonly text: string,
    starts?: readonly number[],
  ) {
    this.starts = starts ?? null;
  }
  get lineStarts(): readonly number[] {
    return (this.starts ??= lineStartsOf(this.text));
  }
  /** Let go of the line starts (8 bytes a line) until they are read again: for files not being edited. */
  release(): void {
    this.starts = null;
  }
  /** As LineCounter.linePos: a binary search for the line holding `offset`. */
  linePos(offset: number): { line: number; col: number } {
    const starts = this.lineStarts;
    let low = 0,
      high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid] < offset) low = mid + 1;
      else high = mid;
    }
    if (starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    return { line: low, col: offset - starts[low - 1] + 1 };
  }
}
