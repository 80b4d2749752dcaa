// syntaxes/kube-ha-ignore.injection.json: the injection grammar that highlights
// `# kube-ha-ignore` / `# kube-ha-ignore-document` comments and their rule ids in YAML.
// Tokenised with vscode-textmate + vscode-oniguruma (the engine VS Code uses, WASM shipped in the
// npm package), against a minimal stand-in YAML grammar whose comment rule has the shape of VS
// Code's, and against VS Code's own YAML grammar when code-server is installed (.vscode-test/).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { repoRoot } from '../server/src/engine/testing';

const root = repoRoot();
const INJECTION_SCOPE = 'kube-ha.ignore-comment.injection';
const injectionFile = path.join(root, 'syntaxes', 'kube-ha-ignore.injection.json');
const vscodeYamlDir = path.join(
  root,
  '.vscode-test',
  'code-server',
  'node_modules',
  'code-server',
  'lib',
  'vscode',
  'extensions',
  'yaml',
);

/** The comment rule of VS Code's YAML grammar (RedCMD's), reduced to a grammar of its own. */
const STAND_IN_YAML = {
  scopeName: 'source.yaml',
  patterns: [
    {
      begin: '(?<=[\\x{FEFF}\\t ]|^)#',
      end: '$',
      captures: { 0: { name: 'punctuation.definition.comment.yaml' } },
      name: 'comment.line.number-sign.yaml',
    },
    { match: '[^\\s#:]+(?=:)', name: 'entity.name.tag.yaml' },
    { match: '"[^"]*"', name: 'string.quoted.double.yaml' },
  ],
};

let onigLib: Promise<vsctm.IOnigLib> | null = null;
function onig(): Promise<vsctm.IOnigLib> {
  if (!onigLib) {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    onigLib = oniguruma
      .loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer)
      .then(() => ({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }));
  }
  return onigLib;
}

async function yamlGrammar(real: boolean): Promise<vsctm.IGrammar> {
  const files = new Map<string, string>([[INJECTION_SCOPE, injectionFile]]);
  if (real) {
    const pkg = JSON.parse(fs.readFileSync(path.join(vscodeYamlDir, 'package.json'), 'utf8'));
    for (const g of pkg.contributes.grammars as { scopeName: string; path: string }[])
      files.set(g.scopeName, path.join(vscodeYamlDir, g.path));
  }
  const registry = new vsctm.Registry({
    onigLib: onig(),
    loadGrammar: async (scope) => {
      if (!real && scope === 'source.yaml') return vsctm.parseRawGrammar(JSON.stringify(STAND_IN_YAML), 'yaml.json');
      const f = files.get(scope);
      return f ? vsctm.parseRawGrammar(fs.readFileSync(f, 'utf8'), f) : null;
    },
    getInjections: (scope) => (scope === 'source.yaml' ? [INJECTION_SCOPE] : undefined),
  });
  const g = await registry.loadGrammar('source.yaml');
  assert.ok(g, 'source.yaml loads');
  return g;
}

interface Tok {
  text: string;
  scopes: string[];
}
function tokenize(grammar: vsctm.IGrammar, text: string): Tok[][] {
  let stack = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

const KEYWORD = 'keyword.control.directive.kube-ha-ignore.yaml';
const RULE_ID = 'entity.name.function.rule-id.kube-ha-ignore.yaml';
const has = (t: Tok, scope: string) => t.scopes.includes(scope);
const tokensWith = (line: Tok[], scope: string) => line.filter((t) => has(t, scope)).map((t) => t.text.trim());

/** Every comment line of the YAML examples in docs/suppression.md that carries a kube-ha-ignore directive. */
function docForms(): { text: string; directiveLines: number[] }[] {
  const md = fs.readFileSync(path.join(root, 'docs', 'suppression.md'), 'utf8');
  return [...md.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => {
      const text = m[1].replace(/\n$/, '');
      const directiveLines = text
        .split('\n')
        .flatMap((l, i) => (/^\s*#\s*kube-ha-ignore(-document)?\s/.test(l) ? [i] : []));
      return { text, directiveLines };
    })
    .filter((b) => b.directiveLines.length > 0);
}

describe('kube-ha-ignore injection grammar', () => {
  test('is valid JSON, contributed for source.yaml, and every regex compiles in Oniguruma', async () => {
    const g = JSON.parse(fs.readFileSync(injectionFile, 'utf8'));
    assert.equal(g.scopeName, INJECTION_SCOPE);
    assert.match(g.injectionSelector, /comment\.line\.number-sign\.yaml/);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const c = (pkg.contributes?.grammars ?? []).find((x: { scopeName: string }) => x.scopeName === INJECTION_SCOPE);
    assert.ok(c, 'package.json contributes.grammars has the injection');
    assert.deepEqual(c.injectTo, ['source.yaml']);
    assert.equal(path.normalize(c.path), path.normalize('./syntaxes/kube-ha-ignore.injection.json'));
    await onig();
    const regexes: string[] = [];
    JSON.stringify(g, (k, v) => {
      if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') regexes.push(v);
      return v;
    });
    assert.ok(regexes.length >= 4);
    for (const r of regexes) assert.doesNotThrow(() => new oniguruma.OnigScanner([r]), `regex ${r}`);
  });

  for (const real of [false, true]) {
    const which = real ? "VS Code's own YAML grammar (code-server's copy)" : 'the stand-in YAML comment grammar';
    const skip =
      real && !fs.existsSync(path.join(vscodeYamlDir, 'package.json'))
        ? 'code-server is not installed (.vscode-test/); node scripts/e2e/install.mjs installs it'
        : false;
    describe(`with ${which}`, { skip }, () => {
      let grammar: vsctm.IGrammar;
      before(async () => {
        grammar = await yamlGrammar(real);
      });

      test('highlights every directive and rule id in the forms of docs/suppression.md', () => {
        const blocks = docForms();
        assert.ok(blocks.length >= 2, 'docs/suppression.md shows the comment forms');
        let seen = 0;
        for (const b of blocks) {
          const lines = tokenize(grammar, b.text);
          b.text.split('\n').forEach((src, i) => {
            const kw = tokensWith(lines[i], KEYWORD);
            if (!b.directiveLines.includes(i)) {
              assert.deepEqual(kw, [], `no directive on line ${JSON.stringify(src)}`);
              return;
            }
            seen++;
            const m = /#\s*(kube-ha-ignore(?:-document)?)\s+(.*)$/.exec(src)!;
            assert.deepEqual(kw, [m[1]], `directive keyword on ${JSON.stringify(src)}`);
            assert.deepEqual(
              tokensWith(lines[i], RULE_ID),
              m[2].split(/[\s,]+/).filter(Boolean),
              `rule ids on ${JSON.stringify(src)}`,
            );
            assert.ok(
              lines[i].filter((t) => t.text.trim()).every((t) => has(t, 'comment.line.number-sign.yaml')),
              'stays inside the comment',
            );
          });
        }
        assert.ok(seen >= 3, `saw ${seen} directive lines`);
      });

      test('several ids, commas, a trailing reason, and what is not a directive', () => {
        const text = [
          'spec:',
          '  # kube-ha-ignore single-replica, missing-pdb # leader election',
          '  #kube-ha-ignore-document bare-pod',
          '  # kube-ha-ignored not-a-directive',
          '  # see kube-ha-ignore elsewhere',
          '  name: web # kube-ha-ignore image-tag-mutable',
          '  note: "# kube-ha-ignore in-a-string"',
        ].join('\n');
        const lines = tokenize(grammar, text);
        assert.deepEqual(tokensWith(lines[1], KEYWORD), ['kube-ha-ignore']);
        assert.deepEqual(tokensWith(lines[1], RULE_ID), ['single-replica', 'missing-pdb']);
        assert.ok(
          lines[1].some((t) => t.text.includes('leader election') && !has(t, RULE_ID)),
          'the reason is not a rule id',
        );
        assert.deepEqual(tokensWith(lines[2], KEYWORD), ['kube-ha-ignore-document']);
        assert.deepEqual(tokensWith(lines[2], RULE_ID), ['bare-pod']);
        assert.deepEqual(tokensWith(lines[3], KEYWORD), []);
        assert.deepEqual(tokensWith(lines[4], KEYWORD), [], 'only at the start of the comment');
        assert.deepEqual(tokensWith(lines[5], RULE_ID), ['image-tag-mutable'], 'a trailing comment on a node');
        assert.deepEqual(tokensWith(lines[6], KEYWORD), [], 'inside a quoted string');
      });
    });
  }
});
