// Scenario: a person inserts the "HA web app" snippet into a new YAML file in a real VS Code,
// types a name into its first placeholder, and kube-ha reports nothing for it. Also: the hover
// over a flagged key and the HA posture code lens, through VS Code's own provider commands.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, loadExamples, waitForDiagnostics, waitForEvent, workspaceRoot } from './harness';

const MISTAKE = [
  'apiVersion: policy/v1',
  'kind: PodDisruptionBudget',
  'metadata:',
  '  name: oops',
  'spec:',
  '  selector:',
  '    matchLabels:',
  '      app.kubernetes.io/name: oops',
  '',
].join('\n');

function snippetBody(name: string): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  const pkg = ext.packageJSON as { contributes?: { snippets?: { language: string; path: string }[] } };
  const contributed = pkg.contributes?.snippets?.find((s) => s.language === 'yaml');
  assert.ok(contributed, 'the extension contributes no yaml snippets');
  const snippets = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, contributed.path), 'utf8')) as Record<
    string,
    { body: string[] | string }
  >;
  const s = snippets[name];
  assert.ok(s, `no snippet "${name}"; have ${Object.keys(snippets).join(', ')}`);
  return Array.isArray(s.body) ? s.body.join('\n') : s.body;
}

describe('snippets in a real VS Code', () => {
  it('the HA web app snippet, inserted and renamed, gets no kube-ha diagnostics', async function () {
    this.timeout(90_000);
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'snippet-web-app.yaml');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(MISTAKE));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });

    // 1. A deliberate mistake first: its diagnostic shows the server is analysing this file.
    await waitForDiagnostics(
      uri,
      (ds) => ds.find((d) => d.source === 'kube-ha' && codeOf(d) === 'pdb-no-policy'),
      60_000,
    );

    // 2. Replace the whole text with the snippet, then type a name into its first placeholder.
    const all = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
    assert.ok(
      await editor.insertSnippet(new vscode.SnippetString(snippetBody('kube-ha: HA web app')), all),
      'insertSnippet refused',
    );
    for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler']) {
      assert.match(doc.getText(), new RegExp(`^kind: ${kind}$`, 'm'));
    }
    const webCount = (doc.getText().match(/\bweb\b/g) ?? []).length;
    assert.ok(webCount >= 10, `the default name fills the snippet (${webCount})`);
    assert.equal(editor.selection.isEmpty, false, 'the first placeholder is selected');
    await vscode.commands.executeCommand('type', { text: 'shop' });
    const renamed = await waitForEvent(
      vscode.workspace.onDidChangeTextDocument,
      () => (/\bweb\b/.test(doc.getText()) ? undefined : doc.getText()),
      10_000,
      () => `the mirrors of the name placeholder still say "web":\n${doc.getText()}`,
    );
    assert.equal(
      (renamed.match(/\bshop\b/g) ?? []).length,
      webCount,
      'every occurrence of the name followed the placeholder',
    );
    await vscode.commands.executeCommand('leaveSnippet');

    // 3. The mistake is gone, so its diagnostics must go; emptiness arrives only once the server has
    //    analysed a version without it.
    await waitForDiagnostics(uri, (ds) => (ds.some((d) => d.source === 'kube-ha') ? undefined : true), 30_000);

    // 4. Pin the final version: append the mistake again and wait for it. The diagnostics of that
    //    version lie only in the appended document, so the renamed snippet above it is clean.
    const snippetLines = doc.lineCount;
    const end = doc.positionAt(doc.getText().length);
    assert.ok(await editor.edit((b) => b.insert(end, `${doc.getText().endsWith('\n') ? '' : '\n'}---\n${MISTAKE}`)));
    const ds = await waitForDiagnostics(
      uri,
      (d) =>
        d.some((x) => x.source === 'kube-ha' && codeOf(x) === 'pdb-no-policy')
          ? d.filter((x) => x.source === 'kube-ha')
          : undefined,
      30_000,
    );
    const inSnippet = ds.filter((d) => d.range.start.line < snippetLines);
    assert.deepEqual(
      inSnippet.map((d) => `${codeOf(d)}@${d.range.start.line + 1}: ${d.message}`),
      [],
      'findings inside the inserted snippet',
    );
    await vscode.commands.executeCommand('workbench.action.files.save');
  });

  it('hover over a flagged key explains the rule and links its doc; a code lens sums up each workload', async function () {
    this.timeout(90_000);
    const example = loadExamples().find((e) => e.expect.size > 0);
    assert.ok(example, 'no example with findings');
    const uri = vscode.Uri.joinPath(workspaceRoot(), example.file);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const diag = await waitForDiagnostics(uri, (ds) => ds.find((d) => d.source === 'kube-ha'), 60_000);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      diag.range.start,
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(text.includes(`\`${codeOf(diag)}\``), `hover names the rule ${codeOf(diag)}:\n${text}`);
    assert.ok(text.includes(`docs/rules/${codeOf(diag)}.md`), `hover links the rule's doc:\n${text}`);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((l) => l.command?.title ?? '').filter((t) => t.startsWith('HA: '));
    assert.ok(titles.length >= 1, `no HA posture lens; lenses: ${JSON.stringify(lenses.map((l) => l.command?.title))}`);
    assert.ok(
      titles.every((t) => /replica|per node|bare Pod/.test(t) && /problem/.test(t)),
      titles.join('\n'),
    );
  });
});
