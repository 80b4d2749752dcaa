// Finding and reading .kube-ha.yaml, one way for the CLI and the language server: the nearest
// one up from where the run starts (the workspace folder; the CLI's working directory), within
// the repository; read only inside it (a symlink leading out is refused, and nothing of its target
// is read or quoted), bounded in size, its problems each with their line, never with the content.
// What a problem does is the caller's: the CLI exits 2, the editor shows it (docs/configuration.md).
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAMES, parseConfigText, RULE_IDS, type Config, type ConfigProblem } from '../engine';
import { decodeUtf8 } from '../engine/parse';
import { readForIndexSync, type FsPath } from '../read-file';

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

/** Where the search for a start directory's config ends, and what that folder is called in messages. */
export interface ConfigScope {
  top: string;
  name: 'repository' | 'folder it is in';
}

/** The repository holding `start`, else `start` alone: a stray .kube-ha.yaml in a home or temp
 *  directory above an unversioned folder is never picked up. */
export function configScope(start: string): ConfigScope {
  const repo = repositoryOf(start);
  return repo ? { top: repo, name: 'repository' } : { top: path.resolve(start), name: 'folder it is in' };
}

/** The config that applies to a run started in `start`: the nearest .kube-ha.yaml (or .yml) from
 *  `start` up to its scope's top; null when there is none. */
export function findConfigFile(start: string, scope: ConfigScope = configScope(start)): string | null {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const p = path.join(dir, name);
      // lstat, not exists: a dangling symlink is found (and refused), not silently passed over.
      try {
        fs.lstatSync(p);
        return p;
      } catch {
        /* not here */
      }
    }
    if (dir === scope.top || path.dirname(dir) === dir) return null;
  }
}

/** Find and load the config of a run started in `start` (null: there is none). */
export function lookupConfig(start: string): ConfigLoad | null {
  const scope = configScope(start);
  const file = findConfigFile(start, scope);
  return file ? loadConfigFile(file, scope.top, scope.name) : null;
}

/** The config of an editor workspace: that of the first folder, in order, that has one. */
export function workspaceConfig(folders: readonly string[]): ConfigLoad | null {
  for (const folder of folders) {
    const loaded = lookupConfig(folder);
    if (loaded) return loaded;
  }
  return null;
}

/** What is said of a .kube-ha.yaml that does not apply (one below where the run started). */
export const NOT_APPLIED =
  'not applied: kube-ha reads one .kube-ha.yaml, the nearest one up from the workspace folder (editor) or the working directory (kube-ha lint), within the repository';

/** A test for each .kube-ha.yaml the walk meets: true when it is not `applied` (compared by real path). */
export function notApplied(applied: string | null): (p: FsPath) => boolean {
  const real = (p: FsPath) => {
    try {
      return fs.realpathSync(p, { encoding: 'buffer' }).toString('latin1');
    } catch {
      return (typeof p === 'string' ? Buffer.from(p) : p).toString('latin1');
    }
  };
  const appliedReal = applied === null ? null : real(applied);
  return (p) => real(p) !== appliedReal;
}

/**
 * Load a config file. `boundary`: the folder (workspace folder, repository) it must stay in — a
 * file there whose real path is elsewhere (a symlink out) is refused; `boundaryName` says what the
 * folder is in that message. Null when there is no such file.
 */
export function loadConfigFile(file: string, boundary: string, boundaryName: string): ConfigLoad | null {
  const refused = (message: string): ConfigLoad => ({
    file,
    config: {},
    problems: [{ message: `not read: ${message}` }],
    refused: true,
  });
  let real: string;
  try {
    fs.lstatSync(file);
    real = fs.realpathSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      // A dangling symlink is there but unreadable; a missing file is no config.
      try {
        fs.lstatSync(file);
        return refused('a symlink whose target does not exist');
      } catch {
        return null;
      }
    }
    return refused(`cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let realBoundary = boundary;
  try {
    realBoundary = fs.realpathSync(boundary);
  } catch {
    /* the boundary as given */
  }
  if (inside(path.resolve(file), boundary) && !inside(real, realBoundary))
    return refused(`a symlink that leads out of the ${boundaryName}`);
  let bytes;
  try {
    bytes = readForIndexSync(real, MAX_CONFIG_BYTES);
  } catch (err) {
    return refused(`cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (typeof bytes === 'number' || !(bytes instanceof Uint8Array) || bytes.length > MAX_CONFIG_BYTES) {
    return refused(
      !(bytes instanceof Uint8Array) && typeof bytes !== 'number'
        ? 'not a regular file'
        : `larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MB`,
    );
  }
  const { text, invalidAt } = decodeUtf8(bytes);
  if (invalidAt !== null) return refused('not valid UTF-8');
  return { file, ...parseConfigText(text, RULE_IDS), refused: false };
}

/** The problems as `file:line: message` lines. */
export function problemLines(display: string, problems: readonly ConfigProblem[]): string[] {
  return problems.map((p) => `${display}${p.line ? `:${p.line}` : ''}: ${p.message}`);
}
