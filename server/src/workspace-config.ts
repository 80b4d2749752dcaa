// The server's configuration: client settings (initialization options, then pulled) under the
// workspace's .kube-ha.yaml, merged into the Config analysis uses; the config file's problems
// are shown as diagnostics in it.
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { DidChangeWatchedFilesNotification, type Diagnostic, type Disposable } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAMES, DEFAULT_LIMITS, mergeConfig, readConfig, RULE_IDS, type Config } from './engine';
import { lookupConfig, NOT_APPLIED, notApplied, workspaceConfig } from './files/config';
import { uriOf, type ServerState } from './server-state';
import { fsPathOfUri } from './workspace-files';

export interface ConfigState {
  settingsLayer: Partial<Config>;
  fileLayer: Partial<Config>;
  /** What analysis uses: the settings layer under the file layer. */
  config: Config;
  /** kubeHa.maxWorkspaceFiles: the scan indexes at most this many files (issue 22). */
  maxWorkspaceFiles: number;
  /** Problems of the workspace's .kube-ha.yaml, shown as diagnostics in it (by index key). */
  problems: { key: string; diagnostics: Diagnostic[] } | null;
  /** The watcher asked of the client for a .kube-ha.yaml above every workspace folder. */
  outsideWatch: { dir: string; registration: Promise<Disposable | null> } | null;
}

export const DEFAULT_TIME_BUDGET_MS = 2000;

export function initialConfig(): ConfigState {
  return {
    settingsLayer: {},
    fileLayer: {},
    config: mergeConfig(),
    maxWorkspaceFiles: 100_000,
    problems: null,
    outsideWatch: null,
  };
}

/** The kubeHa settings the server reads (from initialization options or workspace/configuration). */
export interface Settings {
  minReplicas?: unknown;
  rules?: unknown;
  maxFileSize?: unknown;
  timeBudgetMs?: unknown;
  maxWorkspaceFiles?: unknown;
}

export function recomputeConfig(s: ServerState) {
  const c = s.config;
  c.config = mergeConfig(c.settingsLayer, c.fileLayer);
  s.index.limits.maxBytes = c.config.maxFileBytes ?? DEFAULT_LIMITS.maxBytes;
}

/** Settings become the settings layer; kubeHa.maxFileSize (MB) and kubeHa.timeBudgetMs join it
 *  (.kube-ha.yaml still wins). */
export function applySettings(c: ConfigState, st: Settings | null | undefined) {
  c.settingsLayer = readConfig({ minReplicas: st?.minReplicas, rules: st?.rules ?? {} }, RULE_IDS).config;
  if (typeof st?.maxWorkspaceFiles === 'number' && st.maxWorkspaceFiles >= 0)
    c.maxWorkspaceFiles = Math.floor(st.maxWorkspaceFiles);
  if (typeof st?.maxFileSize === 'number' && st.maxFileSize > 0)
    c.settingsLayer.maxFileBytes = Math.round(st.maxFileSize * 1024 * 1024);
  if (typeof st?.timeBudgetMs === 'number' && st.timeBudgetMs > 0) c.settingsLayer.timeBudgetMs = st.timeBudgetMs;
}

export async function pullSettings(s: ServerState) {
  if (!s.client.canPullConfig) return;
  try {
    const st = (await s.connection.workspace.getConfiguration('kubeHa')) as Settings | null;
    applySettings(s.config, st);
    s.rendering.settings(st);
  } catch (err) {
    s.log(`cannot read settings: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Read the first folder's .kube-ha.yaml into the file layer; show its problems. */
export function loadConfigFile(s: ServerState) {
  const c = s.config;
  c.fileLayer = {};
  const before = c.problems;
  c.problems = null;
  const loaded = workspaceConfig(s.folders);
  if (loaded) {
    c.fileLayer = loaded.config;
    const key = pathToFileURL(loaded.file).href;
    if (loaded.problems.length) {
      c.problems = { key, diagnostics: loaded.problems.map((pr) => configDiagnostic(pr.message, pr.line)) };
      // One pop-up per load, whatever the count: each problem is a diagnostic at its line.
      const what =
        loaded.problems.length === 1
          ? loaded.problems[0].message
          : `${loaded.problems.length.toLocaleString('en-US')} problems`;
      void s.connection.window.showWarningMessage(
        `kube-ha: ${path.basename(loaded.file)}: ${what}; see the Problems panel`,
      );
    }
  }
  if (before && before.key !== c.problems?.key)
    void s.connection.sendDiagnostics({ uri: uriOf(s, before.key), diagnostics: [] });
  if (c.problems)
    void s.connection.sendDiagnostics({ uri: uriOf(s, c.problems.key), diagnostics: c.problems.diagnostics });
}

/**
 * The client watches its workspace folders only: a .kube-ha.yaml found above them (the nearest one
 * up, as kube-ha lint reads it) gets a watcher of its directory, asked for with dynamic registration.
 */
export function watchConfigOutsideFolders(s: ServerState) {
  const file = workspaceConfig(s.folders)?.file;
  const dir = file && !s.folders.some((f) => (file + path.sep).startsWith(f + path.sep)) ? path.dirname(file) : null;
  const c = s.config;
  if ((c.outsideWatch?.dir ?? null) === dir) return;
  if (c.outsideWatch) void c.outsideWatch.registration.then((d) => d?.dispose());
  c.outsideWatch = null;
  if (dir === null || !s.client.canWatchRelative) return;
  const registration = s.connection.client
    .register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: { baseUri: pathToFileURL(dir).href, pattern: `{${CONFIG_FILE_NAMES.join(',')}}` } }],
    })
    .catch((err: unknown) => {
      s.log(`cannot watch ${dir}: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    });
  c.outsideWatch = { dir, registration };
}

function configDiagnostic(message: string, line: number | undefined): Diagnostic {
  const at = { line: Math.max(0, (line ?? 1) - 1), character: 0 };
  return {
    range: { start: at, end: { line: at.line + 1, character: 0 } },
    severity: 2,
    source: 'kube-ha',
    code: 'config',
    message,
  };
}

/** The .kube-ha.yaml of the workspace folder holding a file (existing or to be created); null
 *  when the folder's config cannot be edited here (refused: a symlink out, too large). */
export function configFileFor(folders: string[], key: string): { uri: string; text: string | null } | null {
  let p: string;
  try {
    p = fileURLToPath(key);
  } catch {
    return null;
  }
  const folder = folders.filter((f) => p.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0] ?? folders[0];
  if (!folder) return null;
  const loaded = lookupConfig(folder);
  if (loaded) {
    if (loaded.refused) return null; // not read: nothing to edit
    try {
      return { uri: pathToFileURL(loaded.file).href, text: fs.readFileSync(fs.realpathSync(loaded.file), 'utf8') };
    } catch {
      return null;
    }
  }
  return { uri: pathToFileURL(path.join(folder, CONFIG_FILE_NAMES[0])).href, text: null };
}

/** A .kube-ha.yaml other than the workspace's says so, as `kube-ha lint` says so on stderr. */
export function unappliedConfig(folders: string[], key: string): Diagnostic[] {
  const p = fsPathOfUri(key);
  return p !== null && notApplied(workspaceConfig(folders)?.file ?? null)(p) ? [configDiagnostic(NOT_APPLIED, 1)] : [];
}

export function isConfigFile(uri: string): boolean {
  return CONFIG_FILE_NAMES.includes(path.posix.basename(uri));
}
