// A 53-bit fingerprint of a value's JSON, to tell whether what is about to be sent equals what
// was sent before without keeping the earlier value: kept as values, the diagnostics of every
// unopened file would grow the server by kilobytes a file (bench/RESULTS.md). Values with the same JSON
// have the same fingerprint; different ones have it by chance only (about 2^-53).

export function fingerprint(value: unknown): number {
  return fingerprintJson(JSON.stringify(value) ?? '');
}

/** The fingerprint of a value whose JSON is `s`. */
export function fingerprintJson(s: string): number {
  // Two multiplicative hashes, two UTF-16 units a round.
  let a = 0x811c9dc5 ^ s.length;
  let b = 0x9747b28c;
  let i = 0;
  for (; i + 1 < s.length; i += 2) {
    const k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    a = Math.imul(a ^ k, 0x01000193);
    b = Math.imul(b ^ k, 0x5bd1e995);
    b ^= b >>> 13;
  }
  if (i < s.length) {
    a = Math.imul(a ^ s.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ s.charCodeAt(i), 0x5bd1e995);
  }
  a ^= a >>> 16;
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
