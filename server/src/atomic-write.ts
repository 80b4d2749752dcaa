// Replacing a file so that it is either the old one or the new one, never a mix: write a temp
// file in the same folder, fsync it, give it the original's mode and owner, rename it over the
// original, fsync the folder. Any failure (ENOSPC, EACCES, a kill) leaves the original as it was.
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';

/** Seams for tests that cannot make a real disk full (non-root): the write call. */
export interface AtomicWriteHooks { writeSync?: (fd: number, data: Uint8Array, offset: number, length: number) => number }

/** Temp files are named after the file, dot-first and ending in .tmp, so no scan takes them for manifests. */
export const TEMP_SUFFIX = '.kube-ha.tmp';

function tempPath(file: string | Buffer): string | Buffer {
  const tag = `.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  if (typeof file === 'string') return path.join(path.dirname(file), `.${path.basename(file)}${tag}`);
  // A name that is not valid UTF-8: the same, on its bytes.
  const slash = file.lastIndexOf(0x2f);
  return Buffer.concat([file.subarray(0, slash + 1), Buffer.from('.'), file.subarray(slash + 1), Buffer.from(tag)]);
}

function dirOf(file: string | Buffer): string | Buffer {
  if (typeof file === 'string') return path.dirname(file);
  const slash = file.lastIndexOf(0x2f);
  return slash <= 0 ? Buffer.from(slash === 0 ? '/' : '.') : file.subarray(0, slash);
}

/** Atomically replace `file` (a real path, not a symlink: the link would be replaced) with `data`. */
export function writeFileAtomicSync(file: string | Buffer, data: Uint8Array, hooks: AtomicWriteHooks = {}): void {
  const st = fs.statSync(file);
  const tmp = tempPath(file);
  const write = hooks.writeSync ?? ((fd, d, off, len) => fs.writeSync(fd, d, off, len));
  let fd: number | null = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  try {
    for (let n = 0; n < data.length;) n += write(fd, data, n, data.length - n);
    // Owner first: chown clears set-id bits, chmod sets them back.
    if (typeof process.getuid === 'function' && (st.uid !== process.getuid() || st.gid !== process.getgid?.())) fs.fchownSync(fd, st.uid, st.gid);
    fs.fchmodSync(fd, st.mode & 0o7777);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== null) try { fs.closeSync(fd); } catch { /* already failing */ }
    try { fs.unlinkSync(tmp); } catch { /* not created, or gone */ }
    throw err;
  }
  // The rename is durable once the folder is synced; a folder that cannot be opened or synced
  // (some network file systems) still has the complete new file in place.
  try {
    const dfd = fs.openSync(dirOf(file), 'r');
    try { fs.fsyncSync(dfd); } finally { fs.closeSync(dfd); }
  } catch { /* see above */ }
}
