// Output formats of `kube-ha lint`: text, JSON (rules.md's shape), SARIF 2.1.0, GitHub Actions
// workflow commands, GitLab Code Quality and JUnit XML.
import { createHash } from 'crypto';
import type { Finding, Severity } from '../engine';
import { RULES, PARSER_RULES } from '../engine';
import { packageVersion, ruleDocUri } from '../package-root';

export interface LintResult {
  findings: Finding[];
  files: number;
  objects: number;
  /** The files linted, as displayed (JUnit reports each, with or without findings). */
  paths?: string[];
}

export const FORMATS = ['text', 'json', 'sarif', 'github', 'gitlab', 'junit'] as const;

export const isFormat = (format: string) => (FORMATS as readonly string[]).includes(format);
/** "text, json, … or junit", for messages. */
export const FORMAT_LIST = `${FORMATS.slice(0, -1).join(', ')} or ${FORMATS[FORMATS.length - 1]}`;

export function formatReport(format: string, r: LintResult): string {
  switch (format) {
    case 'json':
      return formatJson(r);
    case 'sarif':
      return formatSarif(r);
    case 'github':
      return formatGithub(r);
    case 'gitlab':
      return formatGitlab(r);
    case 'junit':
      return formatJunit(r);
    default:
      return formatText(r);
  }
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

const textLine = (f: Finding) =>
  `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.rule}: ${f.message}`;

export function formatText(r: LintResult): string {
  return [...r.findings.map(textLine), summaryLine(r)].join('\n');
}

function summaryLine(r: LintResult): string {
  const counts = { error: 0, warning: 0, info: 0 } as Record<Severity, number>;
  for (const f of r.findings) counts[f.severity]++;
  return `${r.files} file${r.files === 1 ? '' : 's'}, ${r.objects} object${r.objects === 1 ? '' : 's'}: ${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

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
    runs: [
      {
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
          ...(f.related.length
            ? {
                relatedLocations: f.related.map((rel, id) => ({
                  id,
                  message: { text: rel.message },
                  physicalLocation: { artifactLocation: { uri: uri(rel.file) }, region: region(rel.range) },
                })),
              }
            : {}),
          ...(f.fixes.length
            ? { properties: { fixes: f.fixes.map((x) => x.title), fixSafety: f.fixes.map((x) => x.safety) } }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

// GitHub Actions workflow commands (docs.github.com, "Workflow commands for GitHub Actions"): one
// `::error|warning|notice title=…,file=…,line=…,endLine=…,col=…,endColumn=…::message` per finding,
// which the runner turns into an annotation on the file. Escapes as GitHub's toolkit does: data
// %, CR and LF; property values also ':' and ','.
const GITHUB_LEVEL: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
};
export const escapeGithubData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeGithubProperty = (s: string) => escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(r: LintResult): string {
  const lines = r.findings.map((f) => {
    const { start, end } = f.range;
    // In the order GitHub's toolkit (@actions/core) writes them.
    const props: [string, string | number][] = [['title', `kube-ha ${f.rule}`]];
    if (f.file !== '<stdin>') props.push(['file', f.file]);
    props.push(['line', start.line + 1], ['endLine', end.line + 1], ['col', start.character + 1]);
    // endColumn is inclusive; a span over several lines has no single end column on the first.
    if (end.line === start.line) props.push(['endColumn', Math.max(start.character + 1, end.character)]);
    return `::${GITHUB_LEVEL[f.severity]} ${props.map(([k, v]) => `${k}=${escapeGithubProperty(String(v))}`).join(',')}::${escapeGithubData(f.message)}`;
  });
  // The summary is a plain log line (no command).
  return [...lines, summaryLine(r)].join('\n');
}

// GitLab Code Quality (docs.gitlab.com, "Code Quality report format"): a JSON array of issues with
// description, check_name, fingerprint, severity and location.path + location.lines.begin.
const GITLAB_SEVERITY: Record<Severity, 'critical' | 'major' | 'info'> = {
  error: 'critical',
  warning: 'major',
  info: 'info',
};

export function formatGitlab(r: LintResult): string {
  const seen = new Map<string, number>();
  const issues = r.findings.map((f) => {
    // GitLab compares fingerprints between the merge request and its target branch: built from
    // what identifies the finding, not its line, so a finding moved by an edit above it is the
    // same issue. A repeat of the same identity is numbered to stay unique.
    const o = f.object;
    const identity = [f.rule, f.file, o ? `${o.kind}/${o.namespace}/${o.name}` : '', f.message].join('\0');
    const n = seen.get(identity) ?? 0;
    seen.set(identity, n + 1);
    return {
      description: f.message,
      check_name: f.rule,
      fingerprint: createHash('sha256').update(`${identity}\0${n}`).digest('hex'),
      severity: GITLAB_SEVERITY[f.severity],
      location: { path: f.file, lines: { begin: f.range.start.line + 1 } },
    };
  });
  return JSON.stringify(issues, null, 2);
}

// JUnit XML as Jenkins' junit schema (and GitLab's test reports) read it: one testsuite, one
// testcase per file linted, one failure per finding in it.
const XML_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xmlText = (s: string) =>
  s.replace(XML_INVALID, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xmlAttr = (s: string) =>
  xmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');

export function formatJunit(r: LintResult): string {
  const byFile = new Map<string, Finding[]>((r.paths ?? []).map((p) => [p, []]));
  for (const f of r.findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  const cases: string[] = [];
  let failed = 0;
  for (const [file, findings] of byFile) {
    if (findings.length) failed++;
    const failures = findings.map(
      (f) =>
        `      <failure message="${xmlAttr(f.message)}" type="${xmlAttr(f.rule)}">${xmlText(textLine(f))}</failure>\n`,
    );
    cases.push(
      `    <testcase name="${xmlAttr(file)}" classname="kube-ha"${failures.length ? `>\n${failures.join('')}    </testcase>` : ' />'}\n`,
    );
  }
  const counts = `tests="${byFile.size}" failures="${failed}" errors="0"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kube-ha" ${counts}>\n  <testsuite name="kube-ha" ${counts} skipped="0">\n${cases.join('')}  </testsuite>\n</testsuites>`;
}
