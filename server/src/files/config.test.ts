// The one config lookup of the editor and `kube-ha lint` (files/config.ts): the nearest
// .kube-ha.yaml up from where the run starts, within the repository; refused when it leads out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { configScope, findConfigFile, lookupConfig, notApplied, workspaceConfig } from './config';

function tree(files: Record<string, string>, dirs: string[] = []): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-cfg-')));
  for (const d of dirs) fs.mkdirSync(path.join(root, d), { recursive: true });
  for (const [f, t] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), t);
  }
  return root;
}

test('config lookup: the nearest one up from the start, up to the repository root and no further', () => {
  const top = tree(
    {
      '.kube-ha.yaml': 'minReplicas: 9\n',
      'repo/.kube-ha.yaml': 'minReplicas: 3\n',
      'repo/team/.kube-ha.yml': 'minReplicas: 4\n',
    },
    ['repo/.git', 'repo/team/apps/web', 'repo/other'],
  );
  try {
    const repo = path.join(top, 'repo');
    assert.deepEqual(configScope(path.join(repo, 'other')), { top: repo, name: 'repository' });
    assert.equal(findConfigFile(path.join(repo, 'other')), path.join(repo, '.kube-ha.yaml'));
    assert.equal(findConfigFile(path.join(repo, 'team', 'apps', 'web')), path.join(repo, 'team', '.kube-ha.yml'));
    assert.equal(lookupConfig(path.join(repo, 'other'))!.config.minReplicas, 3);
    fs.rmSync(path.join(repo, '.kube-ha.yaml'));
    // Not the one above the repository.
    assert.equal(findConfigFile(path.join(repo, 'other')), null);
    assert.equal(lookupConfig(path.join(repo, 'other')), null);
    // .yaml before .yml in one folder.
    fs.writeFileSync(path.join(repo, 'team', '.kube-ha.yaml'), 'minReplicas: 5\n');
    assert.equal(lookupConfig(path.join(repo, 'team', 'apps'))!.config.minReplicas, 5);
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
  }
});

test('config lookup: outside a repository only the start folder is looked at', () => {
  const top = tree({ '.kube-ha.yaml': 'minReplicas: 9\n', 'proj/.kube-ha.yaml': 'minReplicas: 3\n' }, ['proj/sub']);
  try {
    assert.deepEqual(configScope(path.join(top, 'proj', 'sub')), {
      top: path.join(top, 'proj', 'sub'),
      name: 'folder it is in',
    });
    assert.equal(findConfigFile(path.join(top, 'proj', 'sub')), null);
    assert.equal(lookupConfig(path.join(top, 'proj'))!.config.minReplicas, 3);
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
  }
});

test('config lookup: a link leading out of the repository, a dangling link, problems with lines', () => {
  const outside = tree({ shadow: 'minReplicas: 7\n' });
  const repo = tree({ 'a/.kube-ha.yaml': 'minReplicas: 0\nbogus: 1\n' }, ['.git', 'b', 'c']);
  try {
    fs.symlinkSync(path.join(outside, 'shadow'), path.join(repo, 'b', '.kube-ha.yaml'));
    fs.symlinkSync(path.join(outside, 'nothing'), path.join(repo, 'c', '.kube-ha.yaml'));
    const out = lookupConfig(path.join(repo, 'b'))!;
    assert.equal(out.refused, true);
    assert.deepEqual(out.config, {});
    assert.deepEqual(
      out.problems.map((p) => p.message),
      ['not read: a symlink that leads out of the repository'],
    );
    assert.deepEqual(
      lookupConfig(path.join(repo, 'c'))!.problems.map((p) => p.message),
      ['not read: a symlink whose target does not exist'],
    );
    const bad = lookupConfig(path.join(repo, 'a'))!;
    assert.equal(bad.refused, false);
    assert.deepEqual(
      bad.problems.map((p) => [p.line, p.message]),
      [
        [1, 'minReplicas must be an integer from 1 to 1000'],
        [2, 'unknown setting (known: minReplicas, rules, maxFileBytes, timeBudgetMs)'],
      ],
    );
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('workspace config: the first folder with one; every other .kube-ha.yaml is not applied', () => {
  const repo = tree({ 'x/.kube-ha.yaml': 'minReplicas: 3\n', 'y/.kube-ha.yaml': 'minReplicas: 4\n' }, ['.git', 'w']);
  try {
    const w = path.join(repo, 'w'),
      x = path.join(repo, 'x'),
      y = path.join(repo, 'y');
    assert.equal(workspaceConfig([w, y, x])!.file, path.join(y, '.kube-ha.yaml'));
    assert.equal(workspaceConfig([w]), null);
    const other = notApplied(path.join(y, '.kube-ha.yaml'));
    assert.equal(other(path.join(y, '.kube-ha.yaml')), false);
    assert.equal(other(path.join(x, '.kube-ha.yaml')), true);
    fs.symlinkSync(path.join(y, '.kube-ha.yaml'), path.join(w, '.kube-ha.yaml'));
    assert.equal(other(path.join(w, '.kube-ha.yaml')), false, 'compared by real path');
    assert.equal(notApplied(null)(path.join(x, '.kube-ha.yaml')), true);
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
});
