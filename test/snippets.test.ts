// snippets/kubernetes-ha.json: every snippet, expanded with its defaults the way VS Code expands
// a TextMate snippet, must lint clean (zero kube-ha findings with the default config), and its
// placeholders must chain: one name typed fills labels, selectors and references.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { lint, repoRoot } from '../server/src/engine/testing';

// ---- TextMate snippet syntax (the subset VS Code documents) --------------------------------
// any      ::= tabstop | placeholder | choice | variable | text
// tabstop  ::= '$' int | '${' int '}'
// placeholder ::= '${' int ':' any* '}'
// choice   ::= '${' int '|' text (',' text)* '|}'
// variable ::= '$' var | '${' var '}' | '${' var ':' any* '}'
// Escapes: `\$`, `\}`, `\\` in text; `\,` `\|` `\\` inside a choice. Transforms are not supported
// (the snippets do not use them; the parser rejects them so a new one cannot slip through).

type Node =
  | { type: 'text'; value: string }
  | { type: 'tabstop'; index: number; children: Node[] | null; choices: string[] | null }
  | { type: 'variable'; name: string; children: Node[] | null };

export function parseSnippet(src: string): Node[] {
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at ${i} in snippet: ${JSON.stringify(src.slice(Math.max(0, i - 20), i + 20))}`);
  };
  function parseSeq(inside: boolean): Node[] {
    const out: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) {
        out.push({ type: 'text', value: text });
        text = '';
      }
    };
    while (i < src.length) {
      const c = src[i];
      if (c === '\\' && i + 1 < src.length && '$}\\'.includes(src[i + 1])) {
        text += src[i + 1];
        i += 2;
        continue;
      }
      if (c === '}' && inside) {
        flush();
        return out;
      }
      if (c === '$') {
        const node = parseDollar();
        if (node) {
          flush();
          out.push(node);
          continue;
        }
        text += c;
        i++;
        continue; // a lone `$` is text
      }
      text += c;
      i++;
    }
    if (inside) fail('unterminated ${');
    flush();
    return out;
  }
  function parseDollar(): Node | null {
    const rest = src.slice(i + 1);
    let m = /^(\d+)/.exec(rest);
    if (m) {
      i += 1 + m[1].length;
      return { type: 'tabstop', index: Number(m[1]), children: null, choices: null };
    }
    m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (m) {
      i += 1 + m[1].length;
      return { type: 'variable', name: m[1], children: null };
    }
    if (rest[0] !== '{') return null;
    m = /^\{(\d+)/.exec(rest);
    if (m) {
      const index = Number(m[1]);
      i += 2 + m[1].length;
      const c = src[i];
      if (c === '}') {
        i++;
        return { type: 'tabstop', index, children: null, choices: null };
      }
      if (c === ':') {
        i++;
        const children = parseSeq(true);
        i++;
        return { type: 'tabstop', index, children, choices: null };
      }
      if (c === '|') {
        i++;
        return { type: 'tabstop', index, children: null, choices: parseChoices() };
      }
      if (c === '/') fail('transforms are not supported');
      return fail(`unexpected ${JSON.stringify(c)} after \${${index}`);
    }
    m = /^\{([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (m) {
      i += 2 + m[1].length;
      const c = src[i];
      if (c === '}') {
        i++;
        return { type: 'variable', name: m[1], children: null };
      }
      if (c === ':') {
        i++;
        const children = parseSeq(true);
        i++;
        return { type: 'variable', name: m[1], children };
      }
      return fail(`unsupported variable form after \${${m[1]}`);
    }
    return fail('`${` must be followed by a tab stop number or a variable name (write `\\$` for a literal dollar)');
  }
  function parseChoices(): string[] {
    const choices: string[] = [];
    let cur = '';
    while (i < src.length) {
      const c = src[i];
      if (c === '\\' && i + 1 < src.length && ',|\\'.includes(src[i + 1])) {
        cur += src[i + 1];
        i += 2;
        continue;
      }
      if (c === ',') {
        choices.push(cur);
        cur = '';
        i++;
        continue;
      }
      if (c === '|' && src[i + 1] === '}') {
        choices.push(cur);
        i += 2;
        return choices;
      }
      cur += c;
      i++;
    }
    return fail('unterminated choice');
  }
  return parseSeq(false);
}

/**
 * Expands a snippet as VS Code does when every placeholder keeps its default: a tab stop's value
 * is the default (or first choice) of its first occurrence that has one, mirrored to every other
 * occurrence; `$0` and bare tab stops without a default anywhere are empty; variables take their
 * default (unknown variables, as in VS Code, their default or nothing). `values` overrides tab stops
 * as if the user had typed them.
 */
export function expandSnippet(src: string, values: Record<number, string> = {}): string {
  const tree = parseSnippet(src);
  const defaults = new Map<number, Node[] | string>();
  const collect = (nodes: Node[]) => {
    for (const n of nodes) {
      if (n.type === 'tabstop') {
        if (!defaults.has(n.index)) {
          if (n.children) defaults.set(n.index, n.children);
          else if (n.choices) defaults.set(n.index, n.choices[0] ?? '');
        }
        if (n.children) collect(n.children);
      } else if (n.type === 'variable' && n.children) collect(n.children);
    }
  };
  collect(tree);
  const resolving = new Set<number>();
  const valueOf = (index: number): string => {
    if (index in values) return values[index];
    const d = defaults.get(index);
    if (d === undefined) return '';
    if (typeof d === 'string') return d;
    if (resolving.has(index)) throw new Error(`placeholder $${index} contains itself`);
    resolving.add(index);
    try {
      return render(d);
    } finally {
      resolving.delete(index);
    }
  };
  const render = (nodes: Node[]): string =>
    nodes
      .map((n) => {
        if (n.type === 'text') return n.value;
        if (n.type === 'tabstop') return valueOf(n.index);
        return n.children ? render(n.children) : '';
      })
      .join('');
  return render(tree);
}

/** The tab stop numbers a snippet uses, with how often each occurs. */
function tabstopCounts(src: string): Map<number, number> {
  const counts = new Map<number, number>();
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      if (n.type === 'tabstop') {
        counts.set(n.index, (counts.get(n.index) ?? 0) + 1);
        if (n.children) walk(n.children);
      } else if (n.type === 'variable' && n.children) walk(n.children);
    }
  };
  walk(parseSnippet(src));
  return counts;
}

describe('TextMate snippet expansion (the test helper itself)', () => {
  test('defaults, mirrors, choices, nesting, $0, escapes, variables', () => {
    assert.equal(expandSnippet('name: ${1:web}\nsel: $1'), 'name: web\nsel: web');
    assert.equal(expandSnippet('sel: $1\nname: ${1:web}'), 'sel: web\nname: web', 'a mirror before its placeholder');
    assert.equal(expandSnippet('${1|a,b|} $1'), 'a a');
    assert.equal(expandSnippet('${1|x\\,y,z|}'), 'x,y');
    assert.equal(expandSnippet('img: ${2:reg/${1:app}:1.0} ${1}'), 'img: reg/app:1.0 app');
    assert.equal(expandSnippet('img: ${2:reg/$1:1.0} ${1:web}'), 'img: reg/web:1.0 web');
    assert.equal(expandSnippet('a$0b'), 'ab');
    assert.equal(expandSnippet('cost \\$5 \\} \\\\ $'), 'cost $5 } \\ $');
    assert.equal(expandSnippet('${1:a\\}b}'), 'a}b');
    assert.equal(expandSnippet('${TM_FILENAME:x.yaml} $TM_SELECTED_TEXT.'), 'x.yaml .');
    assert.equal(expandSnippet('${1:web}-pdb $1', { 1: 'shop' }), 'shop-pdb shop');
    assert.throws(() => expandSnippet('${1/a/b/}'), /transforms/);
    assert.throws(() => expandSnippet('${1:open'), /unterminated/);
    assert.throws(() => expandSnippet('${-x}'), /tab stop number or a variable/);
  });
});

interface SnippetDef {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

const file = path.join(repoRoot(), 'snippets', 'kubernetes-ha.json');
const snippets = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, SnippetDef>;
const bodyOf = (s: SnippetDef) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);

const EXPECTED: Record<string, string[]> = {
  'kube-ha: HA Deployment': ['Deployment', 'PodDisruptionBudget'],
  'kube-ha: PodDisruptionBudget': ['PodDisruptionBudget'],
  'kube-ha: HorizontalPodAutoscaler': ['HorizontalPodAutoscaler'],
  'kube-ha: StatefulSet with headless Service': ['Service', 'StatefulSet', 'PodDisruptionBudget'],
  'kube-ha: Service': ['Service'],
  'kube-ha: HA web app': ['Deployment', 'Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler'],
  'kube-ha: HA Ingress, Service and Deployment': ['Ingress', 'Service', 'Deployment', 'PodDisruptionBudget'],
  'kube-ha: KEDA-scaled worker': ['Deployment', 'ScaledObject', 'PodDisruptionBudget'],
};

describe('snippets/kubernetes-ha.json', () => {
  test('is contributed for yaml in package.json and holds the eight snippets', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
    const contributed = (pkg.contributes?.snippets ?? []) as { language: string; path: string }[];
    assert.ok(
      contributed.some(
        (c) => c.language === 'yaml' && path.normalize(c.path) === path.normalize('./snippets/kubernetes-ha.json'),
      ),
      `package.json contributes.snippets: ${JSON.stringify(contributed)}`,
    );
    assert.deepEqual(Object.keys(snippets).sort(), Object.keys(EXPECTED).sort());
    for (const [name, s] of Object.entries(snippets)) {
      assert.ok(s.prefix && (typeof s.prefix === 'string' || s.prefix.length > 0), `${name}: prefix`);
      assert.ok(s.description && s.description.length > 20, `${name}: description`);
    }
  });

  for (const [name, kinds] of Object.entries(EXPECTED)) {
    describe(name, () => {
      const src = () => bodyOf(snippets[name]);

      test('expanded with its defaults, it is the YAML it should be and lints clean', () => {
        const text = expandSnippet(src()) + '\n';
        const docs = parseAllDocuments(text);
        for (const d of docs)
          assert.deepEqual(
            d.errors.map((e) => e.message),
            [],
            `YAML errors in\n${text}`,
          );
        assert.deepEqual(
          docs.map((d) => (d.toJS() as { kind?: string }).kind),
          kinds,
        );
        const findings = lint({ 'snippet.yaml': text });
        assert.deepEqual(
          findings.map((f) => `${f.rule}@${f.range.start.line + 1}: ${f.message}`),
          [],
          `findings in\n${text}`,
        );
      });

      test('one name typed fills every label, selector and reference, and it still lints clean', () => {
        const counts = tabstopCounts(src());
        assert.ok((counts.get(1) ?? 0) >= 3, `$1 (the name) is used ${counts.get(1) ?? 0} times`);
        assert.ok(counts.has(0), 'ends with $0');
        const original = expandSnippet(src());
        const defaultName = /name: (\S+)/.exec(original)![1];
        const typed = expandSnippet(src(), { 1: 'checkout' });
        // The default name survives nowhere: every occurrence is the chained placeholder.
        assert.ok(!new RegExp(`\\b${defaultName}\\b`).test(typed), `"${defaultName}" is left in\n${typed}`);
        assert.deepEqual(
          lint({ 'snippet.yaml': typed + '\n' }).map((f) => f.rule),
          [],
        );
        for (const d of parseAllDocuments(typed)) {
          const v = d.toJS() as any;
          const labels = v.spec?.template?.metadata?.labels ?? v.metadata?.labels;
          assert.equal(labels?.['app.kubernetes.io/name'], 'checkout', `${v.kind} labels`);
        }
      });
    });
  }

  test('replicas: the HPA-targeted web app leaves them to its HPA, the standalone Deployment sets them', () => {
    // The Deployment snippet sets replicas (no HPA); the web app leaves them to its HPA (replicas-with-hpa).
    const app = expandSnippet(bodyOf(snippets['kube-ha: HA web app']));
    assert.ok(!/^\s*replicas:/m.test(app), 'the HPA-targeted Deployment has no spec.replicas');
    assert.match(expandSnippet(bodyOf(snippets['kube-ha: HA Deployment'])), /^ {2}replicas: 3$/m);
  });
});
