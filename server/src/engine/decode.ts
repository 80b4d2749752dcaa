// File bytes → text: UTF-8, invalid sequences replaced and reported.
import type { Finding, SourceFile } from './types';
import { parserFinding, SYNTAX_RULE } from './parse-findings';

/** Decoders made once: a decoder is stateless between whole-input decode() calls, and making one
 *  per file showed in the workspace scan's profile. */
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });
const UTF8_REPLACING = new TextDecoder('utf-8');

/** Decode file bytes as UTF-8; invalid sequences are replaced and reported. */
export function decodeUtf8(bytes: Uint8Array): { text: string; invalidAt: number | null } {
  try {
    return { text: UTF8_STRICT.decode(bytes), invalidAt: null };
  } catch {
    const text = UTF8_REPLACING.decode(bytes);
    // A binary file (NUL bytes) is one skip (contentSkipReason), not also an encoding error.
    return { text, invalidAt: text.includes('\u0000') ? null : Math.max(0, text.indexOf('\uFFFD')) };
  }
}

/** A parse finding for invalid UTF-8 found when the file was read (see decodeUtf8). */
export function invalidUtf8Finding(source: SourceFile, at: number): Finding {
  return parserFinding(
    source,
    SYNTAX_RULE,
    at,
    at + 1,
    'invalid UTF-8: the bytes here were replaced by U+FFFD; save the file as UTF-8',
  );
}
