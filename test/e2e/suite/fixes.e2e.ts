// Scenario: a person applies kube-ha's quick fix and "fix all" in a real VS Code and the
// findings go away. Runs on the temp copy of examples/ the driver opened, so edits are harmless.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, loadExamples, waitForDiagnostics, workspaceRoot } from './harness';

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('kube-ha');

function kubeHa(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'kube-ha');
}

async function open(file: string): Promise<{ uri: vscode.Uri; doc: vscode.TextDocument }> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), file);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return { uri, doc };
}

/** Applies a code action the way the lightbulb does: its edit, then its command. */
async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit)
    assert.ok(await vscode.workspace.applyEdit(action.edit), `VS Code refused the edit of "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

describe('quick fixes in a real VS Code', () => {
  const examples = loadExamples();
  const singleReplica = examples.find((e) => e.expect.has('single-replica'));
  // fix-all runs on another file than the quick fix, one with a rule that has a fix
  const fixAllTarget = examples.find((e) => e !== singleReplica && e.expect.size > 0);

  it('the single-replica quick fix raises replicas and the finding goes away', async function () {
    this.timeout(90_000);
    assert.ok(singleReplica, 'no example expects single-replica');
    const { uri, doc } = await open(singleReplica.file);
    const diag = await waitForDiagnostics(
      uri,
      (ds) => ds.find((d) => d.source === 'kube-ha' && codeOf(d) === 'single-replica'),
      60_000,
    );
    const line = diag.range.start.line;

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diag.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    // the fix, not a "kube-ha-ignore" suppression
    const fix =
      actions.find(
        (a) =>
          a.kind?.value === 'quickfix' &&
          !/ignore|suppress|disable/i.test(a.title) &&
          (a.diagnostics ?? []).some((d) => codeOf(d) === 'single-replica'),
      ) ?? actions.find((a) => !/ignore|suppress|disable/i.test(a.title) && a.edit !== undefined);
    assert.ok(fix, `no quick fix for single-replica; offered: ${titles.join(' | ')}`);
    assert.ok(
      actions.some((a) => /ignore/i.test(a.title)),
      `no suppression action offered next to the fix; offered: ${titles.join(' | ')}`,
    );
    await apply(fix);

    const m = /^\s*replicas:\s*(\d+)/.exec(doc.lineAt(line).text);
    assert.ok(m && Number(m[1]) >= 2, `after "${fix.title}", line ${line + 1} reads "${doc.lineAt(line).text}"`);
    await waitForDiagnostics(
      uri,
      (ds) => (ds.some((d) => d.source === 'kube-ha' && codeOf(d) === 'single-replica') ? undefined : true),
      30_000,
    );
  });

  it('fix all removes the fixable findings of a file and keeps it valid YAML', async function () {
    this.timeout(90_000);
    assert.ok(fixAllTarget, 'no second example with expected findings');
    const { uri, doc } = await open(fixAllTarget.file);
    const before = await waitForDiagnostics(
      uri,
      (ds) => {
        const k = ds.filter((d) => d.source === 'kube-ha');
        return k.length > 0 ? k : undefined;
      },
      60_000,
    );
    const beforeCodes = new Set(before.map(codeOf));
    const textBefore = doc.getText();

    const full = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      full,
      FIX_ALL_KIND.value,
    );
    const fixAll = actions.find((a) => a.kind && FIX_ALL_KIND.contains(a.kind));
    assert.ok(
      fixAll,
      `no ${FIX_ALL_KIND.value} action for ${fixAllTarget.file}; offered: ${actions.map((a) => `${a.title} [${a.kind?.value}]`).join(' | ')}`,
    );
    await apply(fixAll);
    assert.notStrictEqual(doc.getText(), textBefore, 'fix all did not change the document');

    const after = await waitForDiagnostics(
      uri,
      () => {
        const k = kubeHa(uri);
        const codes = new Set(k.map(codeOf));
        return [...beforeCodes].some((c) => !codes.has(c)) ? k : undefined;
      },
      30_000,
    );
    const afterCodes = new Set(after.map(codeOf));
    assert.ok(!afterCodes.has('yaml-syntax'), 'fix all produced invalid YAML');
    const gone = [...beforeCodes].filter((c) => !afterCodes.has(c));
    assert.ok(
      gone.length > 0,
      `nothing fixed: before ${[...beforeCodes].join(', ')}, after ${[...afterCodes].join(', ')}`,
    );
  });
});
