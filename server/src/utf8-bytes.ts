// Where decoded text lies in the bytes it came from. Text is decoded as TextDecoder does (a
// leading BOM dropped, each invalid sequence, as its maximal subpart, one U+FFFD), so offsets in
// the text map back to exact byte offsets: fixes are spliced into the bytes, never re-encoded.

/** Length in bytes of the sequence at `i` and whether it is valid UTF-8 (WHATWG decoding). */
function sequenceAt(b: Uint8Array, i: number): { len: number; units: number; valid: boolean } {
  const c = b[i];
  if (c < 0x80) return { len: 1, units: 1, valid: true };
  let need: number,
    lo = 0x80,
    hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) need = 1;
  else if (c >= 0xe0 && c <= 0xef) {
    need = 2;
    if (c === 0xe0) lo = 0xa0;
    if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    need = 3;
    if (c === 0xf0) lo = 0x90;
    if (c === 0xf4) hi = 0x8f;
  } else return { len: 1, units: 1, valid: false };
  let j = 1;
  for (; j <= need; j++) {
    const x = b[i + j];
    if (x === undefined || x < lo || x > hi) return { len: j, units: 1, valid: false };
    lo = 0x80;
    hi = 0xbf;
  }
  return { len: j, units: need === 3 ? 2 : 1, valid: true };
}

export function bomLength(b: Uint8Array): number {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
}

export interface ByteSpan {
  start: number;
  end: number;
  valid: boolean;
}

/**
 * Byte spans of UTF-16 spans of the decoded text; `valid`: the bytes of the span are valid UTF-8.
 * Null when an offset falls inside a character (between the halves of a surrogate pair) or past
 * the end. Spans must be sorted by start, not overlapping.
 */
export function byteSpans(b: Uint8Array, spans: readonly { start: number; end: number }[]): ByteSpan[] | null {
  const out: ByteSpan[] = [];
  let i = bomLength(b),
    unit = 0,
    k = 0;
  let open: { start: number; valid: boolean } | null = null;
  for (;;) {
    while (k < spans.length) {
      const s = spans[k];
      if (!open && s.start === unit) open = { start: i, valid: true };
      if (open && s.end === unit) {
        out.push({ start: open.start, end: i, valid: open.valid });
        open = null;
        k++;
        continue;
      }
      if ((!open && s.start < unit) || (open && s.end < unit)) return null;
      break;
    }
    if (k === spans.length) return out;
    if (i >= b.length) return null;
    const seq = sequenceAt(b, i);
    if (open && !seq.valid) open.valid = false;
    i += seq.len;
    unit += seq.units;
  }
}

/** Is every byte valid UTF-8 (a BOM allowed)? */
export function isValidUtf8(b: Uint8Array): boolean {
  for (let i = 0; i < b.length;) {
    const seq = sequenceAt(b, i);
    if (!seq.valid) return false;
    i += seq.len;
  }
  return true;
}

/**
 * A file name's bytes as printable text: valid UTF-8 as it is, invalid bytes and control
 * characters (newlines, tabs, escapes) as \xNN / \n / \t, so a name is one line of output.
 */
export function escapeName(b: Uint8Array): string {
  // Most names are printable ASCII, shown as they are: no per-character work.
  let printable = true;
  for (let i = 0; i < b.length && printable; i++) printable = b[i] >= 0x20 && b[i] < 0x7f;
  if (printable) return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  let out = '';
  for (let i = 0; i < b.length;) {
    const seq = sequenceAt(b, i);
    if (!seq.valid) {
      out += `\\x${b[i].toString(16).padStart(2, '0')}`;
      i += 1;
      continue;
    }
    const c = b[i];
    if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += Buffer.from(b.subarray(i, i + seq.len)).toString('utf8');
    i += seq.len;
  }
  return out;
}
