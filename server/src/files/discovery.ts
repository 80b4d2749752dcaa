// Which files of a folder are manifests: the one walk of the language server's workspace scan and
// of `kube-ha lint`, so CI checks exactly the files the editor shows (docs/configuration.md,
// "Which files"). Names are bytes: paths are handled as latin1 strings (one character per byte),
// so a name that is not valid UTF-8 is found like any other and handed out as a Buffer.
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAMES } from '../engine';
import { isValidUtf8 } from '../utf8-bytes';
import type { FsPath } from '../read-file';

/** Never walked: version-control metadata, installed dependencies and VS Code test downloads.
 *  dist/ and out/ are walked: rendered manifests are kept there (what `kubectl apply` reads). */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', 'node_modules', '.vscode-test']);
// Manifests: YAML, and JSON (rules.md, Files); a JSON file that is no Kubernetes object stays quiet.
const MANIFEST = /\.(ya?ml|json)$/i;
const CONFIG_NAMES: ReadonlySet<string> = new Set(CONFIG_FILE_NAMES);

/** A manifest by its name (kube-ha's own config is YAML too, but not a manifest). */
export const isManifestName = (name: string): boolean => MANIFEST.test(name) && !CONFIG_NAMES.has(name);
export const isConfigName = (name: string): boolean => CONFIG_NAMES.has(name);

/** A file found: the path it was reached by, and its real path (symlinks resolved). */
export interface Found {
  path: FsPath;
  real: FsPath;
}

export type SkipReason = 'not a regular file' | 'broken symlink' | 'symlink leads out' | 'cannot read directory';
export interface Skip {
  path: FsPath;
  reason: SkipReason;
  root: FsPath;
  code?: string;
}

export interface DiscoveryNotes {
  /** What was left out, and why (the CLI prints it, the server logs it). */
  skipped?(s: Skip): void;
  /** A .kube-ha.yaml met on the way: never a manifest (config.ts finds the one that applies). */
  config?(p: FsPath): void;
}

/** The one wording of a skip, with paths as `show` prints them. */
export function skipMessage(s: Skip, show: (p: FsPath) => string): string {
  if (s.reason === 'cannot read directory') return `${show(s.path)}: cannot read directory (${s.code ?? 'error'})`;
  return `${show(s.path)}: skipped, ${s.reason === 'symlink leads out' ? `symlink leads out of ${show(s.root)}` : s.reason}`;
}

/** A path's bytes as a latin1 string, and back to what fs takes. */
export const bin = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
export const binOf = (p: FsPath): string => (typeof p === 'string' ? bin(p) : p.toString('latin1'));
export function toFs(b: string): FsPath {
  const buf = Buffer.from(b, 'latin1');
  return isValidUtf8(buf) ? buf.toString('utf8') : buf;
}

const inside = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
// In the order of the names as text (what a listing shows), not of their bytes.
const collator = new Intl.Collator();
const asText = (b: string) => Buffer.from(b, 'latin1').toString('utf8');

/** The walk of real directories reaches everything inside the root but what is under a skipped one. */
const walkedByName = (real: string, realRoot: string) =>
  inside(real, realRoot) &&
  !path
    .relative(realRoot, real)
    .split(path.sep)
    .some((c) => SKIP_DIRS.has(c));

interface Frame {
  dir: string;
  real: string;
  entries: fs.Dirent[] | null;
  i: number;
}

/**
 * The manifests under `root`, depth first in name order. Symlinks: one leading out of the root
 * (by its real path) is skipped and said so; one inside is followed after the walk, unless what it
 * points at is walked under its own name anyway (so each real file is found once, by its own
 * name where it has one, and a link loop ends). What is not a regular file is said so.
 */
export async function* discover(root: string, notes: DiscoveryNotes = {}): AsyncGenerator<Found> {
  const top = bin(root);
  const skip = (p: string, reason: SkipReason, code?: string) =>
    notes.skipped?.({ path: toFs(p), reason, root: toFs(top), ...(code ? { code } : {}) });
  let realRoot: string;
  try {
    realRoot = await fs.promises.realpath(toFs(top), { encoding: 'latin1' });
  } catch (err) {
    skip(top, 'cannot read directory', (err as NodeJS.ErrnoException).code);
    return;
  }
  const links: string[] = [];
  const viaLinks = new Set<string>(); // real paths of the files found through a link
  const followed = new Set<string>(); // real directories walked through a link

  async function* walk(start: string, startReal: string, viaLink: boolean): AsyncGenerator<Found> {
    const stack: Frame[] = [{ dir: start, real: startReal, entries: null, i: 0 }];
    while (stack.length) {
      const f = stack[stack.length - 1];
      if (!f.entries) {
        try {
          f.entries = (await fs.promises.readdir(toFs(f.dir), {
            withFileTypes: true,
            encoding: 'latin1',
          })) as unknown as fs.Dirent[];
        } catch (err) {
          skip(f.dir, 'cannot read directory', (err as NodeJS.ErrnoException).code);
          stack.pop();
          continue;
        }
        const text = new Map(f.entries.map((e) => [e, asText(e.name)]));
        f.entries.sort((a, b) => collator.compare(text.get(a)!, text.get(b)!));
      }
      if (f.i >= f.entries.length) {
        stack.pop();
        continue;
      }
      const e = f.entries[f.i++];
      const p = f.dir + path.sep + e.name,
        real = f.real + path.sep + e.name;
      if (e.isSymbolicLink()) links.push(p);
      else if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) stack.push({ dir: p, real, entries: null, i: 0 });
      } else if (isConfigName(e.name)) notes.config?.(toFs(p));
      else if (!isManifestName(e.name)) continue;
      else if (!e.isFile()) skip(p, 'not a regular file');
      else if (!viaLink) yield { path: toFs(p), real: toFs(real) };
      else if (!viaLinks.has(real)) {
        viaLinks.add(real);
        yield { path: toFs(p), real: toFs(real) };
      }
    }
  }

  yield* walk(top, realRoot, false);
  // Links last, in the order met: the walks below may meet more of them.
  for (let k = 0; k < links.length; k++) {
    const p = links[k],
      name = path.basename(p);
    let real: string, st: fs.Stats;
    try {
      real = await fs.promises.realpath(toFs(p), { encoding: 'latin1' });
      st = await fs.promises.stat(toFs(p));
    } catch {
      if (isManifestName(name)) skip(p, 'broken symlink');
      continue;
    }
    if (!inside(real, realRoot)) {
      if (st.isDirectory() || isManifestName(name)) skip(p, 'symlink leads out');
      continue;
    }
    if (st.isDirectory()) {
      if (walkedByName(real, realRoot) || followed.has(real)) continue;
      followed.add(real);
      yield* walk(p, real, true);
    } else if (isConfigName(name)) notes.config?.(toFs(p));
    else if (!isManifestName(name)) continue;
    else if (!st.isFile()) skip(p, 'not a regular file');
    else if (
      !(isManifestName(path.basename(real)) && walkedByName(path.dirname(real), realRoot)) &&
      !viaLinks.has(real)
    ) {
      viaLinks.add(real);
      yield { path: toFs(p), real: toFs(real) };
    }
  }
}

/**
 * Would discover(root) find `file`, by that name? For files that appear later (the editor's file
 * watcher, a closed document going back to its disk text): the same skipped directories, names and
 * symlink policy as the walk, without walking. (A second link to one target counts here too.)
 */
export function isDiscoverable(file: FsPath, root: string): boolean {
  const p = binOf(file),
    top = bin(path.resolve(root));
  if (!inside(p, top) || p === top || !isManifestName(path.basename(p))) return false;
  let realRoot: string, real: string;
  try {
    realRoot = fs.realpathSync(toFs(top), { encoding: 'latin1' });
    real = fs.realpathSync(toFs(p), { encoding: 'latin1' });
    if (!fs.statSync(toFs(p)).isFile()) return false;
  } catch {
    return false;
  }
  const rel = path.relative(top, p);
  if (real === path.join(realRoot, rel)) return walkedByName(real, realRoot);
  // Reached through a link: inside the root, and not walked under its own name.
  return inside(real, realRoot) && !(walkedByName(real, realRoot) && isManifestName(path.basename(real)));
}

/** A filter that passes each real path once: for several roots (workspace folders, CLI paths) that overlap. */
export function firstByRealPath(): (f: Found) => boolean {
  const seen = new Set<string>();
  return (f) => {
    const k = binOf(f.real);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  };
}
