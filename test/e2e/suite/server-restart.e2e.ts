// Scenario: the kube-ha language server crashes; VS Code's client restarts it and diagnostics
// come back (checked with a fresh mistake typed after the crash).
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, loadExamples, waitForDiagnostics, workspaceRoot } from './harness';

/** PIDs of kube-ha language servers started by this extension host (Linux /proc). */
function serverPids(): number[] {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) return [];
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const ppid = /^PPid:\s+(\d+)$/m.exec(fs.readFileSync(`/proc/${name}/status`, 'utf8'))?.[1];
      if (Number(ppid) === process.pid && cmd.some((a) => a.startsWith(ext.extensionPath) && a.endsWith('server.js')))
        out.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

const NEW_MISTAKE = [
  '---',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: e2e-after-crash, namespace: storefront}',
  'spec:',
  '  replicas: 1',
  '  selector: {matchLabels: {app: e2e-after-crash}}',
  '  template:',
  '    metadata: {labels: {app: e2e-after-crash}}',
  '    spec: {containers: [{name: c, image: "nginx:1.27"}]}',
  '',
].join('\n');

describe('language server restart in a real VS Code', () => {
  it('after the server is killed, it restarts and diagnostics come back', async function () {
    this.timeout(120_000);
    if (!fs.existsSync('/proc/self/status')) this.skip(); // needs Linux /proc to find the server process
    const ex = loadExamples().find((e) => !e.expect.has('single-replica')) ?? loadExamples()[0];
    assert.ok(ex, 'no example to open');
    const uri = vscode.Uri.joinPath(workspaceRoot(), ex.file);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    await waitForDiagnostics(uri, (ds) => (ds.some((d) => d.source === 'kube-ha') ? true : undefined), 60_000);

    const before = serverPids();
    assert.strictEqual(
      before.length,
      1,
      `expected one kube-ha server process under the extension host (pid ${process.pid}), found [${before.join(', ')}]`,
    );
    process.kill(before[0], 'SIGKILL');

    // A new mistake typed after the crash must be reported by the restarted server.
    const firstNewLine = doc.lineCount;
    const ok = await editor.edit((b) =>
      b.insert(new vscode.Position(doc.lineCount, 0), (doc.getText().endsWith('\n') ? '' : '\n') + NEW_MISTAKE),
    );
    assert.ok(ok, 'could not edit the document');
    const d = await waitForDiagnostics(
      uri,
      (ds) =>
        ds.find((x) => x.source === 'kube-ha' && codeOf(x) === 'single-replica' && x.range.start.line >= firstNewLine),
      90_000,
    );
    assert.match(doc.lineAt(d.range.start.line).text, /^\s*replicas:/);
    const after = serverPids();
    assert.strictEqual(after.length, 1, `expected one restarted server, found [${after.join(', ')}]`);
    assert.notStrictEqual(after[0], before[0], 'the server process is the one that was killed');
  });
});
