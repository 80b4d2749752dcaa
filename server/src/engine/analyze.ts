// The analysis: every rule over every object of a file, then suppression and configuration.
//
// What rules report for an object is kept in the index's analysis context (context.ts), keyed by
// the object (kept by identity while its document's text is unchanged), under the index's
// dependency key and the configuration: an edit re-runs the rules only for the objects it changed
// and those that may depend on them.
import { isBatch, isWorkload } from './k8s';
import { rangeAt, spanAt, SKIPPED_RULE } from './parse';
import { parserSeverity } from './rules/parser';
import type { Report, Rule, RuleContext } from './rule';
import { isSuppressed } from './suppress';
import type { Config, Finding, KObject, Path, Severity, SourceFile } from './types';
import type { WorkspaceIndex } from './workspace';
import type { AnalysisContext } from './context';
import { RULES } from './rules';
import { runToEnd } from './steps';

export interface AnalyzeOptions {
  rules?: readonly Rule[];
  /** A rule that throws must not take the analysis down; the caller decides how to log it. */
  onInternalError?: (rule: string, obj: KObject, err: unknown) => void;
  /** Stop analysing a file after this many milliseconds and say so (default: no budget). */
  timeBudgetMs?: number;
  /** Keep what the rules report per object for the next analysis, in the index's context
   *  (default true). A one-shot run (`kube-ha lint`) analyses each object once: keeping only costs it. */
  cache?: boolean;
}

export interface Reported {
  rule: Rule;
  report: Report;
  severity: Severity;
}
const JSON_FILE = /\.json$/i;

function severityFor(config: Config, id: string, fallback: Severity): Severity | null {
  const s = config.rules[id];
  if (s === 'off') return null;
  return s ?? fallback;
}

/** Offsets to underline for a report: first existing path, else the object's name, else its kind. */
function spanFor(obj: KObject, at: Path | Path[]): { start: number; end: number } {
  const paths: Path[] = at.length > 0 && Array.isArray(at[0]) ? (at as Path[]) : [at as Path];
  for (const p of [...paths, ['metadata', 'name'], ['kind']]) {
    const s = spanAt(obj, p);
    if (s) return s;
  }
  const d = obj.source.docs[obj.docIndex];
  return { start: d.start, end: d.start };
}

/** spanFor, cached (when `spans` is given) per report or related entry relative to the object's
 *  document start: a document's text, and so this span, is fixed for the life of its KObject.
 *  Moving documents then costs an addition, not a walk of their nodes (see chunks.ts place()). */
function cachedSpan(
  key: object,
  obj: KObject,
  at: Path | Path[],
  spans: AnalysisContext['spans'] | null,
): { start: number; end: number } {
  if (!spans) return spanFor(obj, at);
  const base = obj.source.docs[obj.docIndex].start;
  let rel = spans.get(key);
  if (!rel) {
    const s = spanFor(obj, at);
    spans.set(key, (rel = { start: s.start - base, end: s.end - base }));
  }
  return { start: rel.start + base, end: rel.end + base };
}

function toFinding(
  rule: Rule,
  obj: KObject,
  r: Report,
  severity: Severity,
  spans: AnalysisContext['spans'] | null,
): Finding {
  const span = cachedSpan(r, obj, r.at, spans);
  return {
    rule: rule.id,
    severity,
    message: flat(r.message),
    file: obj.file,
    range: rangeAt(obj.source.lineCounter, span.start, span.end),
    offset: span,
    object: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.name, namespace: obj.namespace },
    // In the order the rule gave; rules read the index's lists, which are in file and document order.
    related: (r.related ?? []).map((rel) => {
      const s = cachedSpan(rel, rel.object, rel.at ?? ['metadata', 'name'], spans);
      return {
        file: rel.object.file,
        range: rangeAt(rel.object.source.lineCounter, s.start, s.end),
        message: flat(rel.message),
      };
    }),
    // Edits are written as YAML: a JSON manifest is not fixed (it would no longer be JSON).
    fixes: JSON_FILE.test(obj.file)
      ? []
      : (r.fixes ?? []).map((f, i) => ({
          title: f.title,
          preferred: f.preferred ?? i === 0,
          safety: f.safety,
          edits: f.edits,
        })),
  };
}

/** A message as one flat string: a template literal makes a rope of its pieces, and a finding's
 *  message is kept as long as the diagnostics made of it. V8 flattens a rope in place when a
 *  character is read (cheaper than a copy; bench/RESULTS.md, "big workspace, the tail"). */
function flat(s: string): string {
  if (s.length > 0) void s.charCodeAt(0);
  return s;
}

/** The findings for an object's reports (before suppression), in report order. */
function findingsFor(obj: KObject, reports: Reported[], cx: AnalysisContext | null): Finding[] {
  if (!cx) return reports.map((r) => toFinding(r.rule, obj, r.report, r.severity, null));
  const here = placeOf(obj);
  const cached = cx.findings.get(obj);
  // Related information points into other documents, which may have moved on their own: where
  // each was is kept too, in report and related order.
  if (cached && cached.reports === reports && cached.col === here.col) {
    const related = relatedPlaces(reports);
    if (related.every((p, i) => p.col === cached.related[i].col)) {
      if (
        cached.start === here.start &&
        cached.line === here.line &&
        related.every((p, i) => p.line === cached.related[i].line)
      )
        return cached.findings;
      // The same document texts moved (edits above them): spans move with them, columns stay.
      let r = 0;
      const findings = cached.findings.map((f) =>
        moved(f, here.start - cached.start, here.line - cached.line, () => {
          const i = r++;
          return related[i].line - cached.related[i].line;
        }),
      );
      cx.findings.set(obj, { reports, ...here, related, findings });
      return findings;
    }
  }
  const findings = reports.map((r) => toFinding(r.rule, obj, r.report, r.severity, cx.spans));
  cx.findings.set(obj, { reports, ...here, related: relatedPlaces(reports), findings });
  return findings;
}

/** Where an object's document starts: offset, line and column. */
function placeOf(obj: KObject): { start: number; line: number; col: number } {
  const start = obj.source.docs[obj.docIndex].start;
  const { line, col } = obj.source.lineCounter.linePos(start);
  return { start, line, col };
}

/** placeOf the objects of the reports' related entries, in order. */
function relatedPlaces(reports: Reported[]): { line: number; col: number }[] {
  const out: { line: number; col: number }[] = [];
  for (const r of reports) for (const rel of r.report.related ?? []) out.push(placeOf(rel.object));
  return out;
}

/** A finding moved `by` characters and `lines` lines; its related entries each by `relLines()` lines. */
function moved(f: Finding, by: number, lines: number, relLines: () => number): Finding {
  return {
    ...f,
    offset: { start: f.offset.start + by, end: f.offset.end + by },
    range: down(f.range, lines),
    related: !f.related.length
      ? f.related
      : f.related.map((rel) => {
          const n = relLines();
          return n === 0 ? rel : { ...rel, range: down(rel.range, n) };
        }),
  };
}

function down(range: Finding['range'], lines: number): Finding['range'] {
  if (lines === 0) return range;
  const { start, end } = range;
  return {
    start: { line: start.line + lines, character: start.character },
    end: { line: end.line + lines, character: end.character },
  };
}

function configKey(cx: AnalysisContext, config: Config): string {
  let k = cx.configKeys.get(config);
  if (k === undefined) cx.configKeys.set(config, (k = JSON.stringify(config)));
  return k;
}

/** What the rules report for an object; with `cx`, from its cache when nothing it depends on changed. */
function reportsFor(
  obj: KObject,
  index: WorkspaceIndex,
  config: Config,
  rules: readonly Rule[],
  opts: AnalyzeOptions,
  cx: AnalysisContext | null,
): Reported[] {
  // Compared part by part: one joined key would copy the configuration's JSON for every object
  // on every keystroke.
  const dependency = cx ? index.dependencyKey(obj) : '',
    configJson = cx ? configKey(cx, config) : '';
  const cached = cx?.reports.get(obj);
  if (cached && cached.dependency === dependency && cached.config === configJson && cached.rules === rules)
    return cached.reports;
  const reports: Reported[] = [];
  // One context per object, not per rule and object: `rule` and `sev` are the running check's
  // (checks are synchronous). A one-shot lint runs ~750,000 checks over 10,000 files.
  let rule = rules[0],
    sev: Severity = 'info';
  const ctx: RuleContext = {
    index,
    config,
    report(r) {
      reports.push({ rule, report: r, severity: config.rules[rule.id] ? sev : (r.severity ?? sev) });
    },
  };
  const haWorkload = isWorkload(obj) && !isBatch(obj);
  for (const r of rules) {
    if (r.appliesTo === 'ha-workloads' && !haWorkload) continue;
    const s = severityFor(config, r.id, r.severity);
    if (!s) continue;
    rule = r;
    sev = s;
    try {
      r.check(obj, ctx);
    } catch (err) {
      opts.onInternalError?.(r.id, obj, err);
    }
  }
  cx?.reports.set(obj, { dependency, config: configJson, rules, reports });
  return reports;
}

/** Findings for the objects of one source file (which must be in the index). */
export function analyzeSource(
  index: WorkspaceIndex,
  source: SourceFile,
  config: Config,
  opts: AnalyzeOptions = {},
): Finding[] {
  return runToEnd(analyzeSteps(index, source, config, opts));
}

/** Objects analysed between two yields of analyzeSteps. */
const OBJECTS_PER_STEP = 50;

/** analyzeSource in steps: it yields every few objects so a caller can answer other requests. */
export function* analyzeSteps(
  index: WorkspaceIndex,
  source: SourceFile,
  config: Config,
  opts: AnalyzeOptions = {},
): Generator<void, Finding[]> {
  const rules = opts.rules ?? RULES;
  // The index's context keeps what the rules report; a one-shot or unopened file's analysis does not.
  const cx = (opts.cache ?? true) ? index.context : null;
  const out: Finding[] = [];
  for (const f of source.parseFindings) {
    const sev = severityFor(config, f.rule, parserSeverity(f.rule));
    if (sev) out.push({ ...f, severity: sev });
  }
  const budget = opts.timeBudgetMs ?? config.timeBudgetMs;
  // Only this file's own time counts against its budget, not the time spent elsewhere between steps.
  let spent = 0;
  let sliceStart = Date.now();
  const objects = source.docs.filter((d) => d.object).length;
  let done = 0;
  for (const d of source.docs) {
    const obj = d.object;
    if (!obj) continue;
    if (budget !== undefined && done > 0 && spent + Date.now() - sliceStart > budget) {
      const sev = severityFor(config, SKIPPED_RULE, parserSeverity(SKIPPED_RULE));
      if (sev) {
        out.push({
          rule: SKIPPED_RULE,
          severity: sev,
          file: source.file,
          range: rangeAt(source.lineCounter, d.start, d.start),
          offset: { start: d.start, end: d.start },
          message: `analysis stopped after ${budget} ms (the per-file time budget): ${done} of ${objects} objects analysed`,
          related: [],
          fixes: [],
        });
      }
      break;
    }
    if (++done % OBJECTS_PER_STEP === 0) {
      spent += Date.now() - sliceStart;
      yield;
      sliceStart = Date.now();
    }
    const reports = reportsFor(obj, index, config, rules, opts, cx);
    const findings = findingsFor(obj, reports, cx);
    for (let i = 0; i < reports.length; i++) {
      if (!isSuppressed(index.context, obj, source, obj.docIndex, findings[i].range.start.line, reports[i].rule))
        out.push(findings[i]);
    }
  }
  out.sort((a, b) => a.offset.start - b.offset.start || a.rule.localeCompare(b.rule));
  return out;
}
