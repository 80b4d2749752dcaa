// An open file's diagnostics as last published, each with its JSON: a keystroke re-publishes every
// finding of its file (LSP sends a file's whole list), and most are the same as last time, moved
// at most within the text (their offsets, not what a diagnostic says). Those keep their encoding.
import type { Diagnostic } from 'vscode-languageserver/node';
import type { Finding } from './engine';
import { toDiagnostic } from './language-service';

export interface EncodedDiagnostics {
  findings: readonly Finding[];
  diagnostics: Diagnostic[];
  /** JSON.stringify of each diagnostic. */
  pieces: string[];
  /** JSON.stringify(diagnostics): the pieces in a list; and its UTF-8 bytes, as sent. */
  json: string;
  bytes: Buffer;
}

/** The findings' diagnostics and their JSON, reusing `last`'s for each finding (at the same place
 *  in the list) that says the same as its predecessor. */
export function encodeDiagnostics(
  findings: readonly Finding[],
  last: EncodedDiagnostics | undefined,
): EncodedDiagnostics {
  const diagnostics: Diagnostic[] = new Array<Diagnostic>(findings.length);
  const pieces: string[] = new Array<string>(findings.length);
  let reused = 0;
  for (let i = 0; i < findings.length; i++) {
    if (last && i < last.findings.length && sameDiagnostic(findings[i], last.findings[i])) {
      diagnostics[i] = last.diagnostics[i];
      pieces[i] = last.pieces[i];
      reused++;
    } else {
      diagnostics[i] = toDiagnostic(findings[i]);
      pieces[i] = JSON.stringify(diagnostics[i]);
    }
  }
  if (last && reused === findings.length && reused === last.findings.length) return { ...last, findings };
  const json = `[${pieces.join(',')}]`;
  return { findings, diagnostics, pieces, json, bytes: Buffer.from(json, 'utf8') };
}

type Range = Finding['range'];

const sameRange = (a: Range, b: Range) =>
  a === b ||
  (a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character);

/** Does toDiagnostic give the same for both? (It reads these fields only.) */
function sameDiagnostic(a: Finding, b: Finding): boolean {
  if (a === b) return true;
  if (a.rule !== b.rule || a.severity !== b.severity || a.message !== b.message || !sameRange(a.range, b.range))
    return false;
  if (a.related === b.related) return true;
  if (a.related.length !== b.related.length) return false;
  for (let i = 0; i < a.related.length; i++) {
    const x = a.related[i],
      y = b.related[i];
    if (x.file !== y.file || x.message !== y.message || !sameRange(x.range, y.range)) return false;
  }
  return true;
}
