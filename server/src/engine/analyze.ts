// The analysis: every rule over every object of a file, then suppression and configuration.
import { spanOf } from './locate';
import { rangeAt } from './parse';
import type { Report, Rule, RuleContext } from './rule';
import { isSuppressed } from './suppress';
import type { Config, Finding, KObject, Path, Severity, SourceFile } from './types';
import type { WorkspaceIndex } from './workspace';
import { RULES } from './rules';

export interface AnalyzeOptions {
  rules?: readonly Rule[];
  /** A rule that throws must not take the analysis down; the caller decides how to log it. */
  onInternalError?: (rule: string, obj: KObject, err: unknown) => void;
}

const YAML_SYNTAX_ID = 'yaml-syntax';

function severityFor(config: Config, id: string, fallback: Severity): Severity | null {
  const s = config.rules[id];
  if (s === 'off') return null;
  return s ?? fallback;
}

/** Offsets to underline for a report: first existing path, else the object's name, else its kind. */
function spanFor(obj: KObject, at: Path | Path[]): { start: number; end: number } {
  const paths: Path[] = at.length > 0 && Array.isArray(at[0]) ? (at as Path[]) : [at as Path];
  for (const p of [...paths, ['metadata', 'name'], ['kind']]) {
    const s = spanOf(obj, p);
    if (s) return s;
  }
  const d = obj.source.docs[obj.docIndex];
  return { start: d.start, end: d.start };
}

export function toFinding(rule: Rule, obj: KObject, r: Report, severity: Severity): Finding {
  const span = spanFor(obj, r.at);
  return {
    rule: rule.id,
    severity,
    message: r.message,
    file: obj.file,
    range: rangeAt(obj.source.lineCounter, span.start, span.end),
    offset: span,
    object: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.name, namespace: obj.namespace },
    related: (r.related ?? []).map((rel) => {
      const s = spanFor(rel.object, rel.at ?? ['metadata', 'name']);
      return { file: rel.object.file, range: rangeAt(rel.object.source.lineCounter, s.start, s.end), message: rel.message };
    }),
    fixes: (r.fixes ?? []).map((f, i) => ({ title: f.title, preferred: f.preferred ?? i === 0, edits: f.edits })),
  };
}

/** Findings for the objects of one source file (which must be in the index). */
export function analyzeSource(index: WorkspaceIndex, source: SourceFile, config: Config, opts: AnalyzeOptions = {}): Finding[] {
  const rules = opts.rules ?? RULES;
  const out: Finding[] = [];
  const syntaxSeverity = severityFor(config, YAML_SYNTAX_ID, 'error');
  if (syntaxSeverity) for (const f of source.parseFindings) out.push({ ...f, severity: syntaxSeverity });
  for (const d of source.docs) {
    const obj = d.object;
    if (!obj) continue;
    for (const rule of rules) {
      const sev = severityFor(config, rule.id, rule.severity);
      if (!sev) continue;
      const ctx: RuleContext = {
        index,
        config,
        report(r) {
          const f = toFinding(rule, obj, r, config.rules[rule.id] ? sev : r.severity ?? sev);
          if (!isSuppressed(obj, source, obj.docIndex, f.range.start.line, rule)) out.push(f);
        },
      };
      try {
        rule.check(obj, ctx);
      } catch (err) {
        opts.onInternalError?.(rule.id, obj, err);
      }
    }
  }
  out.sort((a, b) => a.offset.start - b.offset.start || a.rule.localeCompare(b.rule));
  return out;
}

export function analyzeFile(index: WorkspaceIndex, file: string, config: Config, opts: AnalyzeOptions = {}): Finding[] {
  const source = index.getFile(file);
  return source ? analyzeSource(index, source, config, opts) : [];
}
