// Output formats of `kube-ha lint`: text, JSON (rules.md's shape) and SARIF 2.1.0.
import type { Finding, Severity } from '../engine';
import { RULES, PARSER_RULES } from '../engine';
import { packageVersion, ruleDocUri } from '../package-root';

export interface LintResult {
  findings: Finding[];
  files: number;
  objects: number;
}

export function findingJson(f: Finding) {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    file: f.file,
    range: f.range,
    ...(f.object ? { object: f.object } : {}),
    fixes: f.fixes.map((x) => x.title),
    // Parallel to `fixes` (same order), so readers of the v1.1 shape keep working.
    fixSafety: f.fixes.map((x) => x.safety),
  };
}

export function formatJson(r: LintResult): string {
  return JSON.stringify({ findings: r.findings.map(findingJson), files: r.files, objects: r.objects });
}

export function formatText(r: LintResult): string {
  const lines = r.findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.rule}: ${f.message}`);
  const counts = { error: 0, warning: 0, info: 0 } as Record<Severity, number>;
  for (const f of r.findings) counts[f.severity]++;
  lines.push(`${r.files} file${r.files === 1 ? '' : 's'}, ${r.objects} object${r.objects === 1 ? '' : 's'}: ${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info`);
  return lines.join('\n');
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(r: LintResult): string {
  const rules = [...PARSER_RULES, ...RULES];
  const ruleIndex = new Map(rules.map((x, i) => [x.id, i]));
  const uri = (file: string) => (file === '<stdin>' ? 'stdin' : encodeURI(file));
  const region = (range: Finding['range']) => ({
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'kube-ha',
          version: packageVersion(),
          informationUri: ruleDocUri('README').replace(/README\.md$/, ''),
          rules: rules.map((x) => ({
            id: x.id,
            shortDescription: { text: x.title },
            helpUri: ruleDocUri(x.id),
            defaultConfiguration: { level: SARIF_LEVEL[x.severity] },
          })),
        },
      },
      results: r.findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: ruleIndex.get(f.rule) ?? -1,
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: uri(f.file) }, region: region(f.range) } }],
        ...(f.related.length ? {
          relatedLocations: f.related.map((rel, id) => ({
            id,
            message: { text: rel.message },
            physicalLocation: { artifactLocation: { uri: uri(rel.file) }, region: region(rel.range) },
          })),
        } : {}),
        ...(f.fixes.length ? { properties: { fixes: f.fixes.map((x) => x.title), fixSafety: f.fixes.map((x) => x.safety) } } : {}),
      })),
    }],
  };
  return JSON.stringify(log, null, 2);
}
