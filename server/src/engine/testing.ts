// Helpers for the engine's tests (imported only by *.test.ts files).
import * as fs from 'fs';
import * as path from 'path';
import { structuredPatch } from 'diff';
import { analyzeSource } from './analyze';
import { mergeConfig } from './config';
import { applyEdits } from './edits';
import type { Config, Finding, Position } from './types';
import { createIndex } from './workspace';
import { DEFAULT_LIMITS } from './parse';

/** A Deployment with one replica: always exactly one `single-replica` finding, on line 5 of its document. */
export const SINGLE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
        readinessProbe: {httpGet: {path: /ready, port: 80}}
        livenessProbe: {tcpSocket: {port: 80}}
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
`;
export const SINGLE_REPLICAS_LINE = 5;

/** The repository root, found from the compiled test's location. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'server'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

/** Lint texts as one analysis (file name → text); returns findings of every file. */
export function lint(files: Record<string, string> | string, config: Partial<Config> = {}): Finding[] {
  const map = typeof files === 'string' ? { 'test.yaml': files } : files;
  const cfg = mergeConfig(config);
  const index = createIndex({ ...DEFAULT_LIMITS, maxBytes: cfg.maxFileBytes ?? DEFAULT_LIMITS.maxBytes });
  const sources = Object.entries(map).map(([f, t]) => index.setFile(f, t));
  return sources.flatMap((s) =>
    analyzeSource(index, s, cfg, {
      onInternalError: (rule, _o, err) => {
        throw new Error(`rule ${rule} threw: ${String(err)}`);
      },
    }),
  );
}

export function ofRule(findings: Finding[], rule: string): Finding[] {
  return findings.filter((f) => f.rule === rule);
}

/** The rules' folder in the source tree (fixtures and their snapshots live there, not in out/). */
export function rulesDir(): string {
  return path.join(repoRoot(), 'server', 'src', 'engine', 'rules');
}

/** The fixtures of a rule: server/src/engine/rules/<id>/fixtures/{fire,clean}*.yaml */
export function fixtures(ruleId: string): { name: string; file: string; text: string; expect: 'fire' | 'clean' }[] {
  const dir = path.join(rulesDir(), ruleId, 'fixtures');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((name) => ({
      name,
      file: path.join(dir, name),
      text: fs.readFileSync(path.join(dir, name), 'utf8'),
      expect: name.startsWith('fire') ? ('fire' as const) : ('clean' as const),
    }));
}

/** A fixture's snapshot file: next to it, `<fixture>.snap`. */
export function snapshotPath(fixtureFile: string): string {
  return `${fixtureFile}.snap`;
}

export const SNAPSHOT_UPDATE_HINT =
  'UPDATE_SNAPSHOTS=1 npm test (or UPDATE_SNAPSHOTS=1 node --test out/server/src/engine/rules/fixtures.test.js)';

/** A unified diff of one file's change (3 lines of context), without the tool's header noise. */
export function unifiedDiff(name: string, before: string, after: string): string {
  const p = structuredPatch(`a/${name}`, `b/${name}`, before, after, '', '', { context: 3 });
  const out = [`--- a/${name}`, `+++ b/${name}`];
  for (const h of p.hunks) out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines);
  return out.join('\n');
}

/**
 * The snapshot of one rule on one fixture: each finding of that rule (1-based `line:col severity
 * rule message`, then its related information), and for each of its fixes the title, its safety
 * (and `preferred`) and the unified diff of applying it to the fixture alone. A reviewer reads its diff in the commit.
 */
export function renderSnapshot(ruleId: string, name: string, text: string): { snapshot: string; findings: Finding[] } {
  const found = ofRule(lint({ [name]: text }), ruleId);
  const pos = (r: { start: Position }) => `${r.start.line + 1}:${r.start.character + 1}`;
  const out = [
    `# kube-ha snapshot: rule ${ruleId} on fixtures/${name}`,
    '# Lines and columns are 1-based. Regenerate with:',
    `# ${SNAPSHOT_UPDATE_HINT}`,
    '',
  ];
  if (found.length === 0) out.push('(no findings)', '');
  found.forEach((f, i) => {
    out.push(`## finding ${i + 1}`, `${pos(f.range)} ${f.severity} ${f.rule} ${f.message}`);
    for (const r of f.related) out.push(`related ${r.file === name ? '' : `${r.file}:`}${pos(r.range)} ${r.message}`);
    out.push('');
    f.fixes.forEach((x, j) => {
      const flags = [x.safety, x.preferred ? 'preferred' : null].filter(Boolean).join(', ');
      out.push(`### fix ${i + 1}.${j + 1}: ${x.title}${flags ? ` (${flags})` : ''}`);
      const edits = x.edits();
      const files = [...new Set(edits.map((e) => e.file))];
      if (files.length === 0) out.push('(no edits)');
      for (const file of files) {
        if (file !== name) {
          out.push(`(edits ${file}, which this fixture does not hold)`);
          continue;
        }
        out.push(
          unifiedDiff(
            name,
            text,
            applyEdits(
              text,
              edits.filter((e) => e.file === file),
            ),
          ),
        );
      }
      out.push('');
    });
  });
  return { snapshot: out.join('\n'), findings: found };
}
