// Reading .kube-ha.yaml, the same way in the CLI and the language server: only inside the
// workspace folder or repository it belongs to (a symlink leading out is refused, and nothing of
// its target is read or quoted), bounded in size, and its problems each with their line, never
// with the file's content.
import * as fs from 'fs';
import * as path from 'path';
import { parseConfigText, RULE_IDS, type Config, type ConfigProblem } from './engine';
import { decodeUtf8 } from './engine/parse';
import { readForIndexSync } from './read-file';

/** A config larger than this is refused unread (a real one is a few hundred bytes). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export interface ConfigLoad {
  file: string;
  config: Partial<Config>;
  problems: ConfigProblem[];
  /** Not read at all (a symlink out, too large, unreadable): its one problem says why. */
  refused: boolean;
}

function inside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The repository a directory is in: the nearest directory up from it holding .git, else null. */
export function repositoryOf(dir: string): string | null {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return null;
  }
}

/**
 * Load a config file. `boundary`: the folder (workspace folder, repository) it must stay in — a
 * file there whose real path is elsewhere (a symlink out) is refused; `boundaryName` says what the
 * folder is in that message. Null when there is no such file.
 */
export function loadConfigFile(file: string, boundary: string, boundaryName: string): ConfigLoad | null {
  const refused = (message: string): ConfigLoad => ({ file, config: {}, problems: [{ message: `not read: ${message}` }], refused: true });
  let real: string;
  try {
    fs.lstatSync(file);
    real = fs.realpathSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      // A dangling symlink is there but unreadable; a missing file is no config.
      try { fs.lstatSync(file); return refused('a symlink whose target does not exist'); } catch { return null; }
    }
    return refused(`cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let realBoundary = boundary;
  try { realBoundary = fs.realpathSync(boundary); } catch { /* the boundary as given */ }
  if (inside(path.resolve(file), boundary) && !inside(real, realBoundary)) return refused(`a symlink that leads out of the ${boundaryName}`);
  let bytes;
  try { bytes = readForIndexSync(real, MAX_CONFIG_BYTES); } catch (err) { return refused(`cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`); }
  if (typeof bytes === 'number' || !(bytes instanceof Uint8Array) || bytes.length > MAX_CONFIG_BYTES) {
    return refused(!(bytes instanceof Uint8Array) && typeof bytes !== 'number' ? 'not a regular file' : `larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MB`);
  }
  const { text, invalidAt } = decodeUtf8(bytes);
  if (invalidAt !== null) return refused('not valid UTF-8');
  return { file, ...parseConfigText(text, RULE_IDS), refused: false };
}

/** The problems as `file:line: message` lines. */
export function problemLines(display: string, problems: readonly ConfigProblem[]): string[] {
  return problems.map((p) => `${display}${p.line ? `:${p.line}` : ''}: ${p.message}`);
}
