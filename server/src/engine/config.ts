// Configuration: defaults < VS Code settings < .kube-ha.yaml (the repo's file is what CI reads,
// so it wins over personal editor settings).
import { parse } from 'yaml';
import type { Config, SeveritySetting } from './types';

export const DEFAULT_CONFIG: Config = { minReplicas: 2, rules: {} };
export const CONFIG_FILE_NAMES = ['.kube-ha.yaml', '.kube-ha.yml'];
const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

export interface ConfigProblem { message: string }

/** Validate a raw config object; unknown or bad entries are reported, never thrown. */
export function readConfig(raw: unknown, knownRules: ReadonlySet<string>): { config: Partial<Config>; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config: Partial<Config> = {};
  if (raw === null || raw === undefined) return { config, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { config, problems: [{ message: 'configuration must be a mapping' }] };
  const r = raw as Record<string, unknown>;
  if (r.minReplicas !== undefined) {
    if (typeof r.minReplicas === 'number' && Number.isInteger(r.minReplicas) && r.minReplicas >= 1) config.minReplicas = r.minReplicas;
    else problems.push({ message: `minReplicas must be an integer ≥ 1, got ${JSON.stringify(r.minReplicas)}` });
  }
  for (const k of ['maxFileBytes', 'timeBudgetMs'] as const) {
    if (r[k] === undefined) continue;
    if (typeof r[k] === 'number' && (r[k] as number) > 0) config[k] = r[k] as number;
    else problems.push({ message: `${k} must be a positive number, got ${JSON.stringify(r[k])}` });
  }
  if (r.rules !== undefined) {
    if (!r.rules || typeof r.rules !== 'object' || Array.isArray(r.rules)) problems.push({ message: 'rules must be a mapping of rule id to off|info|warning|error' });
    else {
      const rules: Record<string, SeveritySetting> = {};
      for (const [id, sev] of Object.entries(r.rules as Record<string, unknown>)) {
        // YAML 1.1 readers turn a bare `off` into false; accept it as the user meant it.
        const s = sev === false ? 'off' : sev;
        if (!knownRules.has(id)) problems.push({ message: `unknown rule "${id}"` });
        else if (typeof s !== 'string' || !SEVERITIES.has(s)) problems.push({ message: `rule "${id}": severity must be off, info, warning or error` });
        else rules[id] = s as SeveritySetting;
      }
      config.rules = rules;
    }
  }
  for (const k of Object.keys(r)) if (!['minReplicas', 'rules', 'maxFileBytes', 'timeBudgetMs'].includes(k)) problems.push({ message: `unknown setting "${k}"` });
  return { config, problems };
}

export function parseConfigText(text: string, knownRules: ReadonlySet<string>): { config: Partial<Config>; problems: ConfigProblem[] } {
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    return { config: {}, problems: [{ message: `not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` }] };
  }
  return readConfig(raw, knownRules);
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
