// The parts of docs/rules/ made from the rules' own metadata: the rule table of README.md
// (`kube-ha rules --format markdown`) and the header block of each rule's page. The hand-written
// rest of a page stays; a test fails when the committed docs differ from what this gives.
import { PARSER_RULES, RULES, type Rule } from '../engine';

type DocRule = Pick<Rule, 'id' | 'severity' | 'title' | 'summary' | 'fixSafety'> &
  Partial<Pick<Rule, 'severityNote' | 'crossObject' | 'peers' | 'appliesTo'>>;

export const TABLE_BEGIN = '<!-- BEGIN GENERATED: rule table (kube-ha rules --format markdown); do not edit -->';
export const TABLE_END = '<!-- END GENERATED: rule table -->';
export const HEADER_BEGIN =
  "<!-- BEGIN GENERATED: from the rule's metadata in server/src/engine/rules; do not edit -->";
export const HEADER_END = '<!-- END GENERATED -->';
export const DOCS_UPDATE_HINT =
  'UPDATE_SNAPSHOTS=1 node --test out/server/src/cli/rule-docs.test.js (after tsc -p .), or UPDATE_SNAPSHOTS=1 npm test';

/** Every rule the docs list: the rules by id, then the parser's pseudo-rules. */
export function docRules(): DocRule[] {
  return [...RULES, ...PARSER_RULES];
}

function severityText(r: DocRule): string {
  return r.severityNote ?? r.severity;
}

/** The fix column: which kinds of fix the rule offers (rules.md "Fix safety"). */
function fixText(r: DocRule): string {
  return r.fixSafety.length === 0 ? '—' : r.fixSafety.join(' / ');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export function rulesTable(): string {
  const rows = docRules().map(
    (r) =>
      `| [\`${r.id}\`](${r.id}.md)${r.crossObject ? ' ×' : ''} | ${escapeCell(severityText(r))} | ${escapeCell(r.summary)} | ${fixText(r)} |`,
  );
  return ['| id | severity | what goes wrong | quick fix |', '|---|---|---|---|', ...rows].join('\n');
}

function peersText(peers: DocRule['peers']): string | null {
  if (!peers) return null;
  const parts: string[] = [];
  const list = (xs: string[] | undefined) => (xs ?? []).map((x) => `\`${x}\``).join(', ');
  if (peers.kubeLinter?.length) parts.push(`kube-linter ${list(peers.kubeLinter)}`);
  if (peers.kubeScore?.length) parts.push(`kube-score ${list(peers.kubeScore)}`);
  if (peers.polaris?.length) parts.push(`Polaris ${list(peers.polaris)}`);
  return parts.length ? parts.join('; ') : null;
}

function quickFixLine(r: DocRule): string {
  const s = r.fixSafety;
  if (s.length === 0) return 'none';
  if (s.length > 1)
    return 'yes, safe or unsafe depending on the finding (see "Quick fix" below): `kube-ha lint --fix` and the editor\'s fix-all apply the safe ones, and the unsafe ones only with `--unsafe-fixes`';
  if (s[0] === 'safe') return "yes, safe: `kube-ha lint --fix` and the editor's fix-all apply it";
  return 'yes, unsafe (it writes a placeholder or a guess): the editor offers it marked "(unsafe)"; `kube-ha lint --fix` applies it only with `--unsafe-fixes`';
}

/** The generated block at the top of docs/rules/<id>.md. */
export function ruleHeader(r: DocRule): string {
  const peers = peersText(r.peers);
  return [
    HEADER_BEGIN,
    `# ${r.id}`,
    '',
    `**${r.title}**`,
    '',
    r.summary,
    '',
    `- Default severity: **${severityText(r)}**`,
    `- Quick fix: ${quickFixLine(r)}`,
    `- Cross-object: ${r.crossObject ? 'yes (×): it reads other objects, across every file of the analysis' : 'no'}`,
    ...(r.appliesTo === 'ha-workloads' ? ['- Checked on: workloads, except Jobs and CronJobs (rules.md, Terms)'] : []),
    ...(peers ? [`- Peer checks: ${peers}`] : []),
    HEADER_END,
  ].join('\n');
}

/** `text` with the block between `begin` and `end` replaced; a page without markers yet has its
 *  preamble (everything before the first `## ` heading) replaced. Null when neither is found. */
export function withGenerated(text: string, block: string, begin: string, end: string): string | null {
  const b = text.indexOf(begin);
  const e = text.indexOf(end);
  if (b >= 0 && e > b) return text.slice(0, b) + block + text.slice(e + end.length);
  const h = text.indexOf('\n## ');
  return h >= 0 && begin === HEADER_BEGIN ? `${block}\n${text.slice(h)}` : null;
}

/** The generated block of a text (between its markers), or null. */
export function generatedBlock(text: string, begin: string, end: string): string | null {
  const b = text.indexOf(begin);
  const e = text.indexOf(end);
  return b >= 0 && e > b ? text.slice(b, e + end.length) : null;
}
