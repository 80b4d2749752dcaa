// The kube-ha language server on a connection: its state (server-state.ts) and the LSP handlers,
// each handing its message to a function over that state — analysis jobs (analysis.ts),
// configuration (workspace-config.ts), the workspace scan (workspace-scan.ts), requests
// (requests.ts) and rendered sources (rendered/server-hooks.ts).
import { fileURLToPath } from 'url';
import {
  TextDocumentSyncKind,
  FileChangeType,
  CodeActionKind,
  type Connection,
  type InitializeParams,
  type DidChangeWatchedFilesParams,
} from 'vscode-languageserver/node';
import { FIX_ALL_KIND } from './language-service';
import { fsPathOfUri } from './workspace-files';
import { indexFileFromDiskSync } from './read-file';
import { FIND_MANIFEST, LIVE_HEALTH, type FindManifestParams, type LiveHealthParams } from '../../common/src/protocol';
import { editorRendering } from './rendered/server-hooks';
import { BULK } from './scheduler';
import { guardedDocumentSync, guardNotification as note, guardRequest as req } from './lsp-guard';
import { createState, keyOf, openDocument, type ServerState } from './server-state';
import { forget, markDirty, publishFindings, queueAffected, reanalyzeAll, recheck } from './analysis';
import {
  applySettings,
  isConfigFile,
  loadConfigFile,
  pullSettings,
  recomputeConfig,
  watchConfigOutsideFolders,
  type Settings,
} from './workspace-config';
import { indexWorkspace } from './workspace-scan';
import { isDiscoverable, isManifestName } from './files/discovery';
import { codeActions, findManifest, hover, lenses } from './requests';

/** `sendsJson`: the connection writes publishes through batched-writer.ts (see ServerState). */
export function createServer(connection: Connection, o: { sendsJson?: boolean } = {}): ServerState {
  const s = createState(connection, (st) =>
    editorRendering({
      connection,
      index: st.index,
      folders: () => st.folders,
      config: () => st.config.config,
      openText: (key) => openDocument(st, key)?.getText() ?? null,
      canProgress: () => st.client.canProgress,
      publish: (key) => publishFindings(st, key, [], false),
      reindex: (key) => {
        const doc = openDocument(st, key);
        if (doc) st.index.setFile(key, doc.getText());
        else {
          try {
            indexFileFromDiskSync(st.index, key, fileURLToPath(key));
          } catch {
            return;
          }
        }
        markDirty(st, key);
      },
      affected: () => {
        queueAffected(st, st.changes.take(), new Set());
      },
      log: st.log,
    }),
  );
  s.sendsJson = !!o.sendsJson;
  const { log, documents } = s;

  connection.onInitialize(
    req('initialize', log, (params: InitializeParams) => {
      // Folders that are not files on this machine (a virtual or remote scheme) have nothing to scan.
      const asPath = (uri: string) => {
        try {
          return [fileURLToPath(uri)];
        } catch {
          log(`workspace folder ${uri} is not a file path: not scanned`);
          return [];
        }
      };
      s.folders = (params.workspaceFolders ?? []).flatMap((f) => asPath(f.uri));
      if (s.folders.length === 0 && params.rootUri) s.folders = asPath(params.rootUri);
      s.client.canProgress = !!params.capabilities.window?.workDoneProgress;
      s.client.canPullConfig = !!params.capabilities.workspace?.configuration;
      const watch = params.capabilities.workspace?.didChangeWatchedFiles;
      s.client.canWatchRelative = !!watch?.dynamicRegistration && !!watch.relativePatternSupport;
      s.rendering.initialize(params.initializationOptions);
      const init = params.initializationOptions as { settings?: Settings } | undefined;
      if (init?.settings) applySettings(s.config, init.settings);
      loadConfigFile(s);
      recomputeConfig(s);
      return {
        capabilities: {
          textDocumentSync: TextDocumentSyncKind.Incremental,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
          hoverProvider: true,
          codeLensProvider: {},
        },
        serverInfo: { name: 'kube-ha' },
      };
    }),
  );

  connection.onInitialized(() => {
    void (async () => {
      await pullSettings(s);
      recomputeConfig(s);
      watchConfigOutsideFolders(s);
      await indexWorkspace(s);
    })();
  });

  connection.onDidChangeConfiguration(
    note('workspace/didChangeConfiguration', log, () => {
      void (async () => {
        await pullSettings(s);
        recomputeConfig(s);
        reanalyzeAll(s);
        void s.rendering.refresh();
      })();
    }),
  );

  connection.onNotification(
    LIVE_HEALTH,
    note(LIVE_HEALTH, log, (p: LiveHealthParams) => {
      s.liveHealth = p;
      for (const f of s.index.files())
        if (
          s.index.getFile(f)!.docs.some((d) => d.object?.kind === 'Service' || d.object?.kind === 'PodDisruptionBudget')
        )
          recheck(s, f, BULK);
    }),
  );

  documents.onDidOpen((e) => {
    const key = keyOf(e.document.uri);
    s.clientUri.set(key, e.document.uri);
    markDirty(s, key);
  });
  documents.onDidChangeContent((e) => markDirty(s, keyOf(e.document.uri)));
  documents.onDidClose((e) => {
    const key = keyOf(e.document.uri);
    s.clientUri.delete(key);
    s.encoded.delete(key);
    // The file on disk is what the workspace holds once the editor lets go of it.
    const p = fsPathOfUri(key);
    if (p && s.folders.some((f) => isDiscoverable(p, f))) {
      try {
        indexFileFromDiskSync(s.index, key, p);
      } catch {
        s.index.removeFile(key);
      }
    } else s.index.removeFile(key);
    markDirty(s, key);
  });

  connection.onDidChangeWatchedFiles(
    note('workspace/didChangeWatchedFiles', log, (e: DidChangeWatchedFilesParams) => {
      for (const ch of e.changes) {
        const key = keyOf(ch.uri);
        s.rendering.changed(key);
        if (isConfigFile(key)) {
          loadConfigFile(s);
          recomputeConfig(s);
          watchConfigOutsideFolders(s);
          reanalyzeAll(s);
          continue;
        }
        // An extension-less Kustomization: only renders read it. JSON manifests are scanned too.
        if (!isManifestName(key.slice(key.lastIndexOf('/') + 1))) continue;
        if (openDocument(s, key)) continue; // the editor's text wins while open
        if (ch.type === FileChangeType.Deleted) {
          forget(s, key);
          continue;
        }
        try {
          const p = fsPathOfUri(key);
          if (p === null || !s.folders.some((f) => isDiscoverable(p, f))) continue; // what the scan (and kube-ha lint) leaves out
          indexFileFromDiskSync(s.index, key, p);
          markDirty(s, key);
        } catch (err) {
          log(`cannot read ${key}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        }
      }
    }),
  );

  connection.onCodeAction(req('textDocument/codeAction', log, (p) => codeActions(s, p)));
  connection.onRequest(
    FIND_MANIFEST,
    req(FIND_MANIFEST, log, (p: FindManifestParams) => findManifest(s, p)),
  );
  connection.onHover(req('textDocument/hover', log, (p) => hover(s, p)));
  connection.onCodeLens(req('textDocument/codeLens', log, (p) => lenses(s, p)));

  documents.listen(guardedDocumentSync(connection, log));
  return s;
}
