// Where a document's nodes are, as one flat table of integers: enough to find the span of a path (what
// findings underline) without keeping the document's `yaml` nodes. The workspace index keeps
// these tables instead of Documents for files that are not open: a table is a few KB where the
// nodes are tens, and a table crosses threads (see server/src/parse-pool.ts).
//
// Layout, in document order (parents first). A node record is 4 slots:
//   [type | count << 3, start, end, size]   size: slots of the record with its children
// A map's children are its pairs, each a 2-slot header then the value's node record:
//   [keyStart, keyEnd << 2 | keyKind]
// A sequence's children are node records. Offsets are those of the parsed text; -1 = no range.
// tableSpan() gives exactly what locate.ts spanOf() gives on the nodes (tested on every path).
//
// The slots are stored as a string, slot + 1 per UTF-16 code unit, when they all fit (any
// document under 16 KB), else as an Int32Array: a small typed array costs an ArrayBuffer and an
// off-heap store besides its data, three times the string for a 400-byte manifest.
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Path } from './types';

const T_SCALAR = 0,
  T_MAP = 1,
  T_SEQ = 2,
  T_OTHER = 3,
  T_NONE = 4,
  T_PAIR = 5;
/** How a pair's key is matched against a path step. */
const K_VERBATIM = 0,
  K_LISTED = 1,
  K_NEVER = 2;

export interface PositionTable {
  /** See the layout above: a string of slot + 1 per code unit, or the slots. */
  slots: string | Int32Array;
  /** Keys whose string value differs from their source text (quoted, escaped, `1.0`): header slot → key. */
  keys: Map<number, string> | null;
}

/** The table of a parsed document's contents, in offsets of `text` (the nodes' ranges minus
 *  `base`, where the text starts in theirs); null when the document has aliases (its value then
 *  does not follow its nodes one to one, and spans are found on the nodes). */
export function positionTable(contents: unknown, text: string, base = 0): PositionTable | null {
  const out: number[] = [];
  let keys: Map<number, string> | null = null;
  let ok = true;
  const node = (n: unknown, depth: number): void => {
    const at = out.length;
    if (n === null || n === undefined) {
      out.push(T_NONE, -1, -1, 4);
      return;
    }
    if (isPair(n)) {
      out.push(T_PAIR, -1, -1, 4);
      return;
    }
    if (isAlias(n)) ok = false;
    const r = (n as { range?: number[] | null }).range;
    const start = r ? r[0] - base : -1,
      end = r ? r[1] - base : -1;
    if (depth > 10_000) {
      ok = false;
      return;
    }
    if (isMap(n)) {
      out.push(T_MAP | (n.items.length << 3), start, end, 0);
      for (const p of n.items as unknown[]) {
        const key = isPair(p) ? p.key : null;
        const kr = (key as { range?: number[] | null } | null)?.range;
        const ks = kr ? kr[0] - base : -1,
          ke = kr ? kr[1] - base : 0;
        let kind = K_NEVER;
        if (isPair(p) && isScalar(key) && kr) {
          const k = String(key.value);
          if (ke - ks === k.length && text.startsWith(k, ks)) kind = K_VERBATIM;
          else {
            kind = K_LISTED;
            (keys ??= new Map()).set(out.length, k);
          }
        }
        out.push(ks, (ke << 2) | kind);
        node(isPair(p) ? p.value : p, depth + 1);
      }
    } else if (isSeq(n)) {
      out.push(T_SEQ | (n.items.length << 3), start, end, 0);
      for (const item of n.items) node(item, depth + 1);
    } else {
      out.push(isScalar(n) ? T_SCALAR : T_OTHER, start, end, 4);
      return;
    }
    out[at + 3] = out.length - at;
  };
  node(contents, 0);
  return ok ? { slots: packSlots(out), keys } : null;
}

/** Largest slot a string code unit holds (as slot + 1). */
const MAX_PACKED = 0xfffe;

function packSlots(out: number[]): string | Int32Array {
  for (const v of out) if (v > MAX_PACKED || v < -1) return Int32Array.from(out);
  const parts: string[] = [];
  // In pieces: fromCharCode takes its code units as arguments. join() gives one flat string.
  for (let i = 0; i < out.length; i += 4096)
    parts.push(String.fromCharCode(...out.slice(i, i + 4096).map((v) => v + 1)));
  return parts.join('');
}

/** Slot i of a table's slots. */
function slot(s: string | Int32Array, i: number): number {
  return typeof s === 'string' ? s.charCodeAt(i) - 1 : s[i];
}

/** Offset of the node record at `path`, and of the pair header when the last step is a key; or null. */
function find(t: PositionTable, text: string, path: Path): { node: number; pair: number } | null {
  const s = t.slots;
  let at = 0,
    pair = -1;
  for (const step of path) {
    const type = slot(s, at) & 7,
      count = slot(s, at) >>> 3;
    let child = at + 4;
    if (typeof step === 'number') {
      if (type !== T_SEQ || !Number.isInteger(step) || step < 0 || step >= count) return null;
      for (let i = 0; i < step; i++) child += slot(s, child + 3);
      at = child;
      pair = -1;
    } else {
      if (type !== T_MAP) return null;
      let found = -1;
      for (let i = 0; i < count; i++) {
        const kind = slot(s, child + 1) & 3;
        if (
          kind === K_VERBATIM
            ? keyIs(text, slot(s, child), slot(s, child + 1) >>> 2, step)
            : kind === K_LISTED && t.keys!.get(child) === step
        ) {
          found = child;
          break;
        }
        child += 2 + slot(s, child + 5);
      }
      if (found < 0) return null;
      pair = found;
      at = found + 2;
    }
  }
  return { node: at, pair };
}

function keyIs(text: string, start: number, end: number, step: string): boolean {
  return end - start === step.length && text.startsWith(step, start);
}

/** The span of a pair: its key, with its value when that is a scalar (see locate.ts spanOf). */
function pairSpan(s: string | Int32Array, pair: number): { start: number; end: number } | null {
  const ks = slot(s, pair);
  if (ks < 0) return null;
  const v = pair + 2;
  if ((slot(s, v) & 7) === T_SCALAR && slot(s, v + 1) >= 0) return { start: ks, end: slot(s, v + 2) };
  return { start: ks, end: slot(s, pair + 1) >>> 2 };
}

/** locate.ts spanOf() over a table: offsets in the text the table was made from. */
export function tableSpan(t: PositionTable, text: string, path: Path): { start: number; end: number } | null {
  const f = find(t, text, path);
  if (!f) return null;
  if (f.pair >= 0) return pairSpan(t.slots, f.pair);
  const s = t.slots,
    at = f.node,
    type = slot(s, at) & 7;
  if (slot(s, at + 1) < 0 || type === T_NONE || type === T_PAIR) return null;
  // A sequence item that is a map: its first line only.
  if (type === T_MAP && slot(s, at) >>> 3 > 0)
    return pairSpan(s, at + 4) ?? { start: slot(s, at + 1), end: slot(s, at + 2) };
  return { start: slot(s, at + 1), end: slot(s, at + 2) };
}
