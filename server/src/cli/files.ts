// Which files `kube-ha lint` reads: the files named, directories recursively (*.yaml, *.yml),
// and never a symlink that leads out of the directory it was found in. Each real file once (by
// its real path), under the first name it was reached by. Names are bytes: paths are handled as
// latin1 strings (one character per byte) so a name that is not valid UTF-8 is read like any other.
import * as fs from 'fs';
import * as path from 'path';
import { escapeName, isValidUtf8 } from '../utf8-bytes';
import type { FsPath } from '../read-file';

export interface InputFile {
  /** As printed in findings: relative to the working directory when inside it, escaped (see escapeName). */
  display: string;
  /** What to open; null for stdin. */
  abs: FsPath | null;
  /** Its real path (symlinks resolved): where a fix is written. Null for stdin. */
  real: FsPath | null;
  /** Named on the command line and not a regular file (a FIFO, a device): read as a stream, never fixed in place. */
  special?: boolean;
}

export class UsageError extends Error {}

// Manifests: YAML, and JSON (rules.md, Files); a JSON file that is no Kubernetes object stays quiet.
const YAML_EXT = /\.(ya?ml|json)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);
// kube-ha's own config is YAML too, but not a manifest.
const CONFIG_NAMES = new Set(['.kube-ha.yaml', '.kube-ha.yml']);

/** A path's bytes as a latin1 string, and back to what fs takes. */
const bin = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
function toFs(b: string): FsPath {
  const buf = Buffer.from(b, 'latin1');
  return isValidUtf8(buf) ? buf.toString('utf8') : buf;
}

function displayBin(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
  return escapeName(Buffer.from(shown, 'latin1'));
}

export function displayPath(abs: string, cwd: string): string {
  return displayBin(bin(abs), bin(cwd));
}

interface Walk { cwd: string; out: InputFile[]; seen: Set<string>; skipped: (msg: string) => void }

function add(w: Walk, p: string, real: string, special = false) {
  if (w.seen.has(real)) return;
  w.seen.add(real);
  w.out.push({ display: displayBin(p, w.cwd), abs: toFs(p), real: toFs(real), ...(special ? { special } : {}) });
}

/** Expand CLI paths into files. Problems that are not fatal (skipped symlinks) go to `skipped`. */
export function collectFiles(args: string[], cwd: string, skipped: (msg: string) => void): InputFile[] {
  const w: Walk = { cwd: bin(cwd), out: [], seen: new Set(), skipped };
  for (const arg of args) {
    if (arg === '-') { w.out.push({ display: '<stdin>', abs: null, real: null }); continue; }
    const abs = path.resolve(cwd, arg);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      throw new UsageError(`${escapeName(Buffer.from(arg))}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`}`);
    }
    const real = fs.realpathSync(abs, { encoding: 'latin1' });
    if (st.isDirectory()) walk(w, bin(abs), real, real);
    else add(w, bin(abs), real, !st.isFile());
  }
  return w.out;
}

function walk(w: Walk, dir: string, realDir: string, realRoot: string) {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(toFs(dir), { withFileTypes: true, encoding: 'latin1' }) as unknown as fs.Dirent[];
  } catch (err) {
    throw new UsageError(`${displayBin(dir, w.cwd)}: cannot read directory (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  // In the order of the names as text (what a listing shows), not of their bytes.
  const text = new Map(entries.map((e) => [e, Buffer.from(e.name, 'latin1').toString('utf8')]));
  entries.sort((a, b) => text.get(a)!.localeCompare(text.get(b)!));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    const manifest = YAML_EXT.test(e.name) && !CONFIG_NAMES.has(e.name);
    if (e.isSymbolicLink()) {
      let real: string;
      try { real = fs.realpathSync(toFs(p), { encoding: 'latin1' }); } catch { w.skipped(`${displayBin(p, w.cwd)}: skipped, broken symlink`); continue; }
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        w.skipped(`${displayBin(p, w.cwd)}: skipped, symlink leads out of ${displayBin(realRoot, w.cwd)}`);
        continue;
      }
      let st: fs.Stats;
      try { st = fs.statSync(toFs(p)); } catch { continue; }
      if (st.isDirectory() || !manifest) continue; // a directory inside the tree is walked there
      if (st.isFile()) add(w, p, real);
      else w.skipped(`${displayBin(p, w.cwd)}: skipped, not a regular file`);
      continue;
    }
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(w, p, path.join(realDir, e.name), realRoot);
    } else if (manifest) {
      if (e.isFile()) add(w, p, path.join(realDir, e.name));
      else w.skipped(`${displayBin(p, w.cwd)}: skipped, not a regular file`);
    }
  }
}
