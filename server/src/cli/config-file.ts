// The CLI's configuration: --config FILE, else the one files/config.ts finds from the working
// directory (as the editor does from its workspace folder). Any problem is fatal here (exit 2, one
// line naming the file and lines); the editor shows the same problems and goes on.
import * as path from 'path';
import { mergeConfig, type Config } from '../engine';
import { configScope, findConfigFile, loadConfigFile, problemLines } from '../files/config';
import { UsageError } from './files';

/** Problems listed in the one-line error; the rest are counted. */
const SHOWN = 5;

export function loadConfig(explicit: string | null, cwd: string): { config: Config; file: string | null } {
  const scope = configScope(cwd);
  const file = explicit ? path.resolve(cwd, explicit) : findConfigFile(cwd, scope);
  if (!file) return { config: mergeConfig(), file: null };
  // Outside a repository an explicit file is bounded by its own folder (it may be anywhere).
  const loaded =
    explicit && scope.name !== 'repository'
      ? loadConfigFile(file, path.dirname(file), scope.name)
      : loadConfigFile(file, scope.top, scope.name);
  const display = explicit ?? path.relative(cwd, file);
  if (!loaded) throw new UsageError(`${display}: cannot read config (ENOENT)`);
  if (loaded.problems.length) {
    const lines = problemLines(display, loaded.problems);
    const more = lines.length > SHOWN ? `; and ${lines.length - SHOWN} more` : '';
    throw new UsageError(lines.slice(0, SHOWN).join('; ') + more);
  }
  return { config: mergeConfig(loaded.config), file };
}
