// Configuration: defaults < VS Code settings < .kube-ha.yaml (the repo's file is what CI reads,
// so it wins over personal editor settings).
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import type { Config, SeveritySetting } from './types';

export const DEFAULT_CONFIG: Config = { minReplicas: 2, rules: {} };
export const CONFIG_FILE_NAMES = ['.kube-ha.yaml', '.kube-ha.yml'];
export const MAX_MIN_REPLICAS = 1000;
const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

/** A problem of a configuration. Messages name the setting, never quote the file's content (a
 *  config may be anything a repository points at); `path` is the key it is about, `line` its line. */
export interface ConfigProblem {
  message: string;
  path?: (string | number)[];
  line?: number;
}

/** Validate a raw config object; unknown or bad entries are reported, never thrown. */
export function readConfig(
  raw: unknown,
  knownRules: ReadonlySet<string>,
): { config: Partial<Config>; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config: Partial<Config> = {};
  if (raw === null || raw === undefined) return { config, problems };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { config, problems: [{ message: 'configuration must be a mapping', path: [] }] };
  const r = raw as Record<string, unknown>;
  if (r.minReplicas !== undefined) {
    // Bounded: a fix writes this count into manifests (`minReplicas: 1e9` was taken as it is).
    if (
      typeof r.minReplicas === 'number' &&
      Number.isInteger(r.minReplicas) &&
      r.minReplicas >= 1 &&
      r.minReplicas <= MAX_MIN_REPLICAS
    )
      config.minReplicas = r.minReplicas;
    else
      problems.push({ message: `minReplicas must be an integer from 1 to ${MAX_MIN_REPLICAS}`, path: ['minReplicas'] });
  }
  for (const k of ['maxFileBytes', 'timeBudgetMs'] as const) {
    if (r[k] === undefined) continue;
    if (typeof r[k] === 'number' && (r[k] as number) > 0) config[k] = r[k] as number;
    else problems.push({ message: `${k} must be a positive number`, path: [k] });
  }
  if (r.rules !== undefined) {
    if (!r.rules || typeof r.rules !== 'object' || Array.isArray(r.rules))
      problems.push({ message: 'rules must be a mapping of rule id to off|info|warning|error', path: ['rules'] });
    else {
      const rules: Record<string, SeveritySetting> = {};
      for (const [id, sev] of Object.entries(r.rules as Record<string, unknown>)) {
        // YAML 1.1 readers turn a bare `off` into false; accept it as the user meant it.
        const s = sev === false ? 'off' : sev;
        if (!knownRules.has(id))
          problems.push({ message: 'unknown rule id (`kube-ha rules` lists them)', path: ['rules', id] });
        else if (typeof s !== 'string' || !SEVERITIES.has(s))
          problems.push({ message: `rule ${id}: severity must be off, info, warning or error`, path: ['rules', id] });
        else rules[id] = s as SeveritySetting;
      }
      config.rules = rules;
    }
  }
  for (const k of Object.keys(r))
    if (!['minReplicas', 'rules', 'maxFileBytes', 'timeBudgetMs'].includes(k))
      problems.push({ message: 'unknown setting (known: minReplicas, rules, maxFileBytes, timeBudgetMs)', path: [k] });
  return { config, problems };
}

/** Parse a .kube-ha.yaml: its config and problems, each with the line (1-based) it is about. */
export function parseConfigText(
  text: string,
  knownRules: ReadonlySet<string>,
): { config: Partial<Config>; problems: ConfigProblem[] } {
  const lineCounter = new LineCounter();
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  let raw: unknown;
  let doc;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false });
    // The error's code and line, not its message: yaml quotes the source (an alias, a tag) in some.
    if (doc.errors.length)
      return {
        config: {},
        problems: [{ message: `not valid YAML (${doc.errors[0].code})`, line: lineOf(doc.errors[0].pos[0]) }],
      };
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return {
      config: {},
      problems: [{ message: `not valid YAML (${(err as { code?: string })?.code ?? 'cannot be read'})`, line: 1 }],
    };
  }
  const { config, problems } = readConfig(raw, knownRules);
  for (const p of problems) {
    const node = p.path && nodeAt(doc.contents, p.path);
    if (node?.range) p.line = lineOf(node.range[0]);
  }
  return { config, problems };
}

/** The key node at a path of keys (the value node for the empty path). */
function nodeAt(node: unknown, keys: readonly (string | number)[]): Node | null {
  let cur = node as Node | null;
  for (let i = 0; i < keys.length; i++) {
    if (!isMap(cur)) return null;
    const pair = cur.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(keys[i]));
    if (!pair) return null;
    if (i === keys.length - 1) return pair.key as Node;
    cur = pair.value as Node | null;
  }
  return cur;
}

export function mergeConfig(...layers: Partial<Config>[]): Config {
  const out: Config = { minReplicas: DEFAULT_CONFIG.minReplicas, rules: {} };
  for (const l of layers) {
    if (l.minReplicas !== undefined) out.minReplicas = l.minReplicas;
    if (l.rules) Object.assign(out.rules, l.rules);
    if (l.maxFileBytes !== undefined) out.maxFileBytes = l.maxFileBytes;
    if (l.timeBudgetMs !== undefined) out.timeBudgetMs = l.timeBudgetMs;
  }
  return out;
}
