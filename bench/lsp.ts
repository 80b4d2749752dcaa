// A minimal JSON-RPC/LSP client over stdio for the benchmark: like test/lsp/client.ts, but it
// keeps the version and arrival time (monotonic clock) of every publishDiagnostics, so latency
// can be measured from a didChange to the publish that reflects it.
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { hr } from './stats';

export interface Publish { uri: string; version?: number; count: number; at: number }

export interface Server {
  name: string;
  proc: ChildProcess;
  conn: MessageConnection;
  pid: number;
  /** Every publish, in arrival order. */
  publishes: Publish[];
  /** Resolves at the end of the first work-done progress, with the arrival time. */
  progressEnd: Promise<number>;
  /** Arrival times of the end of every work-done progress, in order. */
  progressEnds: number[];
  /** Resolves with the first publish for uri (arriving after this call) that satisfies pred. */
  nextPublish(uri: string, pred: (p: Publish) => boolean, timeoutMs: number): Promise<Publish>;
  open(uri: string, text: string, version: number): void;
  change(uri: string, version: number, line: number, character: number, text: string): void;
  stop(): Promise<void>;
  stderr(): string;
}

export interface StartOptions {
  name: string;
  command: string[];
  folders?: string[];
  /** What workspace/configuration answers for a section. */
  settings?: (section: string | undefined) => unknown;
  /** Sent as workspace/didChangeConfiguration after initialized, when given. */
  didChangeConfiguration?: unknown;
  cwd?: string;
}

export const fileUri = (p: string): string => pathToFileURL(p).href;

export async function startServer(o: StartOptions): Promise<Server> {
  const proc = spawn(o.command[0], o.command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], cwd: o.cwd });
  let err = '';
  proc.stderr!.on('data', (c: Buffer) => { err = (err + c.toString()).slice(-20_000); });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const publishes: Publish[] = [];
  const waiters: { uri: string; pred: (p: Publish) => boolean; resolve: (p: Publish) => void }[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
    const pub: Publish = { uri: p.uri, version: p.version, count: p.diagnostics.length, at: hr() };
    publishes.push(pub);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w.uri === p.uri && w.pred(pub)) { waiters.splice(i, 1); w.resolve(pub); }
    }
  });
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((it) => o.settings?.(it.section) ?? null));
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('client/unregisterCapability', () => null);
  conn.onNotification('window/logMessage', () => undefined);
  conn.onNotification('window/showMessage', () => undefined);
  conn.onNotification('telemetry/event', () => undefined);
  // yaml-language-server's own notifications.
  conn.onNotification('yaml/schemaStoreInitialized', () => undefined);
  let endProgress: (t: number) => void = () => undefined;
  const progressEnd = new Promise<number>((r) => { endProgress = r; });
  const progressEnds: number[] = [];
  conn.onNotification('$/progress', (p: { value?: { kind?: string } }) => { if (p.value?.kind === 'end') { progressEnds.push(hr()); endProgress(hr()); } });
  conn.onUnhandledNotification(() => undefined);
  conn.listen();
  const folders = o.folders ?? [];
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folders[0] ? fileUri(folders[0]) : null,
    workspaceFolders: folders.length ? folders.map((f) => ({ uri: fileUri(f), name: path.basename(f) })) : null,
    capabilities: {
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
        synchronization: { dynamicRegistration: false, didSave: true },
      },
      window: { workDoneProgress: true },
      workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
    },
  });
  conn.sendNotification('initialized', {});
  if (o.didChangeConfiguration !== undefined) conn.sendNotification('workspace/didChangeConfiguration', { settings: o.didChangeConfiguration });
  return {
    name: o.name,
    proc,
    conn,
    pid: proc.pid!,
    publishes,
    progressEnd,
    progressEnds,
    nextPublish(uri, pred, timeoutMs) {
      return new Promise((resolve, reject) => {
        const w = { uri, pred, resolve: (p: Publish) => { clearTimeout(t); resolve(p); } };
        const t = setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`${o.name}: no matching publishDiagnostics for ${uri} within ${timeoutMs} ms\n${err.slice(-2000)}`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    open(uri, text, version) {
      void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    },
    change(uri, version, line, character, text) {
      void conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text }],
      });
    },
    async stop() {
      const exited = new Promise<void>((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', () => r())));
      try {
        await Promise.race([conn.sendRequest('shutdown'), exited, new Promise((r) => setTimeout(r, 5000))]);
        await conn.sendNotification('exit').catch(() => undefined);
      } catch { /* already gone */ }
      const killer = setTimeout(() => proc.kill(), 10_000);
      await exited;
      clearTimeout(killer);
      conn.dispose();
    },
    stderr: () => err,
  };
}
