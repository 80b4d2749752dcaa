// The README's top is the Marketplace page: its settings table lists every setting the extension
// contributes, with its default, and the images it shows exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../server/src/engine/testing';

const root = repoRoot();

test('README: the settings table has every contributed setting with its default', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const rows = new Map(
    [...readme.matchAll(/^\| `(kubeHa\.[\w.]+)` \| `([^`]*)` \| .+ \|$/gm)].map((m) => [m[1], m[2]]),
  );
  const props = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
  for (const [key, spec] of Object.entries(props)) {
    assert.ok(rows.has(key), `README's settings table lacks ${key}`);
    assert.equal(rows.get(key), JSON.stringify(spec.default), `README's default for ${key}`);
  }
  assert.deepEqual(
    [...rows.keys()].filter((k) => !(k in props)),
    [],
    'README lists settings the extension does not have',
  );
});

test('README: its images exist, and the quick start is npm start and npm test', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const m of readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) assert.ok(fs.existsSync(path.join(root, m[1])), m[1]);
  const quick = /## Quick start\n\n```sh\n([\s\S]*?)```/.exec(readme);
  assert.ok(quick, 'a Quick start section');
  assert.deepEqual(
    quick[1]
      .trim()
      .split('\n')
      .map((l) => l.split('#')[0].trim()),
    ['npm start', 'npm test'],
  );
});
