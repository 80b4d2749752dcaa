// Rendered sources in the language server: the workspace's Kustomize roots and Helm charts are
// rendered (only in a trusted workspace), again after an edit of any of their files (debounced;
// a newer edit cancels the run in flight and a stale run publishes nothing). The editor's unsaved
// text is rendered: each tree is staged in a temporary folder with the open documents' text.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Config, Finding } from '../engine';
import { newBatchState } from './batch';
import { discover, isUnder, type Discovery } from './discover';
import { KUSTOMIZATION_NAMES, treeOf } from './graph';
import type { RenderOptions } from './render';
import { offsetOf, type Placed } from './scope';
import { analyzeTrees, type RenderedScope, type ScopeResult } from './trees';

export interface EditorDeps {
  /** Workspace files the server indexes (absolute paths). */
  files(): string[];
  folders(): string[];
  trusted(): boolean;
  renderOptions(): RenderOptions;
  config(): Config;
  /** The editor's text of an open file, else null (the disk is read). */
  openText(file: string): string | null;
  /** A run ended: these files' rendered findings replace what they had (claimed: every file of a tree). */
  publish(claimed: Set<string>, findings: Map<string, Finding[]>, released: Set<string>): void;
  /** The sources that could not be rendered, by key (null: rendered). */
  setIncomplete(source: string, reason: string | null): void;
  progress?(): Promise<{ report(msg: string): void; done(): void } | null>;
  log(msg: string): void;
}

export interface RenderedTrees {
  /** Is this file part of a tree or chart (so not analysed as a plain file)? */
  claims(file: string): boolean;
  /** Whether any file is claimed (most workspaces have no rendered trees). */
  claimsAny(): boolean;
  findingsFor(file: string): Finding[];
  /** A file changed (edit, save, create, delete): re-render what it may affect, debounced. */
  changed(file: string): void;
  /** Find the trees now and claim their files (before anything publishes on them); the new claims. */
  claimNow(): Set<string>;
  /** Render everything now (workspace scan done, trust granted, settings changed). */
  refresh(): Promise<void>;
  /** Resolves when no run is pending or in flight (tests, shutdown). */
  idle(): Promise<void>;
}

export const DEBOUNCE_MS = 300;

function readDisk(f: string): string | null {
  try {
    return fs.readFileSync(f, 'utf8');
  } catch {
    return null;
  }
}

export function createRenderedTrees(deps: EditorDeps): RenderedTrees {
  let discovery: Discovery | null = null;
  let claimed = new Set<string>();
  let byFile = new Map<string, Finding[]>();
  let generation = 0;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: AbortController | null = null;
  let running: Promise<void> = Promise.resolve();
  let pendingIdle: (() => void)[] = [];
  // The last run's results by the contents they came from: an edit re-renders only the roots that read it.
  const results = new Map<string, ScopeResult>();
  // Which roots are rendered alone rather than in a group (batch.ts), learnt from earlier runs.
  const batch = newBatchState();

  const read = (f: string) => deps.openText(f) ?? readDisk(f);

  const relevant = (file: string) =>
    KUSTOMIZATION_NAMES.includes(path.basename(file)) ||
    path.basename(file) === 'Chart.yaml' ||
    claimed.has(file) ||
    (discovery?.charts.some((c) => isUnder(file, c.dir)) ?? false) ||
    (discovery
      ? [...discovery.graph.kustomizations.values()].some(
          (k) => k.reads.includes(file) || k.patches.includes(file) || k.resources.includes(file),
        )
      : false);

  async function run() {
    const gen = ++generation;
    inFlight?.abort();
    const abort = new AbortController();
    inFlight = abort;
    const d = discover([...new Set([...deps.files(), ...claimed])]);
    const before = claimed;
    const nextClaimed = new Set(d.claimed);
    // The client's answer to the progress request is not waited for before rendering.
    const progress: Promise<{ report(msg: string): void; done(): void } | null> =
      d.graph.roots.length + d.charts.length > 0
        ? Promise.resolve(deps.progress?.())
            .then((p) => p ?? null)
            .catch(() => null)
        : Promise.resolve(null);
    const staged: Staged[] = [];
    try {
      const opts = deps.renderOptions();
      const report = await analyzeTrees(
        d,
        {
          ...opts,
          trusted: deps.trusted(),
          config: deps.config(),
          base: deps.folders()[0] ?? path.dirname(deps.files()[0] ?? '/'),
          signal: abort.signal,
          onProgress: (n, total) =>
            void progress.then((p) => p?.report(`rendered ${n} of ${total} Kustomize roots and charts`)),
          stage: (scopes) => {
            const st = stage(d, scopes, read);
            staged.push(st);
            return st;
          },
          memo: { key: (s) => contentKey(d, s, read, opts, deps.config()), results },
          batch,
        },
        read,
      );
      if (gen !== generation || abort.signal.aborted) return; // a newer edit: its run publishes
      discovery = d;
      claimed = nextClaimed;
      const next = new Map<string, Finding[]>();
      for (const p of report.findings) {
        const list = next.get(p.file) ?? [];
        list.push(toFinding(p, read(p.file)));
        next.set(p.file, list);
        claimed.add(p.file);
      }
      byFile = next;
      for (const s of report.scopes) deps.setIncomplete(`rendered:${s.file}`, s.skipped);
      const released = new Set([...before].filter((f) => !claimed.has(f)));
      deps.publish(claimed, next, released);
    } catch (err) {
      deps.log(`rendering failed: ${err instanceof Error ? err.stack : String(err)}`);
    } finally {
      (await progress)?.done();
      // Removed off the main thread, after the progress ends; the run is idle once they are gone.
      await Promise.all(staged.map((s) => s.dispose()));
      if (inFlight === abort) inFlight = null;
    }
  }

  function settle() {
    if (timer || inFlight) return;
    const waiting = pendingIdle;
    pendingIdle = [];
    for (const w of waiting) w();
  }

  const trees: RenderedTrees = {
    claimNow() {
      const d = discover([...new Set([...deps.files(), ...claimed])]);
      const added = new Set([...d.claimed].filter((f) => !claimed.has(f)));
      for (const f of added) claimed.add(f);
      return added;
    },
    claims: (file) => claimed.has(file),
    claimsAny: () => claimed.size > 0,
    findingsFor: (file) => byFile.get(file) ?? [],
    changed(file) {
      if (!relevant(file)) return;
      inFlight?.abort(); // its results would be stale
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        running = running.then(run).finally(settle);
      }, DEBOUNCE_MS);
    },
    refresh() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      inFlight?.abort();
      running = running.then(run).finally(settle);
      return running;
    },
    idle() {
      return new Promise((resolve) => {
        pendingIdle.push(resolve);
        void running.then(settle);
      });
    },
  };
  return trees;
}

function toFinding(p: Placed, text: string | null): Finding {
  const off = (r: Placed['range']['start']) => (text === null ? 0 : offsetOf(text, r.line, r.character));
  return {
    rule: p.rule,
    severity: p.severity,
    message: p.message,
    file: p.file,
    range: p.range,
    offset: { start: off(p.range.start), end: off(p.range.end) },
    object: p.object,
    related: p.related,
    fixes: [],
  };
}

export interface Staged {
  /** The folders to render instead of the scopes' own, in their order. */
  dirs: string[];
  /** The temporary folder holding the copy (a group's wrapper goes in it). */
  folder: string;
  /** A path in the staged copy → the workspace path it stands for. */
  unstage(p: string): string;
  dispose(): Promise<void>;
}

/** Files of a staged tree at most this large are copied; bigger ones are left out (the render says what is missing). */
const MAX_STAGED_BYTES = 8 * 1024 * 1024;

/**
 * Copy what the renders of these scopes read (each kustomization folder's files and the files the
 * graph names; a chart folder whole) into one temporary folder (roots of one base share its copy),
 * with the editor's text for open documents, so the render sees unsaved edits and never writes
 * next to the user's files.
 */
function stage(d: Discovery, scopes: RenderedScope[], read: (f: string) => string | null): Staged {
  const files = new Set(scopes.flatMap((s) => [...stagedFiles(d, s)]));
  const all = [...files, ...scopes.map((s) => s.dir)];
  let common = path.dirname(all[0]);
  for (const f of all) while (!isUnder(f, common)) common = path.dirname(common);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-stage-'));
  const mirror = path.join(tmp, 'tree');
  for (const f of files) {
    const text = read(f);
    if (text === null || text.length > MAX_STAGED_BYTES) continue;
    const to = path.join(mirror, path.relative(common, f));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, text);
  }
  const dirs = scopes.map((s) => path.join(mirror, path.relative(common, s.dir)));
  for (const dir of dirs) fs.mkdirSync(dir, { recursive: true });
  return {
    dirs,
    folder: tmp,
    unstage: (p) => (isUnder(p, mirror) ? path.join(common, path.relative(mirror, p)) : p),
    dispose: () => fs.promises.rm(tmp, { recursive: true, force: true }).catch(() => undefined),
  };
}

/** What a render of the scope may read: each kustomization folder's files and the files the graph names; a chart folder whole. */
function stagedFiles(d: Discovery, s: RenderedScope): Set<string> {
  const files = new Set<string>(s.files);
  if (s.kind === 'kustomize') {
    for (const k of treeOf(d.graph, s.dir)) for (const f of listDir(k.dir)) files.add(f);
  } else {
    for (const f of listTree(s.dir)) files.add(f);
  }
  return files;
}

/** A digest of everything a scope's result depends on: the texts of the files its render reads
 *  (as stage() copies them), the values files, the commands and the configuration. */
function contentKey(
  d: Discovery,
  s: RenderedScope,
  read: (f: string) => string | null,
  opts: RenderOptions,
  config: Config,
): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([s.kind, s.dir, s.file, opts.kustomizeCommand, opts.helmCommand, opts.helmValues, config]));
  const files = [...stagedFiles(d, s), ...(s.kind === 'helm' ? opts.helmValues : [])].sort();
  for (const f of files) {
    const t = read(f);
    h.update(`\0${f}\0${t === null ? '-' : `${t.length}:`}`);
    if (t !== null) h.update(t);
  }
  return h.digest('hex');
}

function listDir(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

function listTree(dir: string, depth = 0): string[] {
  if (depth > 8) return [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) =>
    e.isFile()
      ? [path.join(dir, e.name)]
      : e.isDirectory() && e.name !== '.git'
        ? listTree(path.join(dir, e.name), depth + 1)
        : [],
  );
}
