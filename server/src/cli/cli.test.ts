import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { runCli } from './main';
import { lint, repoRoot, SINGLE } from '../engine/testing';
import { PARSER_RULES, RULES } from '../engine';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import schema from '@microsoft/sarif-matcher-utils/lib/schemas/sarif-2.1.0-rtm.5.json';

const SERVICE =
  '---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n';

const INFO_ONLY = SINGLE.replace('replicas: 1', 'replicas: 1 # kube-ha-ignore-document single-replica').replace(
  /        livenessProbe.*\n/,
  '',
);

function tmpDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-cli-'));
  for (const [f, t] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), t);
  }
  return dir;
}

async function cli(argv: string[], cwd: string, stdin = '') {
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
    env: {},
  });
  return { code, stdout, stderr };
}

test("lint --format json prints rules.md's shape with paths relative to the working directory", async () => {
  const dir = tmpDir({ 'deploy/web.yaml': SINGLE, 'deploy/notes.txt': 'not yaml' });
  const r = await cli(['lint', '--format', 'json', '--fail-on', 'info', 'deploy'], dir);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.files, 1);
  assert.equal(out.objects, 1);
  // No Service selects it: single-replica is info (rules.md v1.2).
  assert.deepEqual(out.findings, [
    {
      rule: 'single-replica',
      severity: 'info',
      message: out.findings[0].message,
      file: 'deploy/web.yaml',
      range: { start: { line: 5, character: 2 }, end: { line: 5, character: 13 } },
      object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'default' },
      fixes: ['Set replicas to 2', 'Set replicas to 3'],
      // No Service sends this Deployment traffic: a second copy is a guess (rules.md "Fix safety").
      fixSafety: ['unsafe', 'unsafe'],
    },
  ]);
});

test('exit codes follow --fail-on', async () => {
  const dir = tmpDir({ 'a.yaml': INFO_ONLY });
  assert.equal(
    (await cli(['lint', 'a.yaml'], dir)).code,
    0,
    'only an info finding: below the default warning threshold',
  );
  assert.equal((await cli(['lint', '--fail-on', 'info', 'a.yaml'], dir)).code, 1);
  assert.equal((await cli(['lint', '--fail-on', 'error', 'a.yaml'], dir)).code, 0);
  const clean = tmpDir({ 'b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' });
  assert.equal((await cli(['lint', '--fail-on', 'info', 'b.yaml'], clean)).code, 0);
});

test('text format: one line per finding with 1-based positions and a summary', async () => {
  const dir = tmpDir({ 'web.yaml': SINGLE });
  const r = await cli(['lint', 'web.yaml'], dir);
  assert.match(r.stdout, /^web\.yaml:6:3: info single-replica: Deployment web runs 1 replica/m);
  assert.match(r.stdout, /1 file, 1 object: 0 errors, 0 warnings, 1 info\n$/);
});

test('SARIF output validates against the SARIF 2.1.0 schema', async () => {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile<any>(schema);
  const dir = tmpDir({
    'web.yaml': SINGLE,
    'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: web, tier: nope}}\n',
  });
  const r = await cli(['lint', '--format', 'sarif', '.'], dir);
  const log = JSON.parse(r.stdout);
  assert.ok(validate(log), JSON.stringify(validate.errors));
  assert.equal(log.version, '2.1.0');
  const results = log.runs[0].results;
  assert.ok(
    results.some(
      (x: any) =>
        x.ruleId === 'single-replica' && x.level === 'note' && x.locations[0].physicalLocation.region.startLine === 6,
    ),
  );
  const svc = results.find((x: any) => x.ruleId === 'service-selects-nothing');
  assert.ok(svc && svc.relatedLocations?.length === 1, 'cross-object findings carry related locations');
  assert.equal(
    validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }),
    false,
    'the validator rejects an invalid log',
  );
});

test('- reads stdin', async () => {
  const r = await cli(['lint', '--format', 'json', '-'], os.tmpdir(), SINGLE);
  const out = JSON.parse(r.stdout);
  assert.equal(out.findings[0].file, '<stdin>');
});

test('a bad path, a bad option or a bad config exits 2 with a one-line message naming it', async () => {
  const dir = tmpDir({ 'a.yaml': SINGLE, 'bad.yaml': 'rules:\n  no-such-rule: off\n' });
  let r = await cli(['lint', 'missing.yaml'], dir);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'kube-ha: missing.yaml: no such file or directory\n');
  r = await cli(['lint', '--format', 'xml', 'a.yaml'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--format must be text, json, sarif, github, gitlab or junit, got "xml"/);
  r = await cli(['lint', '--config', 'bad.yaml', 'a.yaml'], dir);
  assert.equal(r.code, 2);
  // The file and the line, not the file's content (issue 16: a config may be anything).
  assert.match(r.stderr, /^kube-ha: bad\.yaml:2: unknown rule id \(`kube-ha rules` lists them\)\n$/);
  r = await cli(['lint', '--no-such-flag'], dir);
  assert.equal(r.code, 2);
  assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
});

test('.kube-ha.yaml at the repository root configures the CLI', async () => {
  const dir = tmpDir({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.kube-ha.yaml': 'rules:\n  single-replica: "off"\n',
    'sub/a.yaml': SINGLE,
  });
  const r = await cli(['lint', '--format', 'json', 'a.yaml'], path.join(dir, 'sub'));
  assert.deepEqual(JSON.parse(r.stdout).findings, []);
  assert.equal(r.code, 0);
});

test('rules --format json lists every rule with id, severity, title, fixable and fixSafety', async () => {
  const r = await cli(['rules', '--format', 'json'], os.tmpdir());
  const rows = JSON.parse(r.stdout);
  assert.equal(rows.length, RULES.length + PARSER_RULES.length);
  for (const row of rows) {
    assert.deepEqual(Object.keys(row).sort(), ['fixSafety', 'fixable', 'id', 'severity', 'title']);
    assert.equal(row.fixable, row.fixSafety.length > 0, `${row.id}: fixable iff it lists the safety of its fixes`);
    assert.ok(fs.existsSync(path.join(repoRoot(), 'docs', 'rules', `${row.id}.md`)), `docs/rules/${row.id}.md exists`);
  }
  assert.ok(rows.some((x: any) => x.id === 'yaml-syntax' && x.severity === 'error' && x.fixable === false));
  assert.ok(rows.some((x: any) => x.id === 'missing-pdb' && x.fixable === true && x.fixSafety.join() === 'safe'));
  assert.ok(rows.some((x: any) => x.id === 'missing-readiness-probe' && x.fixSafety.join() === 'unsafe'));
});

test('a symlink leading out of a linted directory is skipped with a message', async () => {
  const outside = tmpDir({ 'secret.yaml': SINGLE });
  const dir = tmpDir({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' });
  fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'link.yaml'));
  const r = await cli(['lint', '--format', 'json', '.'], dir);
  assert.equal(JSON.parse(r.stdout).files, 1);
  assert.match(r.stderr, /link\.yaml: skipped, symlink leads out of/);
});

test('the bundled binary runs as a process with the same exit codes', () => {
  const bin = path.join(repoRoot(), 'bin', 'kube-ha.js');
  const dir = tmpDir({ 'web.yaml': SINGLE });
  const r = spawnSync(process.execPath, [bin, 'lint', '--format', 'json', '--fail-on', 'info', 'web.yaml'], {
    cwd: dir,
    encoding: 'utf8',
  });
  assert.equal(r.status, 1, r.stderr);
  assert.equal(JSON.parse(r.stdout).findings[0].rule, 'single-replica');
  const bad = spawnSync(process.execPath, [bin, 'lint', 'nope'], { cwd: dir, encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'kube-ha: nope: no such file or directory\n');
  // `cluster health` is a bundle of its own (dist/cluster-cli.js): it loads and answers.
  const health = spawnSync(
    process.execPath,
    [bin, 'cluster', 'health', '--kubeconfig', path.join(dir, 'missing-kubeconfig')],
    { cwd: dir, encoding: 'utf8' },
  );
  assert.equal(health.status, 2, health.stderr);
  assert.match(health.stderr, /^kube-ha: .*missing-kubeconfig/);
  assert.equal(health.stderr.trim().split('\n').length, 1, health.stderr);
});

test('--fix applies preferred fixes in place, reports them, and a second run changes nothing', async () => {
  // The Service makes raising replicas a safe fix (the Deployment serves traffic).
  const text =
    '# keep this comment\n' +
    SINGLE +
    '---\napiVersion: v1\nkind: ConfigMap # untouched\nmetadata: {name: c}\n' +
    SERVICE;
  const dir = tmpDir({ 'web.yaml': text });
  const r = await cli(['lint', '--fix', '--format', 'json', 'web.yaml'], dir);
  assert.match(r.stderr, /^kube-ha: fixed web\.yaml: Set replicas to 2/);
  const fixed = fs.readFileSync(path.join(dir, 'web.yaml'), 'utf8');
  assert.ok(fixed.startsWith('# keep this comment\n'));
  assert.ok(fixed.includes('kind: ConfigMap # untouched\n'));
  assert.match(fixed, /replicas: 2\n/);
  assert.match(fixed, /kind: PodDisruptionBudget/, 'the cascade (missing-pdb after replicas: 2) is fixed too');
  const remaining = JSON.parse(r.stdout).findings.map((f: any) => f.rule);
  assert.ok(!remaining.includes('single-replica') && !remaining.includes('missing-pdb'));
  const again = await cli(['lint', '--fix', 'web.yaml'], dir);
  assert.equal(again.stderr, '');
  assert.equal(fs.readFileSync(path.join(dir, 'web.yaml'), 'utf8'), fixed);
});

test('--fix-dry-run prints a unified diff and changes nothing', async () => {
  const dir = tmpDir({ 'web.yaml': SINGLE });
  const r = await cli(['lint', '--fix-dry-run', '--unsafe-fixes', 'web.yaml'], dir);
  assert.match(r.stdout, /^--- a\/web\.yaml/m);
  assert.match(r.stdout, /^\+\+\+ b\/web\.yaml/m);
  assert.match(r.stdout, /^-  replicas: 1$/m);
  assert.match(r.stdout, /^\+  replicas: 2$/m);
  assert.equal(fs.readFileSync(path.join(dir, 'web.yaml'), 'utf8'), SINGLE);
  assert.equal((await cli(['lint', '--fix', '-'], dir, SINGLE)).code, 2, 'stdin cannot be fixed in place');
});

test('many files are parsed in worker threads: the same findings and fixes as one thread gives', async () => {
  // 40 files (over the pool's threshold): the examples renamed per copy, plus invalid UTF-8.
  const examples = path.join(repoRoot(), 'examples');
  const files: Record<string, string> = {};
  const names = fs.readdirSync(examples).filter((f) => f.endsWith('.yaml'));
  for (let i = 0; i < 40; i++) {
    const name = names[i % names.length];
    files[`m/${String(i).padStart(2, '0')}-${name}`] = fs
      .readFileSync(path.join(examples, name), 'utf8')
      .replace(/namespace: (\S+)/g, `namespace: $1-${i % 5}`);
  }
  const dir = tmpDir(files);
  fs.writeFileSync(path.join(dir, 'm', 'zz-bad.yaml'), Buffer.concat([Buffer.from(SINGLE), Buffer.from([0xff, 0x0a])]));
  files['m/zz-bad.yaml'] = fs.readFileSync(path.join(dir, 'm', 'zz-bad.yaml'), 'utf8'); // U+FFFD, as the CLI decodes it
  const r = await cli(['lint', '--format', 'json', 'm'], dir);
  const out = JSON.parse(r.stdout);
  assert.equal(out.files, 41);
  const shape = (f: { rule: string; file: string; range: unknown; message: string }) =>
    `${f.file} ${JSON.stringify(f.range)} ${f.rule} ${f.message}`;
  const expected = lint(files).filter((f) => f.rule !== 'yaml-syntax' || f.file !== 'm/zz-bad.yaml');
  const got = out.findings.filter(
    (f: { rule: string; file: string }) => f.rule !== 'yaml-syntax' || f.file !== 'm/zz-bad.yaml',
  );
  assert.deepEqual(got.map(shape).sort(), expected.map(shape).sort());
  assert.ok(
    out.findings.some(
      (f: { rule: string; file: string; message: string }) =>
        f.file === 'm/zz-bad.yaml' && f.rule === 'yaml-syntax' && /UTF-8/.test(f.message),
    ),
    'invalid UTF-8 found by the worker is reported',
  );
  // --fix reads Documents the workers never sent: they are parsed again when a fix needs them.
  const fixed = await cli(['lint', '--fix', '--format', 'json', 'm'], dir);
  assert.match(fixed.stderr, /^kube-ha: fixed m\/\d\d-/m);
  const again = await cli(['lint', '--fix', 'm'], dir);
  assert.equal(again.stderr, '', 'a second --fix finds nothing left to fix');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('--fix applies safe fixes only; --unsafe-fixes adds the others', async () => {
  // No Service selects the Deployment: raising its replicas is unsafe (a guess it can run twice).
  const dir = tmpDir({ 'web.yaml': SINGLE });
  const safe = await cli(['lint', '--fix', '--format', 'json', 'web.yaml'], dir);
  assert.equal(safe.stderr, '', 'nothing safe to fix');
  assert.equal(fs.readFileSync(path.join(dir, 'web.yaml'), 'utf8'), SINGLE);
  const f = JSON.parse(safe.stdout).findings.find((x: any) => x.rule === 'single-replica');
  assert.deepEqual(f.fixSafety, ['unsafe', 'unsafe']);
  const dry = await cli(['lint', '--fix-dry-run', 'web.yaml'], dir);
  assert.equal(dry.stdout, '', 'no diff without --unsafe-fixes');
  const unsafe = await cli(['lint', '--fix', '--unsafe-fixes', 'web.yaml'], dir);
  assert.match(unsafe.stderr, /^kube-ha: fixed web\.yaml: Set replicas to 2/);
  assert.match(fs.readFileSync(path.join(dir, 'web.yaml'), 'utf8'), /replicas: 2\n/);
  const usage = await cli(['lint', '--unsafe-fixes', 'web.yaml'], dir);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--unsafe-fixes needs --fix or --fix-dry-run/);
});

test('rules (text) lists each rule with its severity, fix safety and title', async () => {
  const r = await cli(['rules'], os.tmpdir());
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, RULES.length + PARSER_RULES.length);
  assert.ok(
    lines.some((l) => /^missing-pdb +warning +fix: safe +Replicated workload without a PodDisruptionBudget$/.test(l)),
    r.stdout,
  );
  assert.ok(
    lines.some((l) => /^single-replica +warning +fix: safe\/unsafe +\S/.test(l)),
    r.stdout,
  );
  assert.ok(
    lines.some((l) => /^yaml-syntax +error {2,}YAML that does not parse$/.test(l)),
    r.stdout,
  );
  assert.equal((await cli(['rules', '--format', 'xml'], os.tmpdir())).code, 2);
});
