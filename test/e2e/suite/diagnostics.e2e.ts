// Scenario: a person opens a manifest from examples/ and sees kube-ha's squiggles on the right keys.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, waitForDiagnostics, workspaceRoot } from './harness';

const SINGLE_REPLICA_LINE = /^\s*replicas:\s*1\s*(#.*)?$/m;

/** The example to open: KUBE_HA_E2E_EXAMPLE (relative to the workspace), else the first one with `replicas: 1`. */
async function pickExample(): Promise<vscode.Uri> {
  const root = workspaceRoot();
  const wanted = process.env.KUBE_HA_E2E_EXAMPLE;
  if (wanted) return vscode.Uri.joinPath(root, wanted);
  const files = (await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/node_modules/**')).sort((a, b) => a.path.localeCompare(b.path));
  for (const f of files) {
    const text = Buffer.from(await vscode.workspace.fs.readFile(f)).toString('utf8');
    if (SINGLE_REPLICA_LINE.test(text)) return f;
  }
  throw new Error(`no example with "replicas: 1" among ${files.length} YAML files in ${root.fsPath}; set KUBE_HA_E2E_EXAMPLE`);
}

describe('diagnostics in a real VS Code', () => {
  it('the kube-ha extension is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded; loaded: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')}`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('opening an example shows single-replica on the replicas key', async () => {
    const uri = await pickExample();
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'yaml', `${uri.fsPath} opened as ${doc.languageId}`);

    const ours = await waitForDiagnostics(uri, (diags) => {
      const k = diags.filter((d) => d.source === 'kube-ha');
      return k.some((d) => codeOf(d) === 'single-replica') ? k : undefined;
    });

    const single = ours.filter((d) => codeOf(d) === 'single-replica');
    for (const d of single) {
      const line = doc.lineAt(d.range.start.line).text;
      assert.match(line, /^\s*replicas:/, `single-replica at ${d.range.start.line + 1}:${d.range.start.character + 1} is not on a replicas key: "${line}"`);
      const text = doc.getText(d.range);
      assert.ok(text.length > 0, 'single-replica has an empty range');
      assert.ok(/replicas|1/.test(text), `single-replica range covers "${text}", not the replicas key or its value`);
    }
    const whole = doc.validateRange(new vscode.Range(0, 0, doc.lineCount, 0));
    for (const d of ours) {
      assert.ok(codeOf(d) && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(codeOf(d)!), `kube-ha diagnostic without a rule id code: ${d.message}`);
      assert.ok(!d.range.isEmpty, `${codeOf(d)} has an empty range`);
      assert.ok(!d.range.isEqual(whole), `${codeOf(d)} covers the whole document`);
      assert.ok(d.message.length > 0, `${codeOf(d)} has no message`);
    }
  });
});
