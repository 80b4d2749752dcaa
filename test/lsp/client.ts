// A real JSON-RPC client for a language server over stdio, for the tests and the benchmark
// (bench/*.ts: kube-ha and yaml-language-server side by side, so it answers both servers' requests).
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  Diagnostic,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { SERVER_EXEC_ARGV } from '../../common/src/server-process';

/** One publishDiagnostics, with its arrival time (ms, process.hrtime: bench/stats.ts hr()). */
export interface Publish {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
  at: number;
}

export interface LspSession {
  /** For messages (e.g. `kube-ha`, `yaml-language-server`). */
  name: string;
  conn: MessageConnection;
  proc: ChildProcess;
  pid: number;
  /** Latest diagnostics per URI. */
  diagnostics: Map<string, Diagnostic[]>;
  /** Every publish, in arrival order. */
  publishes: Publish[];
  /** Resolves with the first publish for `uri` (after now) that satisfies `pred`. */
  nextPublish(uri: string, pred?: (p: Publish) => boolean, timeoutMs?: number): Promise<Publish>;
  /** The diagnostics of the first publish for `uri` (after now) that satisfies `pred`. */
  waitForDiagnostics(uri: string, pred?: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /** What the server last published for `uri` once its pending analysis has run (a request about
   *  the file waits for that); `[]` when nothing was published, since clean files are not. */
  currentDiagnostics(uri: string): Promise<Diagnostic[]>;
  open(uri: string, text: string, version?: number): void;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void;
  close(uri: string): void;
  stop(): Promise<void>;
  stderr(): string;
  /** Resolves when the server has ended its first work-done progress (the workspace scan), with the arrival time. */
  indexed: Promise<number>;
  /** Pop-ups the server showed (window/showMessage and showMessageRequest), from the start. */
  popups: string[];
  /** Its log messages (window/logMessage), from the start. */
  logs: string[];
  /** The capabilities the server registered (client/registerCapability), in order. */
  registrations: Array<{ id: string; method: string; registerOptions?: unknown }>;
  /** Publishes and work-done progress in the order they arrived, to assert on order of events. */
  events: LspEvent[];
  /** Resolves with the first event (after now) that satisfies `pred`. */
  nextEvent(pred: (e: LspEvent) => boolean, timeoutMs?: number): Promise<LspEvent>;
}

export type LspEvent =
  | ({ kind: 'publish' } & Publish)
  | {
      kind: 'progress';
      value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number };
      at: number;
    };

export function fileUri(p: string): string {
  return pathToFileURL(p).href;
}

/** A didChange event that inserts `text` at a position. */
export function insertAt(line: number, character: number, text: string): TextDocumentContentChangeEvent {
  return { range: { start: { line, character }, end: { line, character } }, text };
}

const hr = (): number => Number(process.hrtime.bigint()) / 1e6;

export interface StartOptions {
  /** Default: kube-ha. */
  name?: string;
  /** Command that starts a server speaking LSP on stdio; default: kube-ha's bundled server. */
  command?: string[];
  cwd?: string;
  /** What workspace/configuration answers for a section; default null (the server's defaults). */
  settings?: (section: string | undefined) => unknown;
  /** Sent as workspace/didChangeConfiguration after initialized, when given. */
  didChangeConfiguration?: unknown;
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
  const command = opts.command ?? [
    process.execPath,
    ...SERVER_EXEC_ARGV,
    path.join(repoRootFromTest(), 'dist', 'server.js'),
    '--stdio',
  ];
  const name = opts.name ?? 'kube-ha';
  const proc = spawn(command[0], command.slice(1), {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
  });
  let err = '';
  proc.stderr!.on('data', (c) => {
    err += c.toString();
  });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const diagnostics = new Map<string, Diagnostic[]>();
  const publishes: Publish[] = [];
  const waiters: { uri: string; pred: (p: Publish) => boolean; resolve: (p: Publish) => void }[] = [];
  const events: LspEvent[] = [];
  const eventWaiters = new Set<(e: LspEvent) => void>();
  const pushEvent = (e: LspEvent) => {
    events.push(e);
    for (const w of [...eventWaiters]) w(e);
  };
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const pub: Publish = { uri: p.uri, version: p.version, diagnostics: p.diagnostics, at: hr() };
    pushEvent({ kind: 'publish', ...pub });
    diagnostics.set(p.uri, p.diagnostics);
    publishes.push(pub);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w.uri === p.uri && w.pred(pub)) {
        waiters.splice(i, 1);
        w.resolve(pub);
      }
    }
  });
  // Answer the server's requests the way an editor would.
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
    p.items.map((it) => opts.settings?.(it.section) ?? null),
  );
  conn.onRequest('window/workDoneProgress/create', () => null);
  const registrations: LspSession['registrations'] = [];
  conn.onRequest('client/registerCapability', (p: { registrations: LspSession['registrations'] }) => {
    registrations.push(...p.registrations);
    return null;
  });
  conn.onRequest('client/unregisterCapability', () => null);
  conn.onNotification('telemetry/event', () => undefined);
  conn.onUnhandledNotification(() => undefined); // e.g. yaml-language-server's own
  const popups: string[] = [],
    logs: string[] = [];
  conn.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
  });
  conn.onNotification('window/showMessage', (p: { message: string }) => {
    popups.push(p.message);
  });
  conn.onRequest('window/showMessageRequest', (p: { message: string }) => {
    popups.push(p.message);
    return null;
  });
  let markIndexed: (at: number) => void = () => undefined;
  const indexed = new Promise<number>((r) => {
    markIndexed = r;
  });
  conn.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
    const at = hr();
    if (p.value?.kind === 'end') markIndexed(at);
    if (p.value)
      pushEvent({ kind: 'progress', value: p.value as Extract<LspEvent, { kind: 'progress' }>['value'], at });
  });
  conn.listen();
  const folders = opts.folders ?? [];
  const initialize = conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folders[0] ? fileUri(folders[0]) : null,
    workspaceFolders: folders.map((f) => ({ uri: fileUri(f), name: path.basename(f) })),
    capabilities: {
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
        synchronization: { dynamicRegistration: false, didSave: true },
      },
      window: { workDoneProgress: true },
      workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
      ...opts.capabilities,
    },
    initializationOptions: opts.initializationOptions,
    ...opts.initializeOverrides,
  });
  if (opts.onInitializeAnswer)
    opts.onInitializeAnswer(
      await initialize.then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      ),
    );
  else await initialize;
  void conn.sendNotification('initialized', {});
  if (opts.didChangeConfiguration !== undefined)
    void conn.sendNotification('workspace/didChangeConfiguration', { settings: opts.didChangeConfiguration });
  const nextPublish = (uri: string, pred: (p: Publish) => boolean = () => true, timeoutMs = 10_000) =>
    new Promise<Publish>((resolve, reject) => {
      const w = {
        uri,
        pred,
        resolve: (p: Publish) => {
          clearTimeout(t);
          resolve(p);
        },
      };
      const t = setTimeout(() => {
        const i = waiters.indexOf(w);
        if (i >= 0) waiters.splice(i, 1);
        reject(
          new Error(
            `${name}: no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(diagnostics.get(uri)?.map((d) => d.code))}\n${err.slice(-4000)}`,
          ),
        );
      }, timeoutMs);
      waiters.push(w);
    });
  return {
    name,
    conn,
    proc,
    pid: proc.pid!,
    diagnostics,
    publishes,
    nextPublish,
    waitForDiagnostics: (uri, pred = () => true, timeoutMs) =>
      nextPublish(uri, (p) => pred(p.diagnostics), timeoutMs).then((p) => p.diagnostics),
    async currentDiagnostics(uri) {
      await conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      });
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
      const exited = new Promise<void>((r) =>
        proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', () => r()),
      );
      let gaveUp: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          conn.sendRequest('shutdown'),
          exited,
          new Promise((r) => {
            gaveUp = setTimeout(r, 5000);
          }),
        ]);
        await conn.sendNotification('exit').catch(() => undefined);
      } catch {
        /* already gone */
      }
      clearTimeout(gaveUp);
      const killer = setTimeout(() => proc.kill(), 10_000);
      await exited;
      clearTimeout(killer);
      conn.dispose();
    },
    stderr: () => err,
    indexed,
    popups,
    logs,
    registrations,
    events,
    nextEvent(pred, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const w = (e: LspEvent) => {
          if (pred(e)) {
            eventWaiters.delete(w);
            clearTimeout(t);
            resolve(e);
          }
        };
        const t = setTimeout(() => {
          eventWaiters.delete(w);
          reject(new Error(`${name}: no matching event within ${timeoutMs} ms\n${err.slice(-4000)}`));
        }, timeoutMs);
        eventWaiters.add(w);
      });
    },
  };
}

export const codes = (d: Diagnostic[]) => d.map((x) => String(x.code)).sort();
