// Scenario: a person opens the manifests in examples/ and sees kube-ha's squiggles, with the
// right rule ids, on the right keys. Each example document that contains a deliberate mistake
// carries "# expect: <rule-id>" markers; documents without one must produce no finding.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, Example, EXTENSION_ID, loadExamples, waitForDiagnostics, workspaceRoot } from './harness';

function where(d: vscode.Diagnostic): string {
  return `${codeOf(d)} at ${d.range.start.line + 1}:${d.range.start.character + 1}`;
}

/** The range must sit on a key or value of the document that declares the mistake, not on a comment or line 0 col 0. */
function checkRange(doc: vscode.TextDocument, ex: Example, d: vscode.Diagnostic): void {
  const code = codeOf(d)!;
  const line = doc.lineAt(d.range.start.line).text;
  assert.ok(!d.range.isEmpty, `${where(d)}: empty range`);
  assert.ok(
    d.range.end.line - d.range.start.line < 50,
    `${where(d)}: range spans ${d.range.end.line - d.range.start.line} lines`,
  );
  assert.ok(
    !/^\s*(#.*)?$/.test(line) && !/^---/.test(line),
    `${where(d)}: starts on a comment/blank/separator line "${line}"`,
  );
  const indent = line.length - line.trimStart().length;
  assert.ok(d.range.start.character >= indent, `${where(d)}: starts in the indentation of "${line}"`);
  assert.match(
    line.slice(d.range.start.character),
    /^(-\s+)?["']?[\w./-]/,
    `${where(d)}: does not start on a key or value: "${line}"`,
  );
  const owner = ex.docs.find((x) => d.range.start.line >= x.startLine && d.range.start.line < x.endLine);
  assert.ok(owner, `${where(d)}: outside every document`);
  assert.ok(
    owner.expect.has(code),
    `${where(d)}: unexpected finding "${d.message}" in the document at line ${owner.startLine + 1} (expects: ${[...owner.expect].join(', ') || 'nothing'})`,
  );
  if (code === 'single-replica')
    assert.match(line, /^\s*replicas:/, `${where(d)}: single-replica is not on the replicas key`);
}

describe('diagnostics in a real VS Code', () => {
  it('the kube-ha extension is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(
      ext,
      `extension ${EXTENSION_ID} is not loaded; loaded: ${vscode.extensions.all
        .map((e) => e.id)
        .filter((id) => !id.startsWith('vscode.'))
        .join(', ')}`,
    );
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  const examples = loadExamples();
  it('the workspace has examples with expect markers', () => {
    assert.ok(examples.length > 0, `no YAML with "# expect:" markers in ${workspaceRoot().fsPath}`);
  });

  for (const ex of examples) {
    it(`${ex.file}: kube-ha findings appear, each on a key of the document that expects it`, async function () {
      this.timeout(90_000);
      const uri = vscode.Uri.joinPath(workspaceRoot(), ex.file);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false });
      assert.strictEqual(doc.languageId, 'yaml', `${ex.file} opened as ${doc.languageId}`);

      // The first publication that contains one of the rule ids this file expects.
      const ours = await waitForDiagnostics(
        uri,
        (diags) => {
          const k = diags.filter((d) => d.source === 'kube-ha');
          return k.some((d) => ex.expect.has(codeOf(d) ?? '')) ? k : undefined;
        },
        60_000,
      );
      for (const d of ours) {
        assert.ok(
          codeOf(d) && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(codeOf(d)!),
          `kube-ha diagnostic without a rule id code: ${d.message}`,
        );
        assert.ok(d.message.trim().length > 0, `${where(d)}: no message`);
        checkRange(doc, ex, d);
      }
    });

    it(`${ex.file}: every expected rule fires (${[...ex.expect].join(', ')})`, async function () {
      this.timeout(30_000);
      const uri = vscode.Uri.joinPath(workspaceRoot(), ex.file);
      // The server has already published for this file (previous test); allow a re-publication
      // (e.g. after the workspace index is complete) to bring in cross-file findings.
      const doc = await vscode.workspace.openTextDocument(uri);
      const ours = await waitForDiagnostics(
        uri,
        (diags) => {
          const codes = new Set(diags.filter((d) => d.source === 'kube-ha').map(codeOf));
          return [...ex.expect].every((c) => codes.has(c)) ? diags.filter((d) => d.source === 'kube-ha') : undefined;
        },
        20_000,
      );
      for (const d of ours) checkRange(doc, ex, d);
    });
  }
});
