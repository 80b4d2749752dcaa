// Engine findings → LSP data (diagnostics, code actions). Pure: it uses the protocol's data
// types but not the connection, so it is tested without a client.
import {
  CodeAction, CodeActionKind, DiagnosticSeverity, type Diagnostic, type Range as LspRange, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { applyEdits, rangeAt, type FileEdit, type Finding, type SourceFile } from './engine';
import { ruleDocUri } from './package-root';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kube-ha`;

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** file id (URI) → the parsed source, to turn edit offsets into positions. */
export type SourceLookup = (file: string) => SourceFile | undefined;

export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: ruleDocUri(f.rule) },
    source: 'kube-ha',
    message: f.message,
    ...(f.related.length ? {
      relatedInformation: f.related.map((r) => ({ location: { uri: r.file, range: r.range }, message: r.message })),
    } : {}),
  };
}

function sameRange(a: LspRange, b: LspRange): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character
    && a.end.line === b.end.line && a.end.character === b.end.character;
}

function overlaps(a: LspRange, b: LspRange): boolean {
  const before = (p: LspRange['start'], q: LspRange['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

export function toWorkspaceEdit(edits: FileEdit[], lookup: SourceLookup): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits) {
    const src = lookup(e.file);
    if (!src) continue;
    (changes[e.file] ??= []).push({ range: rangeAt(src.lineCounter, e.start, e.end), newText: e.newText });
  }
  return { changes };
}

/** Quick fixes for the diagnostics the client sent that match our findings. */
export function quickFixes(findings: Finding[], diagnostics: Diagnostic[], lookup: SourceLookup): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== 'kube-ha') continue;
    const f = findings.find((x) => x.rule === d.code && sameRange(x.range, d.range));
    if (!f) continue;
    for (const fix of f.fixes) {
      let edits: FileEdit[];
      try { edits = fix.edits(); } catch { continue; } // a fix that cannot apply here is not offered
      const action = CodeAction.create(fix.title, toWorkspaceEdit(edits, lookup), CodeActionKind.QuickFix);
      action.diagnostics = [d];
      action.isPreferred = fix.preferred;
      out.push(action);
    }
  }
  return out;
}

/** Findings whose range touches the requested range (for clients that send no diagnostics). */
export function findingsIn(findings: Finding[], range: LspRange): Finding[] {
  return findings.filter((f) => overlaps(f.range, range));
}

/**
 * Fix all: apply the preferred fix of every finding, re-analysing between fixes (a fix can make
 * another finding's offsets stale or its fix moot), until nothing fixable is left. Returns the
 * final text, or null when nothing changed.
 */
export function fixAllText(text: string, analyze: (text: string) => Finding[], file: string, maxRounds = 50): string | null {
  let current = text;
  const tried = new Set<string>();
  for (let round = 0; round < maxRounds; round++) {
    const findings = analyze(current);
    const next = findings.find((f) => f.fixes.some((x) => x.preferred) && !tried.has(`${f.rule}@${f.offset.start}@${current.length}`));
    if (!next) break;
    tried.add(`${next.rule}@${next.offset.start}@${current.length}`);
    const fix = next.fixes.find((x) => x.preferred)!;
    let edits: FileEdit[];
    try { edits = fix.edits().filter((e) => e.file === file); } catch { continue; }
    if (edits.length === 0) continue;
    current = applyEdits(current, edits);
  }
  return current === text ? null : current;
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
