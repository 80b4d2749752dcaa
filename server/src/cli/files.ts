// Which files `kube-ha lint` reads: the files named, directories recursively (*.yaml, *.yml),
// and never a symlink that leads out of the directory it was found in.
import * as fs from 'fs';
import * as path from 'path';

export interface InputFile {
  /** As printed in findings: relative to the working directory when inside it. */
  display: string;
  abs: string | null; // null for stdin
}

export class UsageError extends Error {}

// Manifests: YAML, and JSON (rules.md, Files); a JSON file that is no Kubernetes object stays quiet.
const YAML_EXT = /\.(ya?ml|json)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);
// kube-ha's own config is YAML too, but not a manifest.
const CONFIG_NAMES = new Set(['.kube-ha.yaml', '.kube-ha.yml']);

export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
}

/** Expand CLI paths into files. Problems that are not fatal (skipped symlinks) go to `skipped`. */
export function collectFiles(args: string[], cwd: string, skipped: (msg: string) => void): InputFile[] {
  const out: InputFile[] = [];
  const seen = new Set<string>();
  for (const arg of args) {
    if (arg === '-') { out.push({ display: '<stdin>', abs: null }); continue; }
    const abs = path.resolve(cwd, arg);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      throw new UsageError(`${arg}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
    }
    if (st.isDirectory()) {
      walk(abs, fs.realpathSync(abs), cwd, out, seen, skipped);
    } else if (!seen.has(abs)) {
      seen.add(abs);
      out.push({ display: displayPath(abs, cwd), abs });
    }
  }
  return out;
}

function walk(dir: string, realRoot: string, cwd: string, out: InputFile[], seen: Set<string>, skipped: (msg: string) => void) {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new UsageError(`${displayPath(dir, cwd)}: cannot read directory (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink()) {
      let real: string;
      try { real = fs.realpathSync(p); } catch { skipped(`${displayPath(p, cwd)}: skipped, broken symlink`); continue; }
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        skipped(`${displayPath(p, cwd)}: skipped, symlink leads out of ${displayPath(realRoot, cwd)}`);
        continue;
      }
      let st: fs.Stats;
      try { st = fs.statSync(p); } catch { continue; }
      if (st.isDirectory()) continue; // the target is inside the tree and is walked there
      if (YAML_EXT.test(e.name) && !seen.has(real)) { seen.add(real); out.push({ display: displayPath(p, cwd), abs: p }); }
      continue;
    }
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(p, realRoot, cwd, out, seen, skipped);
    } else if (e.isFile() && YAML_EXT.test(e.name) && !CONFIG_NAMES.has(e.name) && !seen.has(p)) {
      seen.add(p);
      out.push({ display: displayPath(p, cwd), abs: p });
    }
  }
}
