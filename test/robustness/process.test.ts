// While the server is busy with one huge document, requests about another are still answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { codes, fileUri, startServer } from '../lsp/client';
import { SINGLE } from './hostile';

/** ~50,000 lines: Deployments, and Services and PDBs selecting them, in one namespace. */
function hugeDocument(): string {
  const docs: string[] = [];
  for (let i = 0; lines(docs) < 50_000; i++) {
    docs.push(SINGLE.replace(/web/g, `web-${i}`));
    if (i % 5 === 0)
      docs.push(
        `apiVersion: v1\nkind: Service\nmetadata: {name: svc-${i}}\nspec:\n  selector: {app: web-${i}}\n  ports: [{port: 80, targetPort: 8080}]\n`,
      );
  }
  return docs.join('---\n');
}
function lines(docs: string[]): number {
  return docs.reduce((n, d) => n + d.split('\n').length, 0);
}

test('a small document opened after a 50,000-line one gets its diagnostics and code actions answered', async (t) => {
  const s = await startServer();
  try {
    const hugeUri = fileUri('/busy/huge.yaml');
    const smallUri = fileUri('/busy/small.yaml');
    const order: string[] = [];
    const huge = s
      .waitForDiagnostics(hugeUri, (d) => d.length > 0, 120_000)
      .then((d) => {
        order.push('huge diagnostics');
        return d;
      });
    s.open(hugeUri, hugeDocument());
    const small = s.waitForDiagnostics(smallUri, (d) => codes(d).includes('single-replica'), 120_000);
    s.open(smallUri, SINGLE);
    const d: Diagnostic[] = await small;
    order.push('small diagnostics');
    const actions = (await s.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: smallUri },
      range: d[0].range,
      context: { diagnostics: d },
    })) as { title: string }[];
    order.push('small code action');
    // No Service selects the small document's Deployment: its fix is unsafe, and says so.
    assert.ok(actions.some((a) => a.title === 'Set replicas to 2 (unsafe)'));
    const hover = await s.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: smallUri },
      position: d[0].range.start,
    });
    assert.ok(hover, 'hover answered');
    const h = await huge;
    assert.ok(h.some((x) => x.code === 'single-replica'));
    t.diagnostic(`order of answers: ${order.join(' → ')}`);
    // Not a timing: the huge document takes seconds to analyse on any machine, so a server that
    // yields answers the small document in between.
    assert.ok(
      order.indexOf('small code action') < order.indexOf('huge diagnostics'),
      `answered while busy: ${order.join(' → ')}`,
    );
  } finally {
    await s.stop();
  }
});
