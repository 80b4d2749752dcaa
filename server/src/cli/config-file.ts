// Finding and reading .kube-ha.yaml for the CLI: --config FILE, else the nearest one from the
// working directory up to the repository root.
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAMES, mergeConfig, parseConfigText, RULE_IDS, type Config } from '../engine';
import { UsageError } from './files';

export function findConfigFile(cwd: string): string | null {
  let dir = cwd;
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const p = path.join(dir, name);
      if (fs.existsSync(p)) return p;
    }
    if (fs.existsSync(path.join(dir, '.git'))) return null; // the repo root bounds the search
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

export function loadConfig(explicit: string | null, cwd: string): { config: Config; file: string | null } {
  const file = explicit ? path.resolve(cwd, explicit) : findConfigFile(cwd);
  if (!file) return { config: mergeConfig(), file: null };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${explicit ?? file}: cannot read config (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const { config, problems } = parseConfigText(text, RULE_IDS);
  if (problems.length) throw new UsageError(`${explicit ?? path.relative(cwd, file)}: ${problems.map((p) => p.message).join('; ')}`);
  return { config: mergeConfig(config), file };
}
