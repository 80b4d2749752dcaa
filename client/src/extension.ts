// The kube-ha VS Code extension: starts the language server and, when present, the cluster view.
// No analysis happens here; the client never imports server code.
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { FIND_MANIFEST, LIVE_HEALTH, type FindManifestParams, type FindManifestResult, type LiveHealthParams } from '../../common/src/protocol';
import { registerClusterView } from './cluster';
import { SERVER_EXEC_ARGV } from '../../common/src/server-process';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<{ clusterTree: ReturnType<typeof registerClusterView> }> {
  const output = vscode.window.createOutputChannel('kube-ha');
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6011'] } },
  };
  const settings = vscode.workspace.getConfiguration('kubeHa');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }, { scheme: 'untitled', language: 'yaml' }],
    synchronize: {
      configurationSection: 'kubeHa',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
    },
    initializationOptions: {
      settings: { minReplicas: settings.get('minReplicas'), rules: settings.get('rules'), maxFileSize: settings.get('maxFileSize'), timeBudgetMs: settings.get('timeBudgetMs') },
    },
    outputChannel: output,
  };
  client = new LanguageClient('kubeHa', 'kube-ha', serverOptions, clientOptions);
  context.subscriptions.push(client, output);
  await client.start();

  const lsp = client;
  const clusterTree = registerClusterView(context, {
    findManifest: (p: FindManifestParams) => lsp.sendRequest<FindManifestResult>(FIND_MANIFEST, p),
    sendLiveHealth: (p: LiveHealthParams) => void lsp.sendNotification(LIVE_HEALTH, p),
  }, output);
  // For the end-to-end tests (test/e2e/suite/cluster.e2e.ts): the cluster tree's provider, view and status bar item.
  return { clusterTree };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
