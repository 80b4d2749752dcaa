// Fuzzing the engine with fast-check: seeds are the rule fixtures, examples/ and generated
// manifests; mutations are the edits that break YAML in interesting ways (cut, insert YAML
// punctuation, duplicate/swap/re-indent lines, swap a scalar for a hostile one). Properties:
// no exception escapes the engine (lint() rethrows rule errors), and the fix-all of a parseable
// input stays parseable.
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { lint, repoRoot } from '../../server/src/engine/testing';
import { fixAll } from '../../server/src/engine';

export function seedCorpus(): { name: string; text: string }[] {
  const root = repoRoot();
  const out: { name: string; text: string }[] = [];
  const rules = path.join(root, 'server', 'src', 'engine', 'rules');
  for (const r of fs.readdirSync(rules).sort()) {
    const dir = path.join(rules, r, 'fixtures');
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort())
      if (/\.ya?ml$/.test(f)) out.push({ name: `${r}/${f}`, text: fs.readFileSync(path.join(dir, f), 'utf8') });
  }
  const ex = path.join(root, 'examples');
  for (const f of fs.readdirSync(ex).sort())
    if (/\.ya?ml$/.test(f)) out.push({ name: `examples/${f}`, text: fs.readFileSync(path.join(ex, f), 'utf8') });
  return out;
}

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'team', 'app.kubernetes.io/name'), name, {
  minKeys: 0,
  maxKeys: 3,
});
const probe = fc.oneof(
  fc.record({
    httpGet: fc.record({ path: fc.constant('/healthz'), port: fc.oneof(fc.integer({ min: 0, max: 70000 }), name) }),
  }),
  fc.record({ tcpSocket: fc.record({ port: fc.integer({ min: 1, max: 65535 }) }) }),
  fc.record({ exec: fc.record({ command: fc.array(name, { maxLength: 3 }) }) }),
);
const container = fc.record(
  {
    name,
    image: fc.oneof(fc.constant('nginx'), fc.constant('nginx:latest'), fc.constant('nginx:1.27'), name),
    ports: fc.array(
      fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }), name: name }, { requiredKeys: ['containerPort'] }),
      { maxLength: 2 },
    ),
    readinessProbe: probe,
    livenessProbe: probe,
    resources: fc.record(
      {
        requests: fc.record(
          { cpu: fc.constantFrom('100m', '1', 0), memory: fc.constantFrom('128Mi', '1Gi', '') },
          { requiredKeys: [] },
        ),
        limits: fc.record({ memory: fc.constantFrom('256Mi', '2Gi') }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
    lifecycle: fc.constant({ preStop: { exec: { command: ['sleep', '5'] } } }),
  },
  { requiredKeys: ['name'] },
);

const podSpec = fc.record(
  {
    containers: fc.array(container, { minLength: 0, maxLength: 3 }),
    nodeName: name,
    nodeSelector: labels,
    topologySpreadConstraints: fc.array(
      fc.record({
        maxSkew: fc.integer({ min: 0, max: 3 }),
        topologyKey: fc.constantFrom('kubernetes.io/hostname', 'topology.kubernetes.io/zone'),
        whenUnsatisfiable: fc.constantFrom('DoNotSchedule', 'ScheduleAnyway'),
        labelSelector: fc.record({ matchLabels: labels }),
      }),
      { maxLength: 2 },
    ),
    volumes: fc.array(fc.record({ name, persistentVolumeClaim: fc.record({ claimName: name }) }), { maxLength: 2 }),
  },
  { requiredKeys: ['containers'] },
);

const meta = fc.record(
  {
    name,
    namespace: fc.constantFrom('default', 'shop', ''),
    labels,
    annotations: fc.dictionary(fc.constantFrom('kube-ha/ignore', 'note'), name, { maxKeys: 1 }),
  },
  { requiredKeys: ['name'] },
);

const workload = fc.record({
  apiVersion: fc.constantFrom('apps/v1', 'apps/v1beta1', 'extensions/v1beta1'),
  kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'),
  metadata: meta,
  spec: fc.record(
    {
      replicas: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constant(null), fc.constant('2')),
      selector: fc.record({ matchLabels: labels }),
      serviceName: name,
      strategy: fc.record(
        {
          type: fc.constantFrom('Recreate', 'RollingUpdate'),
          rollingUpdate: fc.record({ maxUnavailable: fc.constantFrom(0, 1, '100%', '25%') }),
        },
        { requiredKeys: ['type'] },
      ),
      template: fc.record({ metadata: fc.record({ labels }), spec: podSpec }),
    },
    { requiredKeys: ['template'] },
  ),
});
const service = fc.record({
  apiVersion: fc.constant('v1'),
  kind: fc.constant('Service'),
  metadata: meta,
  spec: fc.record(
    {
      selector: labels,
      clusterIP: fc.constantFrom('None', '10.0.0.1'),
      type: fc.constantFrom('ClusterIP', 'ExternalName'),
      ports: fc.array(
        fc.record({
          port: fc.integer({ min: 1, max: 65535 }),
          targetPort: fc.oneof(fc.integer({ min: 1, max: 65535 }), name),
        }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: [] },
  ),
});
const pdb = fc.record({
  apiVersion: fc.constantFrom('policy/v1', 'policy/v1beta1'),
  kind: fc.constant('PodDisruptionBudget'),
  metadata: meta,
  spec: fc.record(
    {
      minAvailable: fc.constantFrom(0, 1, 2, '50%', '100%'),
      maxUnavailable: fc.constantFrom(0, 1, '0%'),
      selector: fc.record({ matchLabels: labels }),
      unhealthyPodEvictionPolicy: fc.constantFrom('AlwaysAllow', 'IfHealthyBudget'),
    },
    { requiredKeys: [] },
  ),
});
const hpa = fc.record({
  apiVersion: fc.constantFrom('autoscaling/v2', 'autoscaling/v1', 'autoscaling/v2beta2'),
  kind: fc.constant('HorizontalPodAutoscaler'),
  metadata: meta,
  spec: fc.record(
    {
      scaleTargetRef: fc.record({
        apiVersion: fc.constant('apps/v1'),
        kind: fc.constantFrom('Deployment', 'StatefulSet'),
        name,
      }),
      minReplicas: fc.integer({ min: 0, max: 4 }),
      maxReplicas: fc.integer({ min: 0, max: 6 }),
    },
    { requiredKeys: ['scaleTargetRef'] },
  ),
});
const pod = fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Pod'), metadata: meta, spec: podSpec });

/** A file of generated manifests: 1–4 documents. */
export const generatedManifest: fc.Arbitrary<string> = fc
  .array(fc.oneof(workload, service, pdb, hpa, pod), { minLength: 1, maxLength: 4 })
  .map((docs) => docs.map((d) => stringify(d)).join('---\n'));

const TOKENS = [
  '0',
  '-1',
  'null',
  '~',
  'true',
  '1e309',
  '.nan',
  '"x"',
  "'y'",
  '&a',
  '*a',
  '{}',
  '[]',
  '99999999999999999999',
  '!!str',
  '!!binary',
  '<<: *a',
  '? ',
  '|',
  '>-',
  '{{ .Values.x }}',
  '\u0000',
  '\uFEFF',
  '\t',
  'é',
  '\u{1F600}',
  '---',
  '...',
  '%YAML 1.2',
];
const PUNCT = ':- {}[],&*!#|>"\'%@`?\n\t.~0123456789abc';

type Mutation = (t: string) => string;
const pos = (t: string, r: number) => Math.floor(r * (t.length + 1));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // delete a span
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 })).map(([r, n]) => (t: string) => {
    const p = pos(t, r);
    return t.slice(0, p) + t.slice(p + n);
  }),
  // insert YAML punctuation
  fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.string({ unit: fc.constantFrom(...PUNCT.split('')), minLength: 1, maxLength: 6 }),
    )
    .map(([r, s]) => (t: string) => {
      const p = pos(t, r);
      return t.slice(0, p) + s + t.slice(p);
    }),
  // insert a hostile token
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...TOKENS)).map(([r, s]) => (t: string) => {
    const p = pos(t, r);
    return t.slice(0, p) + s + t.slice(p);
  }),
  // replace a scalar after a colon with a hostile token
  fc.tuple(fc.nat(), fc.constantFrom(...TOKENS)).map(([k, s]) => (t: string) => {
    const ms = [...t.matchAll(/: ([^\n{}[\],]+)/g)];
    if (!ms.length) return t;
    const m = ms[k % ms.length];
    return t.slice(0, m.index! + 2) + s + t.slice(m.index! + m[0].length);
  }),
  // line operations: duplicate, delete, swap, re-indent
  fc
    .tuple(fc.nat(), fc.nat(), fc.constantFrom('dup', 'del', 'swap', 'indent', 'dedent', 'tab'))
    .map(([a, b, op]) => (t: string) => {
      const ls = t.split('\n');
      const i = a % ls.length,
        j = b % ls.length;
      switch (op) {
        case 'dup':
          ls.splice(i, 0, ls[i]);
          break;
        case 'del':
          ls.splice(i, 1);
          break;
        case 'swap':
          [ls[i], ls[j]] = [ls[j], ls[i]];
          break;
        case 'indent':
          ls[i] = '  ' + ls[i];
          break;
        case 'dedent':
          ls[i] = ls[i].replace(/^ {1,2}/, '');
          break;
        case 'tab':
          ls[i] = ls[i].replace(/^ {2}/, '\t');
          break;
      }
      return ls.join('\n');
    }),
  // truncate
  fc.double({ min: 0, max: 1, noNaN: true }).map((r) => (t: string) => t.slice(0, pos(t, r))),
  // line ends
  fc.constantFrom<Mutation>(
    (t) => t.replace(/\n/g, '\r\n'),
    (t) => '\uFEFF' + t,
    (t) => t + '\n---\n' + t,
    (t) => t.replace(/\n/g, '\r'),
  ),
);

/** A seed (fixture, example or generated manifest) with 0–6 mutations applied. */
export function inputs(corpus: { text: string }[]): fc.Arbitrary<string> {
  const seed = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...corpus.map((c) => c.text)) },
    { weight: 2, arbitrary: generatedManifest },
  );
  return fc.tuple(seed, fc.array(mutation, { maxLength: 6 })).map(([t, ms]) => ms.reduce((acc, m) => m(acc), t));
}

export function parseable(text: string): boolean {
  try {
    return parseAllDocuments(text, { uniqueKeys: true }).every((d) => d.errors.length === 0);
  } catch {
    return false;
  }
}

/** Replays fix-all one fix at a time and names the first fix after which the text no longer parses. */
export function breakingFix(text: string): string {
  let cur = text;
  for (let i = 0; i < 100; i++) {
    const r = fixAll(cur, (t) => lint({ 'test.yaml': t }), 'test.yaml', 1, { unsafe: true });
    if (r.applied.length === 0) return 'no single fix breaks it';
    if (!parseable(r.text)) {
      const err = parseAllDocuments(r.text, { uniqueKeys: true }).flatMap((d) => d.errors)[0];
      return `rule ${r.applied[0].rule} ("${r.applied[0].title}") -> ${err ? err.message.split('\n')[0] : 'parse error'}`;
    }
    cur = r.text;
  }
  return 'not found in 100 fixes';
}

export interface Outcome {
  lintMs: number;
  fixMs: number;
  fixed: boolean;
}

/** The property: throws on a violation; returns timings. */
export function checkInput(text: string): Outcome {
  const t0 = process.hrtime.bigint();
  lint(text);
  const t1 = process.hrtime.bigint();
  let fixed = false;
  if (parseable(text)) {
    // Every fix, unsafe ones included (--unsafe-fixes): each must keep the text parseable.
    const r = fixAll(text, (t) => lint({ 'test.yaml': t }), 'test.yaml', 100, { unsafe: true });
    fixed = r.applied.length > 0;
    if (fixed && !parseable(r.text)) throw new Error(`fix-all made a parseable text unparseable: ${breakingFix(text)}`);
  }
  const t2 = process.hrtime.bigint();
  return { lintMs: Number(t1 - t0) / 1e6, fixMs: Number(t2 - t1) / 1e6, fixed };
}
