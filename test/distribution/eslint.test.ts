// ESLint (eslint.config.mjs) as part of `npm test`: the tree has no lint error, and the engine's
// import boundary holds — server/src/engine/** imports nothing from VS Code, LSP, Node I/O or cluster code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { ESLint } from 'eslint';
import { repoRoot } from '../../server/src/engine/testing';

const root = repoRoot();

test('eslint: no errors in the tree', { timeout: 300_000 }, async () => {
  const results = await new ESLint({ cwd: root }).lintFiles(['.']);
  const errors = results.flatMap((r) =>
    r.messages
      .filter((m) => m.severity === 2)
      .map((m) => `${path.relative(root, r.filePath)}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
  );
  assert.deepEqual(errors, []);
  assert.ok(
    results.some((r) => r.filePath.endsWith(path.join('server', 'src', 'engine', 'analyze.ts'))),
    'the engine is linted',
  );
});

test('eslint: the engine cannot import VS Code, LSP, Node I/O or cluster code; its tests and the rest of the server can', async () => {
  const eslint = new ESLint({ cwd: root });
  const restricted = async (file: string, source: string) => {
    const [r] = await eslint.lintText(`${source}\nexport const used = x;\n`, { filePath: path.join(root, file) });
    return r.messages.filter((m) => m.ruleId === 'no-restricted-imports').length > 0;
  };
  const forbidden = [
    "import * as x from 'fs';",
    "import x from 'node:fs/promises';",
    "import { spawn as x } from 'child_process';",
    "import { Worker as x } from 'node:worker_threads';",
    "import * as x from 'os';",
    "import * as x from 'net';",
    "import * as x from 'vscode';",
    "import { createConnection as x } from 'vscode-languageserver/node';",
    "import type { Diagnostic as x } from 'vscode-languageserver';",
    "import { TextDocument as x } from 'vscode-languageserver-textdocument';",
    "import { x } from '../../../cluster/src/model';",
    "import { KubeConfig as x } from '@kubernetes/client-node';",
  ];
  for (const src of forbidden) {
    assert.ok(await restricted('server/src/engine/rules/some-rule/rule.ts', src), `the engine may not: ${src}`);
    assert.ok(
      await restricted('server/src/engine/index.ts', src.replace('../../../', '../../')),
      `the engine may not: ${src}`,
    );
  }
  for (const src of [
    "import { parseDocument as x } from 'yaml';",
    "import type { Finding as x } from '../../types';",
    "import * as x from 'path';",
  ]) {
    assert.equal(await restricted('server/src/engine/rules/some-rule/rule.ts', src), false, `the engine may: ${src}`);
  }
  assert.equal(
    await restricted('server/src/engine/rules/some-rule/rule.test.ts', "import * as x from 'fs';"),
    false,
    'a rule test reads its fixtures',
  );
  assert.equal(await restricted('server/src/server.ts', "import * as x from 'fs';"), false, 'the server does I/O');
});
