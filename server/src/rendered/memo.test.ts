// The editor's render memo (trees.ts `memo`): a root whose files did not change is not rendered
// again; its findings are the same as a fresh render's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_CONFIG } from '../engine';
import { repoRoot } from '../engine/testing';
import { discover } from './discover';
import { DEFAULT_RENDER_TIMEOUT_MS } from './render';
import { countingKustomize, listFiles } from './testing';
import { analyzeTrees, type RenderedScope, type ScopeResult, type TreeOptions } from './trees';

test("memo: after an edit of one overlay's patch only that root renders again, with the findings of a fresh render", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-memo-'));
  fs.cpSync(path.join(repoRoot(), 'server/src/rendered/fixtures/shop'), path.join(dir, 'shop'), { recursive: true });
  const { command, runs } = countingKustomize(dir);
  const read = (f: string) => {
    try {
      return fs.readFileSync(f, 'utf8');
    } catch {
      return null;
    }
  };
  // The key: every file of the tree's texts (the editor hashes what it stages).
  const key = (s: RenderedScope) =>
    `${s.dir}\0${listFiles(path.join(dir, 'shop'))
      .sort()
      .map((f) => (s.files.has(f) || f.startsWith(s.dir) ? `${f}\0${read(f)}` : ''))
      .join('\0')}`;
  const results = new Map<string, ScopeResult>();
  const opts = (memo: boolean): TreeOptions => ({
    kustomizeCommand: command,
    helmCommand: null,
    helmValues: [],
    timeoutMs: DEFAULT_RENDER_TIMEOUT_MS,
    env: process.env,
    trusted: true,
    config: DEFAULT_CONFIG,
    base: dir,
    memo: memo ? { key, results } : undefined,
  });
  const analyse = async (memo: boolean) => analyzeTrees(discover(listFiles(path.join(dir, 'shop'))), opts(memo));
  const first = await analyse(true);
  const roots = first.scopes.filter((s) => s.skipped === null).length;
  assert.ok(roots >= 2, `${roots} roots rendered`);
  assert.equal(runs(), first.scopes.length);
  const again = await analyse(true);
  assert.equal(runs(), first.scopes.length, 'nothing changed: nothing rendered');
  assert.deepEqual(again.findings, first.findings);
  const patch = path.join(dir, 'shop/overlays/prod/replicas.yaml');
  fs.writeFileSync(patch, fs.readFileSync(patch, 'utf8').replace(/replicas: \d+/, 'replicas: 1'));
  const before = runs();
  const edited = await analyse(true);
  assert.equal(runs() - before, 1, 'the edited overlay alone is rendered');
  const fresh = await analyse(false);
  assert.deepEqual(edited.findings, fresh.findings, 'the same findings as rendering everything');
  assert.notDeepEqual(edited.findings, first.findings, 'the edit shows');
});
