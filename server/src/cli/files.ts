// Which files `kube-ha lint` reads: the files named, and the manifests of the directories named
// as files/discovery.ts finds them (the editor's workspace scan is the same walk). Each real file
// once (by its real path), under the first name it was reached by.
import * as fs from 'fs';
import * as path from 'path';
import { escapeName } from '../utf8-bytes';
import type { FsPath } from '../read-file';
import { bin, binOf, discover, firstByRealPath, skipMessage, toFs, type Found } from '../files/discovery';
import { NOT_APPLIED, notApplied } from '../files/config';

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

function displayBin(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
  return escapeName(Buffer.from(shown, 'latin1'));
}

export function displayPath(abs: string, cwd: string): string {
  return displayBin(bin(abs), bin(cwd));
}

/**
 * Expand CLI paths into files. What is left out (skipped symlinks, FIFOs) and any .kube-ha.yaml met
 * that is not `applied` go to `say`; an unreadable directory is fatal.
 */
export async function collectFiles(
  args: string[],
  cwd: string,
  say: (msg: string) => void,
  applied: string | null = null,
): Promise<InputFile[]> {
  const out: InputFile[] = [];
  const first = firstByRealPath();
  const cwdBin = bin(cwd);
  const show = (p: FsPath) => displayBin(binOf(p), cwdBin);
  const add = (f: Found, special = false) => {
    if (first(f)) out.push({ display: show(f.path), abs: f.path, real: f.real, ...(special ? { special } : {}) });
  };
  const unapplied = notApplied(applied);
  for (const arg of args) {
    if (arg === '-') {
      out.push({ display: '<stdin>', abs: null, real: null });
      continue;
    }
    const abs = path.resolve(cwd, arg);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      throw new UsageError(
        `${escapeName(Buffer.from(arg))}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`}`,
      );
    }
    const real = toFs(fs.realpathSync(abs, { encoding: 'latin1' }));
    if (!st.isDirectory()) {
      add({ path: abs, real }, !st.isFile());
      continue;
    }
    let fatal: string | null = null;
    const found = discover(abs, {
      skipped: (s) => {
        if (s.reason === 'cannot read directory') fatal ??= skipMessage(s, show);
        else say(skipMessage(s, show));
      },
      config: (p) => {
        if (unapplied(p)) say(`${show(p)}: ${NOT_APPLIED}`);
      },
    });
    for await (const f of found) add(f);
    if (fatal) throw new UsageError(fatal);
  }
  return out;
}
