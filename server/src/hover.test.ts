import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver';
import { ruleById } from './engine';
import { lint } from './engine/testing';
import { hoverAt, rangeContains } from './hover';
import { ruleDocUri } from './package-root';

const TEXT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:latest
`;

const md = (h: ReturnType<typeof hoverAt>) => (h!.contents as MarkupContent).value;

describe('hover', () => {
  const findings = lint(TEXT);
  const byRule = (id: string) => findings.find((f) => f.rule === id)!;

  test('over a flagged key: rule title, the finding message, the doc link', () => {
    const f = byRule('image-tag-mutable');
    assert.ok(f, `findings: ${findings.map((x) => x.rule).join(', ')}`);
    const pos = { line: f.range.start.line, character: f.range.start.character + 1 };
    const h = hoverAt(findings, pos);
    assert.ok(h);
    assert.equal((h.contents as MarkupContent).kind, 'markdown');
    const text = md(h);
    assert.ok(
      text.startsWith(`**${ruleById('image-tag-mutable')!.title}** — kube-ha \`image-tag-mutable\` (warning)`),
      text,
    );
    assert.ok(text.includes(`(${ruleDocUri('image-tag-mutable')})`), text);
    assert.ok(ruleDocUri('image-tag-mutable').endsWith('/docs/rules/image-tag-mutable.md'));
    assert.ok(text.includes(f.message.slice(0, 30)), 'the message');
    assert.deepEqual(h.range, f.range);
  });

  test('several findings on one key are all shown, most severe first; the rule title comes from the rule', () => {
    const at = byRule('single-replica').range.start;
    const here = findings.filter((f) => rangeContains(f.range, at));
    const h = hoverAt(findings, at, (id) => `https://docs.example/${id}`);
    const text = md(h);
    for (const f of here) assert.ok(text.includes(`\`${f.rule}\``), `${f.rule} in hover`);
    assert.ok(text.includes(`**${ruleById('single-replica')!.title}** — kube-ha \`single-replica\``), text);
    assert.ok(text.includes('https://docs.example/single-replica'));
    assert.match(text, /Quick fix/, 'mentions the quick fix');
  });

  test('nothing off the flagged ranges, and the end of a key still counts', () => {
    assert.equal(hoverAt(findings, { line: 1, character: 3 }), null, 'kind: has no finding');
    assert.equal(hoverAt([], { line: 5, character: 3 }), null);
    const f = byRule('image-tag-mutable');
    assert.ok(hoverAt(findings, f.range.end));
  });

  test('markdown in messages is escaped', () => {
    const f = { ...byRule('image-tag-mutable'), message: 'a *star* and [link](x) and `code`' };
    const text = md(hoverAt([f], f.range.start));
    assert.ok(text.includes('a \\*star\\* and \\[link\\](x) and \\`code\\`'), text);
  });
});

describe('hover and code lens over LSP (the bundled server, dist/server.js)', () => {
  test('a hover on a flagged key, none elsewhere, and a lens above the workload', async () => {
    const fs = await import('fs');
    const os = await import('os');
    const path = await import('path');
    const { fileUri, startServer } = await import('../../test/lsp/client');
    const { repoRoot } = await import('./engine/testing');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-hover-'));
    const s = await startServer({
      folders: [dir],
      command: [process.execPath, path.join(repoRoot(), 'dist', 'server.js'), '--stdio'],
    });
    try {
      const uri = fileUri(path.join(dir, 'web.yaml'));
      s.open(uri, TEXT);
      const diags = await s.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'image-tag-mutable'));
      const d = diags.find((x) => x.code === 'image-tag-mutable')!;
      const hover = (await s.conn.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: d.range.start,
      })) as { contents: MarkupContent } | null;
      assert.ok(hover, 'a hover on the flagged image');
      assert.ok(hover.contents.value.includes('`image-tag-mutable`'), hover.contents.value);
      assert.ok(hover.contents.value.includes('docs/rules/image-tag-mutable.md'), hover.contents.value);
      const none = await s.conn.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: { line: 1, character: 2 },
      });
      assert.equal(none, null);
      const lenses = (await s.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as {
        range: { start: { line: number } };
        command: { title: string };
      }[];
      assert.equal(lenses.length, 1);
      assert.equal(lenses[0].range.start.line, 0);
      assert.match(lenses[0].command.title, /^HA: 1 replica · PDB ✗ · spread ✗ · probes ✗/);
    } finally {
      await s.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
