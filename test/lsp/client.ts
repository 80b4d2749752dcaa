// A real JSON-RPC client for the language server over stdio, for tests and benchmarks.
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { SERVER_EXEC_ARGV } from '../../common/src/server-process';

export interface LspSession {
  conn: MessageConnection;
  proc: ChildProcess;
  /** Latest diagnostics per URI. */
  diagnostics: Map<string, Diagnostic[]>;
  /** How many publishes arrived per URI. */
  publishes: Map<string, number>;
  /** Resolves with the first publish for `uri` (after now) that satisfies `pred`. */
  waitForDiagnostics(uri: string, pred?: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /** What the server last published for `uri` once its pending analysis has run (a request about
   *  the file waits for that); `[]` when nothing was published, since clean files are not. */
  currentDiagnostics(uri: string): Promise<Diagnostic[]>;
  open(uri: string, text: string, version?: number): void;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void;
  close(uri: string): void;
  stop(): Promise<void>;
  stderr(): string;
  /** Resolves when the server has ended its first work-done progress (the workspace scan). */
  indexed: Promise<void>;
  /** Pop-ups the server showed (window/showMessage and showMessageRequest), from the start. */
  popups: string[];
  /** Its log messages (window/logMessage), from the start. */
  logs: string[];
  /** Publishes and work-done progress in the order they arrived, to assert on order of events. */
  events: LspEvent[];
  /** Resolves with the first event (after now) that satisfies `pred`. */
  nextEvent(pred: (e: LspEvent) => boolean, timeoutMs?: number): Promise<LspEvent>;
}

export type LspEvent =
  | { kind: 'publish'; uri: string; version?: number; diagnostics: Diagnostic[] }
  | { kind: 'progress'; value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number } };

export function fileUri(p: string): string {
  return pathToFileURL(p).href;
}

export interface StartOptions {
  /** Command that starts a server speaking LSP on stdio; default: kube-ha's bundled server. */
  command?: string[];
  folders?: string[];
  initializationOptions?: unknown;
  capabilities?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** Fields that replace those of the initialize request (malformed ones, for robustness tests). */
  initializeOverrides?: Record<string, unknown>;
  /** Where the initialize answer (a result or an error) goes; default: an error rejects. */
  onInitializeAnswer?: (answer: { result?: unknown; error?: unknown }) => void;
}

export function repoRootFromTest(): string {
  // out/test/lsp → repo root
  return path.resolve(__dirname, '..', '..', '..');
}

export async function startServer(opts: StartOptions = {}): Promise<LspSession> {
  // Started as the extension starts it (same V8 flags).
  const command = opts.command ?? [process.execPath, ...SERVER_EXEC_ARGV, path.join(repoRootFromTest(), 'dist', 'server.js'), '--stdio'];
  const proc = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  let err = '';
  proc.stderr!.on('data', (c) => { err += c.toString(); });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const diagnostics = new Map<string, Diagnostic[]>();
  const publishes = new Map<string, number>();
  const waiters: { uri: string; pred: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  const events: LspEvent[] = [];
  const eventWaiters = new Set<(e: LspEvent) => void>();
  const pushEvent = (e: LspEvent) => { events.push(e); for (const w of [...eventWaiters]) w(e); };
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    pushEvent({ kind: 'publish', uri: p.uri, version: p.version, diagnostics: p.diagnostics });
    diagnostics.set(p.uri, p.diagnostics);
    publishes.set(p.uri, (publishes.get(p.uri) ?? 0) + 1);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w.uri === p.uri && w.pred(p.diagnostics)) { waiters.splice(i, 1); w.resolve(p.diagnostics); }
    }
  });
  // Answer the server's requests the way an editor would.
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  const popups: string[] = [], logs: string[] = [];
  conn.onNotification('window/logMessage', (p: { message: string }) => { logs.push(p.message); });
  conn.onNotification('window/showMessage', (p: { message: string }) => { popups.push(p.message); });
  conn.onRequest('window/showMessageRequest', (p: { message: string }) => { popups.push(p.message); return null; });
  let markIndexed: () => void = () => undefined;
  const indexed = new Promise<void>((r) => { markIndexed = r; });
  conn.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
    if (p.value) pushEvent({ kind: 'progress', value: p.value as Extract<LspEvent, { kind: 'progress' }>['value'] });
    if (p.value?.kind === 'end') markIndexed();
  });
  conn.listen();
  const folders = opts.folders ?? [];
  const initialize = conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folders[0] ? fileUri(folders[0]) : null,
    workspaceFolders: folders.map((f) => ({ uri: fileUri(f), name: path.basename(f) })),
    capabilities: {
      textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true }, synchronization: { dynamicRegistration: false } },
      window: { workDoneProgress: true },
      workspace: { configuration: true, workspaceFolders: true },
      ...opts.capabilities,
    },
    initializationOptions: opts.initializationOptions,
    ...opts.initializeOverrides,
  });
  if (opts.onInitializeAnswer) opts.onInitializeAnswer(await initialize.then((result) => ({ result }), (error: unknown) => ({ error })));
  else await initialize;
  conn.sendNotification('initialized', {});
  return {
    conn,
    proc,
    diagnostics,
    publishes,
    waitForDiagnostics(uri, pred = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const w = { uri, pred, resolve: (d: Diagnostic[]) => { clearTimeout(t); resolve(d); } };
        const t = setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(diagnostics.get(uri)?.map((d) => d.code))}\n${err}`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    async currentDiagnostics(uri) {
      await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
      return diagnostics.get(uri) ?? [];
    },
    open(uri, text, version = 1) {
      conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    },
    change(uri, version, changes) {
      conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    },
    close(uri) {
      conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    async stop() {
      const exited = new Promise<void>((r) => (proc.exitCode !== null ? r() : proc.once('exit', () => r())));
      try {
        await Promise.race([conn.sendRequest('shutdown'), exited]);
        await conn.sendNotification('exit').catch(() => undefined);
      } catch { /* already gone */ }
      const killer = setTimeout(() => proc.kill(), 3000);
      await exited;
      clearTimeout(killer);
      conn.dispose();
    },
    stderr: () => err,
    indexed,
    popups,
    logs,
    events,
    nextEvent(pred, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const w = (e: LspEvent) => { if (pred(e)) { eventWaiters.delete(w); clearTimeout(t); resolve(e); } };
        const t = setTimeout(() => { eventWaiters.delete(w); reject(new Error(`no matching event within ${timeoutMs} ms\n${err}`)); }, timeoutMs);
        eventWaiters.add(w);
      });
    },
  };
}

export const codes = (d: Diagnostic[]) => d.map((x) => String(x.code)).sort();
