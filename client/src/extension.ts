// The kube-ha VS Code extension: starts the language server and, when present, the cluster view.
// No analysis happens here; the client never imports server code.
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { FIND_MANIFEST, type FindManifestParams, type FindManifestResult } from '../../common/src/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('kube-ha');
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const settings = vscode.workspace.getConfiguration('kubeHa');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }, { scheme: 'untitled', language: 'yaml' }],
    synchronize: {
      configurationSection: 'kubeHa',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
    },
    initializationOptions: { settings: { minReplicas: settings.get('minReplicas'), rules: settings.get('rules') } },
    outputChannel: output,
  };
  client = new LanguageClient('kubeHa', 'kube-ha', serverOptions, clientOptions);
  context.subscriptions.push(client, output);
  await client.start();

  const findManifest = (p: FindManifestParams) => client!.sendRequest<FindManifestResult>(FIND_MANIFEST, p);
  registerOptionalViews(context, findManifest, output);
}

/** The cluster view lives in its own module; the extension works without it. */
function registerOptionalViews(
  context: vscode.ExtensionContext,
  findManifest: (p: FindManifestParams) => Promise<FindManifestResult>,
  output: vscode.OutputChannel,
): void {
  // Wired when the cluster view lands (client/src/cluster).
  void context; void findManifest; void output;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
