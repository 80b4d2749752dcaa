import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quickFixes, toDiagnostic } from './language-service';
import { createIndex, analyzeSource, mergeConfig, DEFAULT_LIMITS } from './engine';
import { SINGLE } from './engine/testing';

const SERVICE =
  '---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n';

function actionsFor(text: string, rule: string) {
  const index = createIndex(DEFAULT_LIMITS);
  const source = index.setFile('file:///w.yaml', text);
  const findings = analyzeSource(index, source, mergeConfig({}));
  const diags = findings.filter((f) => f.rule === rule).map(toDiagnostic);
  return quickFixes(findings, diags, (f) => index.getFile(f));
}

test('quick-fix titles say when a fix is unsafe (rules.md "Fix safety")', () => {
  // No Service: a second copy of the Deployment is a guess, so the fix is unsafe.
  assert.deepEqual(
    actionsFor(SINGLE, 'single-replica').map((a) => [a.title, a.isPreferred]),
    [
      ['Set replicas to 2 (unsafe)', true],
      ['Set replicas to 3 (unsafe)', false],
    ],
  );
  // A Service sends it traffic: the same fix is safe and its title is unchanged.
  assert.deepEqual(
    actionsFor(SINGLE + SERVICE, 'single-replica').map((a) => a.title),
    ['Set replicas to 2', 'Set replicas to 3'],
  );
});
