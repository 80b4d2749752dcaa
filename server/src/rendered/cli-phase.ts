// The CLI's rendering phase: Kustomize roots and Helm charts among the input files are rendered
// and analysed as their own scopes; their files leave the plain analysis. Also rendered output
// on stdin that names its sources.
import * as fs from 'fs';
import * as path from 'path';
import type { Config, Finding, WorkspaceIndex } from '../engine';
import { discover } from './discover';
import { namesSources, parseRendered } from './origin';
import { DEFAULT_RENDER_TIMEOUT_MS, splitCommand, type RenderOptions } from './render';
import { analyzeScope, offsetOf, type Placed } from './scope';
import { analyzeTrees } from './trees';

export interface RenderArgs {
  'kustomize-command'?: string;
  'helm-command'?: string;
  'helm-values'?: string[];
  'render-timeout'?: string;
}

/** parseArgs options of the phase (merged into `kube-ha lint`'s). */
export const RENDER_OPTIONS = {
  'kustomize-command': { type: 'string' },
  'helm-command': { type: 'string' },
  'helm-values': { type: 'string', multiple: true },
  'render-timeout': { type: 'string' },
  'fail-on-skip': { type: 'boolean', default: false },
} as const;

export const RENDER_USAGE = `  --kustomize-command CMD  Kustomize to render with (default: kubectl kustomize, else kustomize build)
  --helm-command CMD       helm to render charts with (default: helm on PATH)
  --helm-values FILE       extra values file for every chart (repeatable)
  --render-timeout MS      time limit per render (default ${DEFAULT_RENDER_TIMEOUT_MS})
  --fail-on-skip           exit 1 when anything was not analysed (analysis-skipped)`;

export function renderOptions(args: RenderArgs, cwd: string, env: NodeJS.ProcessEnv): RenderOptions {
  const t = args['render-timeout'] === undefined ? DEFAULT_RENDER_TIMEOUT_MS : Number(args['render-timeout']);
  if (!Number.isFinite(t) || t <= 0)
    throw new RangeError(`--render-timeout must be a positive number of milliseconds, got "${args['render-timeout']}"`);
  return {
    kustomizeCommand: splitCommand(args['kustomize-command']),
    helmCommand: splitCommand(args['helm-command']),
    helmValues: (args['helm-values'] ?? []).map((v) => path.resolve(cwd, v)),
    timeoutMs: t,
    env,
  };
}

/** An input of `kube-ha lint`: a name that is not valid UTF-8 (a Buffer) is never a tree's file. */
interface Input {
  display: string;
  abs: string | Buffer | null;
}

export interface PhaseResult<F extends Input> {
  /** The inputs left for the plain analysis. */
  plain: F[];
  findings: Finding[];
  /** Files read by renders (counted in the report's file total). */
  files: number;
  objects: number;
}

/** Findings the CLI prints need offsets too (for sorting); computed from the file when it can be read. */
function toFinding(p: Placed, display: (abs: string) => string): Finding {
  let text: string | null = null;
  try {
    text = fs.readFileSync(p.file, 'utf8');
  } catch {
    /* unread source (stdin) */
  }
  const at = (r: Placed['range']) => (text === null ? 0 : offsetOf(text, r.start.line, r.start.character));
  return {
    rule: p.rule,
    severity: p.severity,
    message: p.message,
    file: display(p.file),
    range: p.range,
    offset: { start: at(p.range), end: text === null ? 0 : offsetOf(text, p.range.end.line, p.range.end.character) },
    object: p.object,
    related: p.related.map((r) => ({ ...r, file: display(r.file) })),
    fixes: [],
  };
}

/** Render and analyse the trees among `files`; mark `index` incomplete for what could not be rendered. */
export async function renderedPhase<F extends Input>(
  files: F[],
  index: WorkspaceIndex,
  config: Config,
  opts: RenderOptions,
  cwd: string,
  display: (abs: string) => string,
  onInternalError?: (rule: string, obj: { file: string; kind: string; name: string }, err: unknown) => void,
): Promise<PhaseResult<F>> {
  const abs = files.flatMap((f) => (typeof f.abs === 'string' ? [path.resolve(f.abs)] : []));
  const d = discover(abs);
  if (d.graph.roots.length === 0 && d.charts.length === 0) return { plain: files, findings: [], files: 0, objects: 0 };
  const report = await analyzeTrees(d, { ...opts, trusted: true, config, base: cwd, onInternalError });
  for (const s of report.scopes) index.setIncomplete(`rendered:${s.file}`, s.skipped);
  const plain = files.filter((f) => typeof f.abs !== 'string' || !d.claimed.has(path.resolve(f.abs)));
  return {
    plain,
    findings: sortFindings(report.findings.map((p) => toFinding(p, display))),
    files: files.length - plain.length,
    objects: report.objects,
  };
}

/** Rendered output on stdin that names its sources: analysed as one scope, reported on the sources. */
export function stdinRendered(
  text: string,
  config: Config,
  cwd: string,
  display: (abs: string) => string,
): Finding[] | null {
  if (!namesSources(text)) return null;
  const rendered = parseRendered(text);
  if (!rendered.docs.some((d) => d.origin)) return null;
  const placed = analyzeScope({
    rendered,
    resolveOrigin: (o) => path.resolve(cwd, o.path),
    fallbackFile: '<stdin>',
    read: (f) => {
      try {
        return fs.readFileSync(f, 'utf8');
      } catch {
        return null;
      }
    },
    config,
  });
  return sortFindings(placed.map((p) => toFinding(p, (f) => (f === '<stdin>' ? f : display(f)))));
}

function sortFindings(fs: Finding[]): Finding[] {
  return fs.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.offset.start - b.offset.start ||
      a.rule.localeCompare(b.rule),
  );
}
