// Parse findings: positions of offsets, and the findings of the parser's pseudo-rules
// (yaml-syntax, analysis-skipped), their default severities read from the rule registry.
import type { Finding, LineIndex, Position, Range, SourceFile } from './types';
import { ANALYSIS_SKIPPED, parserSeverity, YAML_SYNTAX } from './rules/parser';

export const SKIPPED_RULE = ANALYSIS_SKIPPED.id;
export const SYNTAX_RULE = YAML_SYNTAX.id;

export function positionAt(lc: LineIndex, offset: number): Position {
  const { line, col } = lc.linePos(offset);
  // linePos is 1-based; line 0 means "before the first newline was seen" (empty counter).
  return { line: Math.max(0, line - 1), character: Math.max(0, col - 1) };
}

export function rangeAt(lc: LineIndex, start: number, end: number): Range {
  return { start: positionAt(lc, start), end: positionAt(lc, end) };
}

export function parserFinding(
  source: { file: string; lineCounter: LineIndex },
  rule: string,
  start: number,
  end: number,
  message: string,
): Finding {
  return {
    rule,
    severity: parserSeverity(rule),
    message,
    file: source.file,
    range: rangeAt(source.lineCounter, start, end),
    offset: { start, end },
    related: [],
    fixes: [],
  };
}

/** First line of a yaml error message; the rest is a code excerpt the editor already shows. */
export function shortMessage(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** A visible skip (rule analysis-skipped) at the start of a file, e.g. one too large to read. */
export function skippedFinding(source: SourceFile, message: string): Finding {
  return parserFinding(source, SKIPPED_RULE, 0, 0, message);
}
