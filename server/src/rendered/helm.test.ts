// Helm charts: the invocation with a test double on PATH, the mapping from helm's output format to
// template lines, and the visible skips. (No real helm on these machines: see README.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../cli/main';
import { repoRoot } from '../engine/testing';
import { templateRange } from './mapback';

const FIXTURES = path.join(repoRoot(), 'server/src/rendered/fixtures');
const OUTPUT = path.join(FIXTURES, 'web.helm-output.yaml');

async function cli(argv: string[], cwd: string, env: NodeJS.ProcessEnv, stdin = '') {
  let stdout = '',
    stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readStdin: async () => stdin,
    cwd,
    env,
  });
  return { code, stdout, stderr };
}

/** A `helm` on PATH that records its arguments and prints the fixture's output. */
function fakeHelm(): { bin: string; argsFile: string } {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-helm-'));
  const argsFile = path.join(bin, 'args.json');
  fs.writeFileSync(
    path.join(bin, 'helm'),
    `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(process.argv.slice(2)));\nprocess.stdout.write(require('fs').readFileSync(${JSON.stringify(OUTPUT)}, 'utf8'));\n`,
    { mode: 0o755 },
  );
  return { bin, argsFile };
}

const rows = (stdout: string) =>
  JSON.parse(stdout).findings.map(
    (f: any) =>
      `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.rule}${f.fixes.length ? ' FIX' : ''}`,
  );

test("helm template is run with the chart's values.yaml and the configured values files; findings on template lines", async () => {
  const { bin, argsFile } = fakeHelm();
  const extra = path.join(bin, 'prod-values.yaml');
  fs.writeFileSync(extra, 'replicaCount: 3\n');
  const r = await cli(['lint', '--format', 'json', '--helm-values', extra, 'charts'], FIXTURES, { PATH: bin });
  const chart = path.join(FIXTURES, 'charts/web');
  assert.deepEqual(JSON.parse(fs.readFileSync(argsFile, 'utf8')), [
    'template',
    'kube-ha',
    chart,
    '--values',
    path.join(chart, 'values.yaml'),
    '--values',
    extra,
  ]);
  assert.deepEqual(rows(r.stdout), [
    'charts/web/templates/deployment.yaml:8:3 warning single-replica',
    'charts/web/templates/deployment.yaml:18:9 info missing-liveness-probe',
    'charts/web/templates/deployment.yaml:18:9 info missing-memory-limit',
    'charts/web/templates/deployment.yaml:18:9 info missing-prestop-hook',
    'charts/web/templates/deployment.yaml:18:9 warning missing-resource-requests',
    'charts/web/templates/deployment.yaml:19:11 warning image-tag-mutable',
  ]);
  assert.match(JSON.parse(r.stdout).findings[0].message, /\(in charts\/web\)$/);
});

test('no helm on PATH: one analysis-skipped on Chart.yaml, nothing on templates or values', async () => {
  const r = await cli(['lint', '--format', 'json', 'charts'], FIXTURES, { PATH: '' });
  const out = JSON.parse(r.stdout);
  assert.deepEqual(rows(r.stdout), ['charts/web/Chart.yaml:1:1 info analysis-skipped']);
  assert.match(out.findings[0].message, /helm was not found on PATH; install helm/);
  assert.equal((await cli(['lint', '--fail-on-skip', 'charts'], FIXTURES, { PATH: '' })).code, 1);
});

test('a chart whose dependencies are not in charts/ is skipped, not built', async () => {
  const { bin, argsFile } = fakeHelm();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-chart-'));
  fs.writeFileSync(
    path.join(dir, 'Chart.yaml'),
    'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: redis\n    version: 1.x\n    repository: https://charts.example.com\n',
  );
  const r = await cli(['lint', '--format', 'json', '.'], dir, { PATH: bin });
  assert.match(
    JSON.parse(r.stdout).findings[0].message,
    /dependencies are missing from charts\/ \(redis\).*helm dependency build/,
  );
  assert.equal(fs.existsSync(argsFile), false, 'helm was run');
});

test('helm template output on stdin is reported on the templates named by # Source:', async () => {
  const r = await cli(
    ['lint', '--format', 'json', '-'],
    path.join(FIXTURES, 'charts'),
    { PATH: '' },
    fs.readFileSync(OUTPUT, 'utf8'),
  );
  assert.deepEqual(
    rows(r.stdout).map((x: string) => x.replace(/^web\//, '')),
    [
      'templates/deployment.yaml:8:3 warning single-replica',
      'templates/deployment.yaml:18:9 info missing-liveness-probe',
      'templates/deployment.yaml:18:9 info missing-memory-limit',
      'templates/deployment.yaml:18:9 info missing-prestop-hook',
      'templates/deployment.yaml:18:9 warning missing-resource-requests',
      'templates/deployment.yaml:19:11 warning image-tag-mutable',
    ],
  );
});

test('templateRange: the line of the last step after its parents, else the first line', () => {
  const t =
    'kind: Deployment\nspec:\n  {{- if .Values.x }}\n  replicas: {{ .Values.n }}\n  {{- end }}\n  template:\n    spec:\n      containers:\n        - name: "web"\n';
  assert.deepEqual(templateRange(t, ['spec', 'replicas']), {
    start: { line: 3, character: 2 },
    end: { line: 3, character: 27 },
  });
  const rendered = { spec: { template: { spec: { containers: [{ name: 'web' }] } } } };
  assert.equal(templateRange(t, ['spec', 'template', 'spec', 'containers', 0], rendered).start.line, 8);
  assert.equal(templateRange(t, ['spec', 'strategy']).start.line, 0);
});
