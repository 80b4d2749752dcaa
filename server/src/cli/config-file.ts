// Finding and reading .kube-ha.yaml for the CLI: --config FILE, else the nearest one from the
// working directory up to the repository root. Read through ../config-file (the server's reader):
// never through a symlink out of the repository, problems one line naming the file and lines.
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAMES, mergeConfig, type Config } from '../engine';
import { loadConfigFile, problemLines, repositoryOf } from '../config-file';
import { UsageError } from './files';

export function findConfigFile(cwd: string): string | null {
  let dir = cwd;
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const p = path.join(dir, name);
      // lstat, not exists: a dangling symlink is found (and refused), not silently passed over.
      try { fs.lstatSync(p); return p; } catch { /* not here */ }
    }
    if (fs.existsSync(path.join(dir, '.git'))) return null; // the repo root bounds the search
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** Problems listed in the one-line error; the rest are counted. */
const SHOWN = 5;

export function loadConfig(explicit: string | null, cwd: string): { config: Config; file: string | null } {
  const file = explicit ? path.resolve(cwd, explicit) : findConfigFile(cwd);
  if (!file) return { config: mergeConfig(), file: null };
  const repo = repositoryOf(cwd);
  const loaded = loadConfigFile(file, repo ?? path.dirname(file), repo ? 'repository' : 'folder it is in');
  const display = explicit ?? path.relative(cwd, file);
  if (!loaded) throw new UsageError(`${display}: cannot read config (ENOENT)`);
  if (loaded.problems.length) {
    const lines = problemLines(display, loaded.problems);
    const more = lines.length > SHOWN ? `; and ${lines.length - SHOWN} more` : '';
    throw new UsageError(lines.slice(0, SHOWN).join('; ') + more);
  }
  return { config: mergeConfig(loaded.config), file };
}
