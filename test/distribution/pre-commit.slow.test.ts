// The pre-commit hooks (.pre-commit-hooks.yaml) run by the real `pre-commit` (Debian's package;
// .ci/run installs it) in a temporary git repository: a commit with a bad manifest is refused,
// a commit with good ones goes through. pre-commit installs the hook as it would from GitHub: it
// clones this repository at a commit, runs `npm install` (dependencies from the npm registry, the
// prepare build), `npm pack` and `npm install -g` of the tarball into its own environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../../server/src/engine/testing';

const root = repoRoot();

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return r;
}

function ok(r: ReturnType<typeof sh>, what: string) {
  assert.equal(r.status, 0, `${what}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

/** `npm test` works on a fresh machine: Debian's pre-commit is installed when missing and we are root. */
function ensurePreCommit() {
  const has = () => sh('sh', ['-c', 'command -v pre-commit'], os.tmpdir()).status === 0;
  if (has()) return;
  const why = 'pre-commit is not installed: apt-get install -y pre-commit (as .ci/run does)';
  assert.ok(process.getuid?.() === 0 && sh('sh', ['-c', 'command -v apt-get'], os.tmpdir()).status === 0, why);
  const r = sh(
    'sh',
    ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pre-commit'],
    os.tmpdir(),
  );
  assert.ok(r.status === 0 && has(), `${why}\n${r.stdout}\n${r.stderr}`);
}

const GIT_ID = ['-c', 'user.name=kube-ha test', '-c', 'user.email=test@kube-ha.invalid', '-c', 'commit.gpgsign=false'];

/** This repository as a commit pre-commit can clone: HEAD plus the working tree's changes to
 *  tracked files. Committed with fixed dates, so the same tree gives the same commit and a rerun
 *  reuses the hook environment pre-commit installed for it. */
function hookRepo(repo: string): string {
  fs.rmSync(repo, { recursive: true, force: true });
  ok(sh('git', ['clone', '--quiet', '--no-checkout', root, repo], path.dirname(repo)), 'git clone');
  ok(sh('git', ['checkout', '--quiet', ok(sh('git', ['rev-parse', 'HEAD'], root), 'rev-parse')], repo), 'git checkout');
  const diff = sh('git', ['diff', 'HEAD', '--binary'], root);
  if (diff.stdout) {
    const apply = spawnSync('git', ['apply', '--whitespace=nowarn', '-'], {
      cwd: repo,
      input: diff.stdout,
      encoding: 'utf8',
    });
    assert.equal(apply.status, 0, apply.stderr);
    const fixed = { GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' };
    ok(sh('git', [...GIT_ID, 'commit', '--quiet', '-a', '-m', 'working tree'], repo, fixed), 'git commit');
  }
  return ok(sh('git', ['rev-parse', 'HEAD'], repo), 'rev-parse');
}

// A Deployment that a Service sends traffic to, with one replica (single-replica, a warning).
const BAD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api, tier: backend}}
    spec:
      containers:
      - name: api
        image: ghcr.io/example/api:1.4.2
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {httpGet: {path: /ready, port: http}}
        livenessProbe: {tcpSocket: {port: http}}
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {tier: backend}
  ports: [{port: 80, targetPort: http}]
`;

const GOOD_APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 1, maxSurge: 1}
  template:
    metadata:
      labels: {app: web}
    spec:
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: kubernetes.io/hostname
        whenUnsatisfiable: ScheduleAnyway
        labelSelector:
          matchLabels: {app: web}
      containers:
      - name: web
        image: nginx:1.27.3
        ports:
        - {name: http, containerPort: 8080}
        readinessProbe:
          httpGet: {path: /ready, port: http}
        livenessProbe:
          httpGet: {path: /healthz, port: http}
          periodSeconds: 20
        lifecycle:
          preStop:
            exec: {command: [sleep, "5"]}
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {memory: 256Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
  - {port: 80, targetPort: http}
`;

const GOOD_PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels: {app: web}
`;

// In JSON, which the kube-ha hook's files pattern takes too (kube-ha-all walks *.yaml, *.yml).
const GOOD_JSON =
  JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'web-settings', namespace: 'shop' },
      data: { mode: 'production' },
    },
    null,
    2,
  ) + '\n';

test(
  'pre-commit: the kube-ha hooks refuse a commit with a bad manifest and let a good one through',
  { timeout: 900_000 },
  () => {
    ensurePreCommit();

    // Kept between runs, outside the repository (a clone of it inside would be linted and walked
    // by other tests): pre-commit installs a hook environment once per repository and commit,
    // which takes a minute or more (npm install of this repository).
    const cache = path.join(
      os.tmpdir(),
      `kube-ha-pre-commit-test-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`,
    );
    fs.mkdirSync(cache, { recursive: true });
    const project = path.join(cache, 'project');
    fs.rmSync(project, { recursive: true, force: true });
    fs.mkdirSync(path.join(project, 'deploy'), { recursive: true });
    // prefer-offline: packages already in npm's cache are not revalidated against the registry one by one.
    const env = {
      PRE_COMMIT_HOME: path.join(cache, 'home'),
      npm_config_userconfig: path.join(cache, 'no-npmrc'),
      npm_config_update_notifier: 'false',
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
    const repo = path.join(cache, 'hook-repo');
    const rev = hookRepo(repo);
    ok(sh('git', ['init', '--quiet', project], cache), 'git init');
    fs.writeFileSync(
      path.join(project, '.pre-commit-config.yaml'),
      `repos:\n- repo: ${repo}\n  rev: ${rev}\n  hooks:\n  - id: kube-ha\n  - id: kube-ha-all\n`,
    );
    // Environments of other commits are no longer referenced by the project's config: removed.
    ok(sh('pre-commit', ['gc'], project, env), 'pre-commit gc');
    ok(sh('pre-commit', ['install'], project, env), 'pre-commit install');
    const git = (...args: string[]) => sh('git', [...GIT_ID, ...args], project, env);

    // A commit with one bad manifest in YAML and one in JSON: refused, with the findings shown.
    fs.writeFileSync(path.join(project, 'deploy', 'api.yaml'), BAD);
    // The JSON Deployment is one the YAML's Service sends traffic to (both files are in the commit).
    const worker = parseYaml(BAD.split('---\n')[0].replace(/\bapi\b/g, 'worker'));
    fs.writeFileSync(path.join(project, 'deploy', 'worker.json'), JSON.stringify(worker, null, 2));
    ok(git('add', '.'), 'git add');
    const bad = git('commit', '-m', 'bad manifests');
    const said = `${bad.stdout}\n${bad.stderr}`;
    assert.notEqual(bad.status, 0, `the commit went through:\n${said}`);
    assert.match(said, /kube-ha \(Kubernetes HA lint\)\.+Failed/);
    assert.match(said, /kube-ha \(Kubernetes HA lint, whole repository\)\.+Failed/);
    assert.match(said, /^deploy\/api\.yaml:6:3: warning single-replica: Deployment api runs 1 replica/m);
    assert.match(said, /^deploy\/worker\.json:\d+:\d+: warning single-replica: Deployment worker runs 1 replica/m);
    assert.equal(git('rev-parse', '--verify', '--quiet', 'HEAD').status, 1, 'no commit was made');

    // The same repository with good manifests (and a JSON file that is no manifest): committed.
    fs.rmSync(path.join(project, 'deploy'), { recursive: true });
    fs.mkdirSync(path.join(project, 'deploy'));
    fs.writeFileSync(path.join(project, 'deploy', 'web.yaml'), GOOD_APP);
    fs.writeFileSync(path.join(project, 'deploy', 'web-pdb.yaml'), GOOD_PDB);
    fs.writeFileSync(path.join(project, 'deploy', 'settings.json'), GOOD_JSON);
    fs.writeFileSync(path.join(project, 'package.json'), '{"name": "shop", "private": true}\n');
    ok(git('add', '-A'), 'git add');
    const good = git('commit', '-m', 'good manifests');
    assert.equal(good.status, 0, `${good.stdout}\n${good.stderr}`);
    assert.match(good.stdout + good.stderr, /kube-ha \(Kubernetes HA lint\)\.+Passed/);
    assert.match(good.stdout + good.stderr, /kube-ha \(Kubernetes HA lint, whole repository\)\.+Passed/);
    assert.equal(ok(git('log', '--format=%s'), 'git log'), 'good manifests');
  },
);
