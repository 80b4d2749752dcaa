// The kube-ha VS Code extension: starts the language server and, when present, the cluster view.
// No analysis happens here; the client never imports server code.
import * as path from 'path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  FIND_MANIFEST,
  LIVE_HEALTH,
  WORKSPACE_TRUSTED,
  type FindManifestParams,
  type FindManifestResult,
  type LiveHealthParams,
} from '../../common/src/protocol';
import type * as ClusterViewModule from './cluster';
import { SERVER_EXEC_ARGV } from '../../common/src/server-process';

let client: LanguageClient | undefined;

/** What activate() returns, for the end-to-end tests (test/e2e/suite/cluster-harness.ts): the cluster
 *  tree's provider, view and status bar item, once its bundle has loaded. */
export interface KubeHaApi {
  readonly clusterTree: Promise<ClusterViewModule.ClusterViewApi>;
}

export function activate(context: vscode.ExtensionContext): KubeHaApi {
  const output = vscode.window.createOutputChannel('kube-ha');
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6011'] },
    },
  };
  const settings = vscode.workspace.getConfiguration('kubeHa');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      // JSON manifests as the scan and kube-ha lint read them (no fixes: they would write YAML).
      { scheme: 'file', language: 'json' },
    ],
    synchronize: {
      configurationSection: 'kubeHa',
      // The manifests the server scans (YAML and JSON), kube-ha's config, and what renders read.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.yaml,*.yml,*.json,Kustomization}'),
    },
    initializationOptions: {
      settings: {
        minReplicas: settings.get('minReplicas'),
        rules: settings.get('rules'),
        maxFileSize: settings.get('maxFileSize'),
        timeBudgetMs: settings.get('timeBudgetMs'),
        kustomize: settings.get('kustomize'),
        helm: settings.get('helm'),
        render: settings.get('render'),
        maxWorkspaceFiles: settings.get('maxWorkspaceFiles'),
      },
      // The server renders Kustomize and Helm sources (runs programs) only in a trusted workspace.
      trusted: vscode.workspace.isTrusted,
    },
    outputChannel: output,
  };
  client = new LanguageClient('kubeHa', 'kube-ha', serverOptions, clientOptions);
  context.subscriptions.push(client, output);
  // Not awaited: activation ends here and the server starts in the background (requests made
  // meanwhile wait for it inside the client; a failed start is reported by the client itself).
  client
    .start()
    .catch((e: unknown) =>
      output.appendLine(`[client] the language server did not start: ${e instanceof Error ? e.message : String(e)}`),
    );

  const lsp = client;
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => void lsp.sendNotification(WORKSPACE_TRUSTED)),
  );
  // The cluster view is its own bundle (dist/cluster-view.js, with @kubernetes/client-node), loaded
  // after activate() returns so that loading it is not part of activation.
  const clusterTree = new Promise<ClusterViewModule.ClusterViewApi>((resolve, reject) =>
    setImmediate(() => {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const cluster = require(
          context.asAbsolutePath(path.join('dist', 'cluster-view.js')),
        ) as typeof ClusterViewModule;
        resolve(
          cluster.registerClusterView(
            context,
            {
              findManifest: (p: FindManifestParams) => lsp.sendRequest<FindManifestResult>(FIND_MANIFEST, p),
              sendLiveHealth: (p: LiveHealthParams) => void lsp.sendNotification(LIVE_HEALTH, p),
            },
            output,
          ),
        );
      } catch (e) {
        output.appendLine(`[cluster] the cluster view did not load: ${e instanceof Error ? e.message : String(e)}`);
        reject(e);
      }
    }),
  );
  clusterTree.catch(() => undefined); // reported above; the e2e tests await it themselves
  return { clusterTree };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
