// Everything the language server holds, in one object made per connection: the open documents,
// the workspace index, the job scheduler, configuration and what was published. The handlers
// (create-server.ts) and the modules they call are functions over it.
import { fileURLToPath } from 'url';
import { TextDocuments, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createIndex, DEFAULT_LIMITS, type Finding, type WorkspaceIndex } from './engine';
import { chartTemplatePredicate } from './chart-templates';
import { createChangeLog, type ChangeLog } from './change-log';
import { createScheduler, type Scheduler, type SchedulerOptions } from './scheduler';
import { fileUriOf, fsPathOfUri } from './workspace-files';
import { initialConfig, type ConfigState } from './workspace-config';
import type { EditorRendering } from './rendered/server-hooks';
import type { EncodedDiagnostics } from './encoded-diagnostics';
import type { LiveHealthParams } from '../../common/src/protocol';

export interface ServerState {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  index: WorkspaceIndex;
  /** The index's changes: taken through here only (see change-log.ts). */
  changes: ChangeLog;
  scheduler: Scheduler;
  /** Index key → the URI the client spelled, for open documents. */
  clientUri: Map<string, string>;
  /** Findings (with their fixes) of open files: code actions, hovers and lenses ask about those. */
  findingsByFile: Map<string, Finding[]>;
  /** Files that had diagnostics published, so they can be cleared. */
  published: Set<string>;
  /** Fingerprints of the last diagnostics sent per file, to send only what changed. */
  lastSent: Map<string, number>;
  /** Open files' diagnostics as last published, with their JSON (encoded-diagnostics.ts). */
  encoded: Map<string, EncodedDiagnostics>;
  /** The connection's writer sends a list's attached JSON as it is (batched-writer.ts). */
  sendsJson: boolean;
  folders: string[];
  config: ConfigState;
  client: { canProgress: boolean; canPullConfig: boolean; canWatchRelative: boolean };
  /** Live Service health from the client's cluster view. */
  liveHealth: LiveHealthParams | null;
  rendering: EditorRendering;
  log(msg: string): void;
}

/** The state of a new server; `rendering` is made by the caller, which knows how to publish. */
export function createState(
  connection: Connection,
  rendering: (s: ServerState) => EditorRendering,
  scheduler: SchedulerOptions = {},
): ServerState {
  const index = createIndex({
    ...DEFAULT_LIMITS,
    chartTemplate: chartTemplatePredicate((key) => {
      try {
        return fileURLToPath(key);
      } catch {
        return null;
      }
    }),
  });
  const log = (msg: string) => connection.console.log(msg);
  const s: ServerState = {
    connection,
    documents: new TextDocuments(TextDocument),
    index,
    changes: createChangeLog(index),
    scheduler: createScheduler({
      onError: (key, err) => log(`analysis of ${key} failed: ${err instanceof Error ? err.stack : String(err)}`),
      ...scheduler,
    }),
    clientUri: new Map(),
    findingsByFile: new Map(),
    published: new Set(),
    lastSent: new Map(),
    encoded: new Map(),
    sendsJson: false,
    folders: [],
    config: initialConfig(),
    client: { canProgress: false, canPullConfig: false, canWatchRelative: false },
    liveHealth: null,
    rendering: null as unknown as EditorRendering,
    log,
  };
  s.rendering = rendering(s);
  return s;
}

/** Canonical key of a document: the URI as Node spells it, so client and disk URIs agree. */
export function keyOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  const p = fsPathOfUri(uri);
  return p === null ? uri : fileUriOf(p);
}

/** The URI the client knows a file by. */
export function uriOf(s: ServerState, key: string): string {
  return s.clientUri.get(key) ?? key;
}

/** The open document of an index key, if the file is open. */
export function openDocument(s: ServerState, key: string): TextDocument | undefined {
  return s.documents.get(uriOf(s, key));
}
