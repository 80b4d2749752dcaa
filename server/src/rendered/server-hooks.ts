// The language server's side of rendered sources: trust (the client says whether the workspace is
// trusted, and when trust is granted), settings, progress, and index keys (URIs) ↔ paths.
import { fileURLToPath, pathToFileURL } from 'url';
import type { Connection } from 'vscode-languageserver/node';
import type { Config, WorkspaceIndex } from '../engine';
import { createRenderedTrees } from './editor';
import { DEFAULT_RENDER_TIMEOUT_MS, splitCommand, type RenderOptions } from './render';
import type { Finding } from '../engine';

import { WORKSPACE_TRUSTED } from '../../../common/src/protocol';

export interface HookDeps {
  connection: Connection;
  index: WorkspaceIndex;
  folders(): string[];
  config(): Config;
  openText(key: string): string | null;
  canProgress(): boolean;
  /** Publish a file again (its findings come from findingsFor while it is claimed). */
  publish(key: string): void;
  /** A file left every tree: index it as a plain file again. */
  reindex(key: string): void;
  /** The index changed (claimed files removed, completeness): re-analyse what depends on it. */
  affected(): void;
  log(msg: string): void;
}

export interface EditorRendering {
  initialize(initializationOptions: unknown): void;
  settings(s: unknown): void;
  claims(key: string): boolean;
  findingsFor(key: string): Finding[];
  changed(key: string): void;
  refresh(): Promise<void>;
}

function toPath(key: string): string | null {
  if (!key.startsWith('file:')) return null;
  // A key is pathToFileURL's href: without an escape, its path is what follows file:// (a
  // shortcut: the scan's 30,000 files all pass here when the trees are found).
  if (POSIX && key.startsWith('file:///') && !key.includes('%')) return key.slice(7);
  try {
    return fileURLToPath(key);
  } catch {
    return null;
  }
}
const toKey = (p: string) => pathToFileURL(p).href;
const POSIX = process.platform !== 'win32';

/** kubeHa.kustomize.command, kubeHa.helm.command, kubeHa.helm.valuesFiles, kubeHa.render.timeoutMs. */
function readSettings(s: any): Partial<Omit<RenderOptions, 'env'>> {
  const out: Partial<Omit<RenderOptions, 'env'>> = {};
  if (typeof s?.kustomize?.command === 'string') out.kustomizeCommand = splitCommand(s.kustomize.command);
  if (typeof s?.helm?.command === 'string') out.helmCommand = splitCommand(s.helm.command);
  if (Array.isArray(s?.helm?.valuesFiles))
    out.helmValues = s.helm.valuesFiles.filter((v: unknown) => typeof v === 'string');
  if (typeof s?.render?.timeoutMs === 'number' && s.render.timeoutMs > 0) out.timeoutMs = s.render.timeoutMs;
  return out;
}

export function editorRendering(deps: HookDeps): EditorRendering {
  // Untrusted unless the client says otherwise: rendering runs programs the workspace configures.
  let trusted = false;
  let settings: Partial<Omit<RenderOptions, 'env'>> = {};
  const trees = createRenderedTrees({
    files: () =>
      deps.index
        .files()
        .map(toPath)
        .filter((p): p is string => p !== null),
    folders: deps.folders,
    trusted: () => trusted,
    renderOptions: () => ({
      kustomizeCommand: settings.kustomizeCommand ?? null,
      helmCommand: settings.helmCommand ?? null,
      // Relative values files are the workspace's.
      helmValues: (settings.helmValues ?? []).map((v) => (v.startsWith('/') ? v : `${deps.folders()[0] ?? '.'}/${v}`)),
      timeoutMs: settings.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS,
      env: process.env,
    }),
    config: deps.config,
    openText: (file) => deps.openText(toKey(file)),
    publish(claimed, _findings, released) {
      for (const f of claimed) {
        const key = toKey(f);
        deps.index.removeFile(key);
        deps.publish(key);
      }
      for (const f of released) deps.reindex(toKey(f));
      deps.affected();
    },
    setIncomplete: (source, reason) => deps.index.setIncomplete(source, reason),
    async progress() {
      if (!deps.canProgress()) return null;
      const p = await deps.connection.window.createWorkDoneProgress();
      p.begin('kube-ha', 0, 'Rendering Kustomize and Helm sources…', false);
      return { report: (m: string) => p.report(m), done: () => p.done() };
    },
    log: deps.log,
  });
  deps.connection.onNotification(WORKSPACE_TRUSTED, () => {
    if (trusted) return;
    trusted = true;
    void trees.refresh();
  });
  return {
    initialize(o) {
      trusted = (o as { trusted?: unknown } | null | undefined)?.trusted === true;
      settings = readSettings((o as any)?.settings);
    },
    settings(s) {
      settings = { ...settings, ...readSettings(s) };
    },
    claims: (key) => {
      if (!trees.claimsAny()) return false; // no path from the key for every file then
      const p = toPath(key);
      return p !== null && trees.claims(p);
    },
    findingsFor: (key) => {
      const p = toPath(key);
      return p === null
        ? []
        : trees.findingsFor(p).map((f) => ({
            ...f,
            file: toKey(f.file),
            related: f.related.map((r) => ({ ...r, file: toKey(r.file) })),
          }));
    },
    changed: (key) => {
      const p = toPath(key);
      if (p !== null) trees.changed(p);
    },
    refresh() {
      for (const f of trees.claimNow()) deps.index.removeFile(toKey(f));
      return trees.refresh();
    },
  };
}
