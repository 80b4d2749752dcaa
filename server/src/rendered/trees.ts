// Every Kustomize root and Helm chart of a discovery: rendered (or visibly skipped), each
// analysed as its own scope, findings placed on the source files and joined across roots.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Config, Range } from '../engine';
import { SKIPPED_RULE as ANALYSIS_SKIPPED } from '../engine/parse';
import { groupable, planGroups, renderGroup, type BatchState } from './batch';
import type { Discovery } from './discover';
import { filesOfTree, remotesOf, treeOf } from './graph';
import { parseRendered, type Origin, type RenderedOutput } from './origin';
import { renderChart, renderKustomization, missingDependencies, type RenderOptions, type RenderResult } from './render';
import { analyzeScope, firstLine, rootName, type Placed, type SourceTexts } from './scope';

export interface TreeOptions extends RenderOptions {
  /** Rendering runs a program from the workspace's configuration: only in a trusted workspace. */
  trusted: boolean;
  config: Config;
  /** Root names in messages are relative to this folder. */
  base: string;
  /** Renders at once (default: one per core). */
  concurrency?: number;
  /** Results of earlier runs by a key of everything a scope's result depends on (the contents of
   *  the files it reads, the options): a scope whose key is there is not rendered again. The map
   *  is left holding this run's keys only. */
  memo?: { key(s: RenderedScope): string | null; results: Map<string, ScopeResult> };
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
  onInternalError?: (rule: string, obj: { file: string; kind: string; name: string }, err: unknown) => void;
  /** Render groups of independent Kustomize roots in one process each (batch.ts); what earlier
   *  runs learnt about which roots to render alone. Without it every root is rendered alone. */
  batch?: BatchState;
  /** Render a staged copy of the scopes (one copy for all) instead of their folders (the editor's
   *  unsaved text): the folder to render for each scope, in order. */
  stage?(scopes: RenderedScope[]): { dirs: string[]; unstage(p: string): string; folder?: string };
}

export interface RenderedScope {
  kind: 'kustomize' | 'helm';
  /** The root's folder and its kustomization / Chart.yaml. */
  dir: string;
  file: string;
  name: string;
  /** Files the render reads (a change to any of them re-renders it). */
  files: Set<string>;
  /** Null when rendered, else why not (the analysis-skipped finding says it). */
  skipped: string | null;
}

/** What a scope gave: its findings (before roots are joined), why it was not rendered, its objects. */
export interface ScopeResult {
  placed: Placed[];
  skipped: string | null;
  objects: number;
}

export interface TreeReport {
  scopes: RenderedScope[];
  /** Findings on source files (absolute paths), joined across roots; analysis-skipped ones included. */
  findings: Placed[];
  /** Rendered objects analysed, over all scopes. */
  objects: number;
}

async function eachLimited<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Render and analyse every root and chart. `read` gives a file's current text (the editor's
 *  unsaved text for mapping; the renderer itself reads the disk). */
export async function analyzeTrees(
  d: Discovery,
  opts: TreeOptions,
  read: (file: string) => string | null = readText,
): Promise<TreeReport> {
  const scopes: RenderedScope[] = [
    ...d.graph.roots.map((dir): RenderedScope => ({
      kind: 'kustomize',
      dir,
      file: d.graph.kustomizations.get(dir)!.file,
      name: rootName(dir, opts.base),
      files: filesOfTree(d.graph, dir),
      skipped: null,
    })),
    ...d.charts.map((c): RenderedScope => ({
      kind: 'helm',
      dir: c.dir,
      file: c.file,
      name: rootName(c.dir, opts.base),
      files: new Set([c.file]),
      skipped: null,
    })),
  ];
  const perScope = new Map<RenderedScope, Placed[]>();
  let done = 0,
    objects = 0;
  // A base's files are parsed once per run for mapping back, not once per root that uses it.
  const texts: SourceTexts = new Map();
  const kept = new Map<string, ScopeResult>();
  const record = (s: RenderedScope, key: string | null, result: ScopeResult) => {
    // Rendered ones only: a failure may be passing (a timeout, a cancel).
    if (key !== null && result.skipped === null) kept.set(key, result);
    s.skipped = result.skipped;
    perScope.set(s, result.placed);
    objects += result.objects;
    opts.onProgress?.(++done, scopes.length);
  };
  const keys = new Map<RenderedScope, string | null>();
  const pending: RenderedScope[] = [];
  for (const s of scopes) {
    const key = opts.trusted ? (opts.memo?.key(s) ?? null) : null;
    const hit = key === null ? undefined : opts.memo!.results.get(key);
    keys.set(s, key);
    if (hit) record(s, key, hit);
    else pending.push(s);
  }
  const alone = async (s: RenderedScope) => {
    const result = await scopeResult(d, s, opts, read, texts);
    if (opts.batch && !opts.signal?.aborted && groupable(d, s, opts)) {
      if (result.skipped !== null && !opts.batch.solo.has(s.dir)) opts.batch.solo.set(s.dir, 'failed');
      if (result.skipped === null && opts.batch.solo.get(s.dir) === 'failed') opts.batch.solo.delete(s.dir);
    }
    record(s, keys.get(s)!, result);
  };
  const limit = opts.concurrency ?? Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const batch = opts.batch;
  const groups = batch ? planGroups(pending.filter((s) => !batch.solo.has(s.dir) && groupable(d, s, opts))) : [];
  const grouped = new Set(groups.flat());
  const jobs: (() => Promise<void>)[] = [
    ...groups.map((g) => async () => {
      const staged = opts.stage?.(g);
      const unstage = staged ? (p: string) => staged.unstage(p) : (p: string) => p;
      const dirs = g.map((s, i) => ({ dir: staged?.dirs[i] ?? s.dir, unstage }));
      const out = await renderGroup(g, dirs, opts, batch!, opts.signal, staged?.folder);
      if (out.ok) {
        for (const [i, s] of g.entries()) {
          const part = out.parts[i];
          record(s, keys.get(s)!, analyzeRendered(d, s, opts, read, texts, part.rendered, part.resolvePath));
          // One root at a time, as separate renders would end: other requests (plain files) go between.
          await new Promise((resolve) => setImmediate(resolve));
        }
        return;
      }
      if (out.why === 'cancelled') {
        for (const s of g) record(s, keys.get(s)!, { placed: [], skipped: 'cancelled', objects: 0 });
        return;
      }
      // Each root alone says which one fails; when none does, these roots do not build together.
      await eachLimited(g, limit, alone);
      if (opts.signal?.aborted) return;
      if (out.why === 'unsafe' || g.every((s) => s.skipped === null))
        for (const s of g) batch!.solo.set(s.dir, 'unsafe');
    }),
    ...pending.filter((s) => !grouped.has(s)).map((s) => () => alone(s)),
  ];
  await eachLimited(jobs, limit, (j) => j());
  if (opts.memo && !opts.signal?.aborted) {
    opts.memo.results.clear();
    for (const [k, v] of kept) opts.memo.results.set(k, v);
  }
  return { scopes, findings: join(scopes, perScope), objects };
}

async function scopeResult(
  d: Discovery,
  s: RenderedScope,
  opts: TreeOptions,
  read: (file: string) => string | null,
  texts: SourceTexts,
): Promise<ScopeResult> {
  const copy = opts.trusted ? opts.stage?.([s]) : undefined;
  const staged = copy && { dir: copy.dirs[0], unstage: copy.unstage };
  const r = await renderScope(d, s, opts, staged?.dir ?? s.dir);
  const unstage = staged ? (p: string) => staged.unstage(p) : (p: string) => p;
  if (!r.ok) {
    if (staged) {
      r.reason = r.reason.split(staged.dir).join(s.dir);
      r.advice = r.advice.split(staged.dir).join(s.dir);
    }
    const skip = skippedAt(s, r, opts.config, read);
    return { placed: skip ? [skip] : [], skipped: r.reason, objects: 0 };
  }
  return analyzeRendered(d, s, opts, read, texts, parseRendered(r.output), (o) =>
    unstage(path.resolve(r.baseDir, o.path)),
  );
}

/** A scope's rendered objects analysed and placed; `resolvePath` places a Kustomize origin path. */
export function analyzeRendered(
  d: Discovery,
  s: RenderedScope,
  opts: TreeOptions,
  read: (file: string) => string | null,
  texts: SourceTexts,
  rendered: RenderedOutput,
  resolvePath: (o: Origin) => string,
): ScopeResult {
  const placed = analyzeScope({
    rendered,
    resolveOrigin: (o) => (s.kind === 'helm' ? path.join(s.dir, ...o.path.split('/').slice(1)) : resolvePath(o)),
    fallbackFile: s.file,
    read,
    texts,
    patches: s.kind === 'kustomize' ? treeOf(d.graph, s.dir).flatMap((k) => k.patches) : [],
    config: opts.config,
    onInternalError: opts.onInternalError,
  });
  return { placed, skipped: null, objects: rendered.docs.length };
}

async function renderScope(d: Discovery, s: RenderedScope, opts: TreeOptions, dir: string): Promise<RenderResult> {
  if (!opts.trusted)
    return {
      ok: false,
      reason: 'the workspace is not trusted',
      advice: 'trust the workspace to render it (rendering runs a program the workspace configures)',
    };
  if (s.kind === 'kustomize') {
    const remote = remotesOf(d.graph, s.dir);
    if (remote.length)
      return {
        ok: false,
        reason: `it uses a remote base (${remote[0]}), which kube-ha does not fetch`,
        advice: `lint its output instead: kustomize build ${s.name} | kube-ha lint -`,
      };
    const broken = [...d.graph.kustomizations.values()].find((k) => k.error && s.files.has(k.file));
    if (broken)
      return {
        ok: false,
        reason: `${path.basename(broken.file)} does not parse (${broken.error})`,
        advice: 'fix the kustomization',
      };
    return renderKustomization(dir, opts, opts.signal);
  }
  const chart = d.charts.find((c) => c.dir === s.dir)!;
  const missing = missingDependencies(chart.dir, chart.meta);
  if (missing.length)
    return {
      ok: false,
      reason: `chart dependencies are missing from charts/ (${missing.join(', ')}); kube-ha never downloads them`,
      advice: `run \`helm dependency build ${s.name}\``,
    };
  return renderChart(dir, opts, opts.signal);
}

function skippedAt(
  s: RenderedScope,
  r: { reason: string; advice: string },
  config: Config,
  read: (f: string) => string | null,
): Placed | null {
  const sev = config.rules[ANALYSIS_SKIPPED];
  if (sev === 'off') return null;
  const message = `${s.kind === 'helm' ? 'chart' : 'kustomization'} ${s.name} not rendered: ${r.reason}; ${r.advice}. Its files are not analysed`;
  return {
    rule: ANALYSIS_SKIPPED,
    severity: sev ?? 'info',
    message,
    sourceMessage: message,
    file: s.file,
    range: firstLine(read(s.file)),
    related: [],
  };
}

/** The same finding from several roots is reported once, naming them all. */
function join(scopes: RenderedScope[], per: Map<RenderedScope, Placed[]>): Placed[] {
  const byKey = new Map<string, { f: Placed; roots: string[] }>();
  for (const s of scopes) {
    for (const f of per.get(s) ?? []) {
      if (f.rule === ANALYSIS_SKIPPED) {
        byKey.set(`skip\0${s.file}\0${s.name}`, { f, roots: [] });
        continue;
      }
      const key = [f.rule, f.severity, f.file, rangeKey(f.range), f.sourceMessage].join('\0');
      const e = byKey.get(key);
      if (!e) {
        byKey.set(key, { f: { ...f, related: [...f.related] }, roots: [s.name] });
        continue;
      }
      if (!e.roots.includes(s.name)) e.roots.push(s.name);
      // Each root's patches say their part (related information of every root, once).
      for (const r of f.related)
        if (!e.f.related.some((x) => x.file === r.file && rangeKey(x.range) === rangeKey(r.range))) e.f.related.push(r);
    }
  }
  return [...byKey.values()].map(({ f, roots }) =>
    roots.length ? { ...f, message: `${roots.length > 1 ? f.sourceMessage : f.message} (in ${roots.join(', ')})` } : f,
  );
}

function rangeKey(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}
