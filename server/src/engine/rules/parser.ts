// The parser's pseudo-rules: listed and configured like rules, produced by the parser (which reads
// their ids and default severities from here, as the rule registry re-exports them).
/** yaml-syntax is produced by the parser, not by a rule module, but is listed and configured like one. */
export const YAML_SYNTAX = {
  id: 'yaml-syntax',
  severity: 'error' as const,
  title: 'YAML that does not parse',
  summary: 'A file that does not parse as YAML: the broken document is not analysed.',
  fixable: false,
  fixSafety: [] as const,
};
/** A file (or the rest of one) that is not analysed, said out loud: size, binary, templates, nesting, time budget. */
export const ANALYSIS_SKIPPED = {
  id: 'analysis-skipped',
  severity: 'info' as const,
  title: 'File not analysed (size limit, binary, template, nesting or time budget)',
  summary: 'A file, or the rest of one, that is not analysed, said out loud: why, and what to do.',
  fixable: false,
  fixSafety: [] as const,
};
/** The parser's pseudo-rules, listed with the rules everywhere rules are listed. */
export const PARSER_RULES = [YAML_SYNTAX, ANALYSIS_SKIPPED] as const;

/** A parser pseudo-rule's default severity. */
export function parserSeverity(id: string): 'error' | 'info' {
  return (PARSER_RULES.find((r) => r.id === id) ?? ANALYSIS_SKIPPED).severity;
}
