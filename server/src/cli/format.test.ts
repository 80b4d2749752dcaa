// The CI report formats, each checked against the shape its consumer documents: GitHub's
// workflow commands, GitLab's Code Quality report (as a JSON Schema written from its docs) and
// JUnit XML (a real XML parser, then the elements and attributes of Jenkins' junit schema).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as actionsCore from '@actions/core';
import Ajv from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runCli } from './main';
import { SINGLE } from '../engine/testing';

function tmpDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-format-'));
  for (const [f, t] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), t);
  }
  return dir;
}

async function lint(format: string, dir: string, ...paths: string[]) {
  let stdout = '',
    stderr = '';
  const code = await runCli(['lint', '--format', format, ...paths], {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readStdin: async () => '',
    cwd: dir,
    env: {},
  });
  assert.equal(stderr, '');
  return { code, stdout };
}

async function findings(dir: string, ...paths: string[]) {
  return JSON.parse((await lint('json', dir, ...paths)).stdout).findings as {
    rule: string;
    severity: string;
    message: string;
    file: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
  }[];
}

// A file name and an object name with every character the formats must escape.
const HOSTILE_FILE = 'we,ird:100%<&>.yaml';
const HOSTILE = SINGLE.replace(/name: web\b/, 'name: "a%0Ab,c:d<&>\\"\\u0001"')
  .replace(/ {8}livenessProbe.*\n/, '')
  .replace('nginx:1.27', 'nginx:latest');
const SVC = 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: nope}}\n';
const CLEAN = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';

// "Workflow commands for GitHub Actions": `::command key=value,…::message`; the toolkit escapes
// %, CR and LF in the message and also ':' and ',' in property values.
const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) => unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
const GITHUB_PROPS = new Set(['title', 'file', 'col', 'endColumn', 'line', 'endLine']);

function parseWorkflowCommand(line: string) {
  const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
  assert.ok(m, `not a workflow command: ${line}`);
  const props: Record<string, string> = {};
  for (const kv of (m[2] ?? '').split(',')) {
    const eq = kv.indexOf('=');
    assert.ok(eq > 0, `property without a value in ${line}`);
    const key = kv.slice(0, eq);
    assert.ok(GITHUB_PROPS.has(key), `unknown property ${key}`);
    assert.ok(!(key in props), `property ${key} twice`);
    props[key] = unescapeProperty(kv.slice(eq + 1));
  }
  for (const n of ['line', 'endLine', 'col', 'endColumn'])
    if (n in props) assert.match(props[n], /^[1-9]\d*$/, `${n} is a 1-based number`);
  assert.ok(!/[\r\n]/.test(m[3]), 'the message is one line');
  return { level: m[1], props, message: unescapeData(m[3]) };
}

/** The line @actions/core (GitHub's Actions toolkit) prints for an annotation. */
function toolkitCommand(level: 'error' | 'warning' | 'notice', message: string, p: Record<string, string>): string {
  const write = process.stdout.write;
  let out = '';
  process.stdout.write = ((s: string) => {
    out += s;
    return true;
  }) as typeof process.stdout.write;
  try {
    const num = (k: string) => (k in p ? Number(p[k]) : undefined);
    actionsCore[level](message, {
      title: p.title,
      file: p.file,
      startLine: num('line'),
      endLine: num('endLine'),
      startColumn: num('col'),
      endColumn: num('endColumn'),
    });
  } finally {
    process.stdout.write = write;
  }
  return out.replace(/\n$/, '');
}

test('--format github: one workflow command per finding, with file, line, column and title, escaped', async () => {
  const dir = tmpDir({ [HOSTILE_FILE]: HOSTILE, 'svc.yaml': SVC, 'ok.yaml': CLEAN });
  const expected = await findings(dir, '.');
  assert.ok(
    expected.some((f) => f.severity === 'error') &&
      expected.some((f) => f.severity === 'warning') &&
      expected.some((f) => f.severity === 'info'),
    'every level is covered',
  );
  const r = await lint('github', dir, '.');
  assert.equal(r.code, 1);
  const lines = r.stdout.trimEnd().split('\n');
  const commands = lines.filter((l) => l.startsWith('::')).map(parseWorkflowCommand);
  assert.equal(commands.length, expected.length);
  const level = { error: 'error', warning: 'warning', info: 'notice' } as Record<string, string>;
  for (const [i, f] of expected.entries()) {
    const c = commands[i];
    assert.equal(c.level, level[f.severity]);
    assert.equal(c.message, f.message);
    assert.equal(c.props.file, f.file);
    assert.equal(c.props.title, `kube-ha ${f.rule}`);
    assert.equal(Number(c.props.line), f.range.start.line + 1);
    assert.equal(Number(c.props.col), f.range.start.character + 1);
    assert.equal(Number(c.props.endLine), f.range.end.line + 1);
  }
  assert.ok(
    commands.some((c) => c.props.file === HOSTILE_FILE && c.message.includes('a%0Ab,c:d<&>"')),
    'file and message survive the escaping',
  );
  // GitHub's own toolkit writes the same commands, byte for byte, from the same values.
  const byToolkit = commands.map((c) => toolkitCommand(c.level as 'error' | 'warning' | 'notice', c.message, c.props));
  assert.deepEqual(
    lines.filter((l) => l.startsWith('::')),
    byToolkit,
  );
  assert.match(lines[lines.length - 1], /^3 files, 3 objects: /, 'the summary is a plain log line');
});

// GitLab's "Code Quality report format", required fields and values as documented.
const GITLAB_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path'],
        properties: {
          path: { type: 'string', minLength: 1, not: { pattern: '^/' } },
          lines: {
            type: 'object',
            required: ['begin'],
            properties: { begin: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } },
          },
          positions: { type: 'object', required: ['begin'] },
        },
        anyOf: [{ required: ['lines'] }, { required: ['positions'] }],
      },
    },
  },
};

test('--format gitlab: a Code Quality report that validates, with unique fingerprints that survive moved lines', async () => {
  const schema = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(GITLAB_SCHEMA);
  const validate = (data: unknown): boolean => schema(data);
  // The same object twice in one file: findings alike in all but their line.
  const dir = tmpDir({ [HOSTILE_FILE]: HOSTILE, 'svc.yaml': SVC, 'web.yaml': `${SINGLE}---\n${SINGLE}` });
  const expected = await findings(dir, '.');
  const r = await lint('gitlab', dir, '.');
  assert.equal(r.code, 1);
  const report = JSON.parse(r.stdout);
  assert.ok(validate(report), JSON.stringify(schema.errors));
  assert.equal(report.length, expected.length);
  const severity = { error: 'critical', warning: 'major', info: 'info' } as Record<string, string>;
  for (const [i, f] of expected.entries()) {
    assert.deepEqual(report[i], {
      description: f.message,
      check_name: f.rule,
      fingerprint: report[i].fingerprint,
      severity: severity[f.severity],
      location: { path: f.file, lines: { begin: f.range.start.line + 1 } },
    });
  }
  assert.equal(
    new Set(report.map((x: { fingerprint: string }) => x.fingerprint)).size,
    report.length,
    'fingerprints are unique',
  );
  assert.equal(validate([{ ...report[0], severity: 'warning' }]), false, 'the schema rejects an undocumented severity');

  // Lines added above every finding: the same issues (fingerprints), one line further down.
  for (const f of [HOSTILE_FILE, 'svc.yaml', 'web.yaml'])
    fs.writeFileSync(path.join(dir, f), '# moved\n' + fs.readFileSync(path.join(dir, f), 'utf8'));
  const moved = JSON.parse((await lint('gitlab', dir, '.')).stdout);
  assert.deepEqual(
    moved.map((x: { fingerprint: string }) => x.fingerprint),
    report.map((x: { fingerprint: string }) => x.fingerprint),
  );
  assert.deepEqual(
    moved.map((x: { location: { lines: { begin: number } } }) => x.location.lines.begin),
    report.map((x: { location: { lines: { begin: number } } }) => x.location.lines.begin + 1),
  );
  assert.equal(
    (await lint('gitlab', dir, path.join(dir, 'svc.yaml'))).stdout.trim(),
    '[]',
    'no findings: an empty report',
  );
});

// Jenkins' junit schema (junit-10.xsd): what each element may hold and which attributes it has.
const JUNIT_SHAPE: Record<string, { attrs: string[]; required: string[]; children: string[] }> = {
  testsuites: {
    attrs: ['name', 'time', 'tests', 'failures', 'disabled', 'errors'],
    required: [],
    children: ['testsuite'],
  },
  testsuite: {
    attrs: [
      'name',
      'tests',
      'failures',
      'errors',
      'time',
      'disabled',
      'skipped',
      'timestamp',
      'hostname',
      'id',
      'package',
    ],
    required: ['name', 'tests'],
    children: ['properties', 'testcase', 'system-out', 'system-err'],
  },
  testcase: {
    attrs: ['name', 'assertions', 'time', 'classname', 'status'],
    required: ['name'],
    children: ['skipped', 'error', 'failure', 'system-out', 'system-err'],
  },
  failure: { attrs: ['type', 'message'], required: [], children: [] },
};
const NUMERIC = new Set(['tests', 'failures', 'errors', 'disabled', 'skipped']);
type XmlNode = Record<string, unknown>;

function checkJunit(node: XmlNode, name: string) {
  const shape = JUNIT_SHAPE[name];
  assert.ok(shape, `unexpected element <${name}>`);
  const attrs = (node[':@'] ?? {}) as Record<string, string>;
  for (const a of Object.keys(attrs)) {
    const bare = a.replace(/^@_/, '');
    assert.ok(shape.attrs.includes(bare), `<${name}> has no attribute ${bare}`);
    if (NUMERIC.has(bare)) assert.match(attrs[a], /^\d+$/, `${name}@${bare} is a count`);
  }
  for (const req of shape.required) assert.ok(`@_${req}` in attrs, `<${name}> lacks ${req}`);
  for (const child of node[name] as XmlNode[]) {
    const childName = Object.keys(child).find((k) => k !== ':@')!;
    if (childName === '#text') {
      assert.ok(name === 'failure' || !String(child['#text']).trim(), `text inside <${name}>`);
      continue;
    }
    assert.ok(shape.children.includes(childName), `<${name}> cannot contain <${childName}>`);
    checkJunit(child, childName);
  }
}

test("--format junit: well-formed XML of Jenkins' junit shape, one testcase per file and a failure per finding", async () => {
  const dir = tmpDir({ [HOSTILE_FILE]: HOSTILE, 'svc.yaml': SVC, 'ok.yaml': CLEAN });
  const expected = await findings(dir, '.');
  const r = await lint('junit', dir, '.');
  assert.equal(r.code, 1);
  assert.equal(XMLValidator.validate(r.stdout), true, 'well-formed XML');
  assert.match(r.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/);
  assert.ok(!/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(r.stdout), 'no character XML 1.0 forbids');
  const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: false, trimValues: false }).parse(
    r.stdout,
  ) as XmlNode[];
  const root = ordered.find((n) => 'testsuites' in n)!;
  checkJunit(root, 'testsuites');

  const doc = new XMLParser({
    ignoreAttributes: false,
    isArray: (n) => ['testsuite', 'testcase', 'failure'].includes(n),
    processEntities: true,
  }).parse(r.stdout);
  const suite = doc.testsuites.testsuite[0];
  const cases = suite.testcase as {
    '@_name': string;
    failure?: { '@_message': string; '@_type': string; '#text': string }[];
  }[];
  assert.deepEqual(
    cases.map((c) => c['@_name']),
    ['ok.yaml', 'svc.yaml', HOSTILE_FILE].sort((a, b) => a.localeCompare(b)),
    'one testcase per file, a clean one included',
  );
  assert.equal(suite['@_tests'], String(cases.length));
  assert.equal(suite['@_failures'], String(cases.filter((c) => c.failure).length));
  assert.equal(doc.testsuites['@_tests'], suite['@_tests']);
  assert.equal(cases.find((c) => c['@_name'] === 'ok.yaml')!.failure, undefined);
  for (const c of cases) {
    const mine = expected.filter((f) => f.file === c['@_name']);
    assert.deepEqual(
      (c.failure ?? []).map((x) => x['@_type']),
      mine.map((f) => f.rule),
      `${c['@_name']}: a failure per finding`,
    );
    // The parser gives the text back unescaped; XML cannot carry U+0001, which becomes U+FFFD.
    assert.deepEqual(
      (c.failure ?? []).map((x) => x['@_message']),
      mine.map((f) => f.message.replace(/\u0001/g, '\uFFFD')),
    );
    for (const [i, x] of (c.failure ?? []).entries())
      assert.match(
        x['#text'],
        new RegExp(
          `:${mine[i].range.start.line + 1}:${mine[i].range.start.character + 1}: ${mine[i].severity} ${mine[i].rule}: `,
        ),
      );
  }
  assert.ok(
    cases.some((c) => c.failure?.some((x) => x['@_message'].includes('a%0Ab,c:d<&>"'))),
    'markup in a message is escaped, not interpreted',
  );
});

test('the formats hold for no findings at all', async () => {
  const dir = tmpDir({ 'ok.yaml': CLEAN });
  const gh = await lint('github', dir, '.');
  assert.equal(gh.code, 0);
  assert.equal(gh.stdout, '1 file, 1 object: 0 errors, 0 warnings, 0 info\n');
  assert.equal((await lint('gitlab', dir, '.')).stdout, '[]\n');
  const junit = (await lint('junit', dir, '.')).stdout;
  assert.equal(XMLValidator.validate(junit), true);
  assert.match(
    junit,
    /<testsuite name="kube-ha" tests="1" failures="0" errors="0" skipped="0">\n {4}<testcase name="ok\.yaml" classname="kube-ha" \/>\n/,
  );
});
