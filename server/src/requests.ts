// The server's requests, each a function over the state: code actions (quick fixes, suppressions,
// fix-all), hover, code lens and kube-ha/findManifest. Each first runs the file's pending job to
// its end, so it answers for the latest text.
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type CodeLensParams,
  type Diagnostic,
  type HoverParams,
} from 'vscode-languageserver/node';
import { analyzeSource, rangeAt } from './engine';
import {
  FIX_ALL_KIND,
  findingsIn,
  fixAllText,
  minimalEdit,
  quickFixes,
  suppressionActions,
  toDiagnostic,
  toWorkspaceEdit,
} from './language-service';
import { hoverAt } from './hover';
import { codeLenses } from './code-lens';
import { keyOf, uriOf, type ServerState } from './server-state';
import { configFileFor } from './workspace-config';
import type { FindManifestParams, FindManifestResult } from '../../common/src/protocol';

export function codeActions(s: ServerState, params: CodeActionParams): CodeAction[] {
  const key = keyOf(params.textDocument.uri);
  s.scheduler.finish(key);
  const findings = s.findingsByFile.get(key) ?? [];
  const lookup = (file: string) => s.index.getFile(file);
  const only = params.context.only;
  const out: CodeAction[] = [];
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
  const source = s.index.getFile(key);
  if (wants(CodeActionKind.QuickFix)) {
    const diags: Diagnostic[] = params.context.diagnostics.length
      ? params.context.diagnostics
      : findingsIn(findings, params.range).map(toDiagnostic);
    out.push(...quickFixes(findings, diags, lookup).map((a) => ({ ...a, edit: remapUris(s, a.edit) })));
    if (source) out.push(...suppressionActions(findings, diags, source, uriOf(s, key), configFileFor(s.folders, key)));
  }
  if (wants(FIX_ALL_KIND) && source) {
    const fixed = fixAllOf(s, key, source.text);
    if (fixed !== null) {
      const edit = toWorkspaceEdit([{ file: key, ...minimalEdit(source.text, fixed) }], lookup);
      out.push({
        title: 'Fix all kube-ha problems in this file (safe fixes)',
        kind: FIX_ALL_KIND,
        edit: remapUris(s, edit),
      });
    }
  }
  return out;
}

/** The file's text with every safe fix applied (null: nothing to fix). Drafts are analysed in the
 *  real index, then the text is put back; what they changed in the index is nobody's news, and
 *  what other jobs have pending stays theirs (change-log.ts). */
function fixAllOf(s: ServerState, key: string, original: string): string | null {
  return s.changes.aside(() => {
    try {
      return fixAllText(original, (text) => analyzeSource(s.index, s.index.setFile(key, text), s.config.config), key);
    } finally {
      s.index.setFile(key, original);
    }
  });
}

/** Edits name files by index key; send them with the URI the client knows. */
function remapUris<T extends { changes?: Record<string, unknown> }>(
  s: ServerState,
  edit: T | undefined,
): T | undefined {
  if (!edit?.changes) return edit;
  const changes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(edit.changes)) changes[uriOf(s, k)] = v;
  return { ...edit, changes };
}

export function findManifest(s: ServerState, p: FindManifestParams): FindManifestResult {
  return s.index
    .objects()
    .filter((o) => o.kind === p.kind && o.name === p.name && o.namespace === p.namespace)
    .map((o) => {
      const d = o.source.docs[o.docIndex];
      return { uri: uriOf(s, o.file), range: rangeAt(o.source.lineCounter, d.start, d.start) };
    });
}

export function hover(s: ServerState, params: HoverParams) {
  const key = keyOf(params.textDocument.uri);
  s.scheduler.finish(key);
  return hoverAt(s.findingsByFile.get(key) ?? [], params.position);
}

export function lenses(s: ServerState, params: CodeLensParams) {
  const key = keyOf(params.textDocument.uri);
  s.scheduler.finish(key);
  const source = s.index.getFile(key);
  return source ? codeLenses(s.index, source, s.findingsByFile.get(key) ?? []) : [];
}
