// Hover over a flagged key: the rule's title, the finding's message and a link to the rule's doc.
// Pure: findings in, an LSP Hover out (the server passes the findings it published for the file).
import type { Hover, Position, Range } from 'vscode-languageserver';
import { fixTitle, ruleById, PARSER_RULES, type Finding } from './engine';
import { ruleDocUri } from './package-root';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** Is `pos` on the finding's range (both ends included, so the cursor right after a key counts)? */
export function rangeContains(range: Range, pos: Position): boolean {
  return before(range.start, pos) && before(pos, range.end);
}

function size(r: Range): number {
  return (r.end.line - r.start.line) * 100_000 + (r.end.character - r.start.character);
}

export function ruleTitle(id: string): string {
  const parser = PARSER_RULES.find((r) => r.id === id);
  if (parser) return parser.title;
  return ruleById(id)?.title ?? id;
}

/** Markdown shown for one finding. */
export function findingMarkdown(f: Finding, docUri: (id: string) => string = ruleDocUri): string {
  const fixes = f.fixes.length
    ? `\n\nQuick fix${f.fixes.length > 1 ? 'es' : ''}: ${f.fixes.map(fixTitle).join('; ')} (Ctrl+.)`
    : '';
  return `**${escapeMd(ruleTitle(f.rule))}** — kube-ha \`${f.rule}\` (${f.severity})\n\n${escapeMd(f.message)}${fixes}\n\n[Why and how to fix: ${f.rule}](${docUri(f.rule)})`;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
}

/**
 * The hover at `pos`: every finding whose range holds it (most severe first), over the smallest of
 * those ranges. Null when the position is on no flagged range.
 */
export function hoverAt(
  findings: readonly Finding[],
  pos: Position,
  docUri: (id: string) => string = ruleDocUri,
): Hover | null {
  const hits = findings.filter((f) => rangeContains(f.range, pos));
  if (hits.length === 0) return null;
  hits.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.rule.localeCompare(b.rule));
  const range = hits.map((f) => f.range).sort((a, b) => size(a) - size(b))[0];
  return {
    contents: { kind: 'markdown', value: hits.map((f) => findingMarkdown(f, docUri)).join('\n\n---\n\n') },
    range,
  };
}
