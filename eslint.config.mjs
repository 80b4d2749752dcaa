// ESLint (flat config): correctness rules from ESLint's and typescript-eslint's recommended sets,
// no formatting rules (the tree is not reformatted), and the engine's import boundary:
// server/src/engine/** imports nothing from VS Code, LSP, Node I/O or the cluster code.
// `npm run lint`; test/distribution/eslint.test.ts runs it in `npm test`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node modules that do I/O (or reach the process, the OS or other threads). */
const NODE_IO = [
  'fs',
  'fs/promises',
  'child_process',
  'net',
  'tls',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'dns/promises',
  'os',
  'worker_threads',
  'cluster',
  'readline',
  'repl',
  'inspector',
  'process',
];

export const ENGINE_RESTRICTED_IMPORTS = {
  paths: [...NODE_IO, ...NODE_IO.map((m) => `node:${m}`)].map((name) => ({
    name,
    message: 'The engine does no I/O: the language server, the CLI and the workers read files and pass text in.',
  })),
  patterns: [
    {
      group: ['vscode', 'vscode/*', 'vscode-languageserver*', 'vscode-languageclient*', 'vscode-jsonrpc*'],
      message: 'The engine is editor- and protocol-free: LSP types live in server/src, VS Code in client/src.',
    },
    {
      group: ['**/cluster/**', '@kubernetes/*'],
      message: 'The engine knows no cluster: cluster/src builds on it, not the other way round.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.vscode-test/**',
      '.cache/**',
      'test/e2e/workspace/**',
      'bench/generated/**',
      '.fuzz-snap/**',
      '.robust-out/**',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // Tests and protocol code read untyped JSON; `any` there is the honest type.
      '@typescript-eslint/no-explicit-any': 'off',
      // Style, not correctness.
      'no-regex-spaces': 'off',
      // Control characters in patterns are deliberate here (UTF-8, XML and YAML edge cases).
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['server/src/engine/**/*.ts'],
    // Tests and their helper read fixtures from disk; the engine itself does not.
    ignores: ['**/*.test.ts', 'server/src/engine/testing.ts'],
    rules: { 'no-restricted-imports': ['error', ENGINE_RESTRICTED_IMPORTS] },
  },
  {
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    // Functions the end-to-end scripts run inside the browser page (page.evaluate).
    files: ['scripts/e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
