// Engine findings → LSP data (diagnostics, code actions). Pure: it uses the protocol's data
// types but not the connection, so it is tested without a client.
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  type Diagnostic,
  type Range as LspRange,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { fixTitle, rangeAt, type FileEdit, type Finding, type SourceFile } from './engine';
import { disableInConfig, ignoreForObject, ignoreOnLine } from './engine/suppress-edits';
export { fixAllText, minimalEdit } from './engine/fix-all';
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
    ...(f.related.length
      ? {
          relatedInformation: f.related.map((r) => ({ location: { uri: r.file, range: r.range }, message: r.message })),
        }
      : {}),
  };
}

function sameRange(a: LspRange, b: LspRange): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

function overlaps(a: LspRange, b: LspRange): boolean {
  const before = (p: LspRange['start'], q: LspRange['start']) =>
    p.line < q.line || (p.line === q.line && p.character <= q.character);
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
      try {
        edits = fix.edits();
      } catch {
        continue;
      } // a fix that cannot apply here is not offered
      const action = CodeAction.create(fixTitle(fix), toWorkspaceEdit(edits, lookup), CodeActionKind.QuickFix);
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
 * "Ignore <rule> for this object" (annotation), "Ignore <rule> on this line" (comment) and
 * "Turn <rule> off in this workspace" (.kube-ha.yaml) for each of our diagnostics.
 */
export function suppressionActions(
  findings: Finding[],
  diagnostics: Diagnostic[],
  source: SourceFile,
  uri: string,
  config: { uri: string; text: string | null } | null,
): CodeAction[] {
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  const edit = (e: FileEdit): WorkspaceEdit => ({
    changes: { [uri]: [{ range: rangeAt(source.lineCounter, e.start, e.end), newText: e.newText }] },
  });
  for (const d of diagnostics) {
    if (d.source !== 'kube-ha') continue;
    const f = findings.find((x) => x.rule === d.code && sameRange(x.range, d.range));
    if (!f) continue;
    const doc = source.docs.find((x) => f.offset.start >= x.start && f.offset.start < x.end);
    const add = (title: string, e: WorkspaceEdit) => {
      if (seen.has(title)) return;
      seen.add(title);
      const a = CodeAction.create(title, e, CodeActionKind.QuickFix);
      a.diagnostics = [d];
      out.push(a);
    };
    if (doc?.object && f.rule !== 'yaml-syntax') {
      add(`Ignore ${f.rule} for this object`, edit(ignoreForObject(doc.object, f.rule)));
    }
    add(`Ignore ${f.rule} on this line`, edit(ignoreOnLine(source, f.range.start.line, f.rule)));
    if (config) {
      const next = disableInConfig(config.text, f.rule);
      if (next !== config.text) {
        const e: WorkspaceEdit =
          config.text === null
            ? {
                documentChanges: [
                  { kind: 'create', uri: config.uri, options: { ignoreIfExists: true } },
                  {
                    textDocument: { uri: config.uri, version: null },
                    edits: [
                      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: next },
                    ],
                  },
                ],
              }
            : { changes: { [config.uri]: [wholeTextEdit(config.text, next)] } };
        add(`Turn ${f.rule} off in this workspace`, e);
      }
    }
  }
  return out;
}

function wholeTextEdit(oldText: string, newText: string): TextEdit {
  const lines = oldText.split('\n');
  return {
    range: {
      start: { line: 0, character: 0 },
      end: { line: lines.length - 1, character: lines[lines.length - 1].length },
    },
    newText,
  };
}
