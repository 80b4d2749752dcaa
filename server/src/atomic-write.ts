// Replacing a file so that it is either the old one or the new one, never a mix: write a temp
// file in the same folder, fsync it, give it the original's mode and owner, rename it over the
// original, fsync the folder. Any failure (ENOSPC, EACCES, a kill) leaves the original as it was.
// Every step is an fs.promises call: the fsyncs wait in libuv's thread pool, not on the caller's
// thread, so several writes (and the caller's analysis) overlap.
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { promisify } from 'util';

/** Seams for tests that cannot make a real disk full (non-root): the write call; and the folder's
 *  fsync, shared by writes into one folder (createFolderSync). */
export interface AtomicWriteHooks {
  write?: (fd: number, data: Uint8Array, offset: number, length: number) => Promise<number>;
  syncFolder?: (dir: string | Buffer) => Promise<void>;
}

// The callback API, promisified: lighter on the calling thread than fs.promises' FileHandles.
const fsp = {
  stat: promisify(fs.stat),
  open: promisify(fs.open),
  write: promisify(fs.write),
  fchown: promisify(fs.fchown),
  fchmod: promisify(fs.fchmod),
  fsync: promisify(fs.fsync),
  close: promisify(fs.close),
  rename: promisify(fs.rename),
  unlink: promisify(fs.unlink),
};

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
export async function writeFileAtomic(
  file: string | Buffer,
  data: Uint8Array,
  hooks: AtomicWriteHooks = {},
): Promise<void> {
  const st = await fsp.stat(file);
  const tmp = tempPath(file);
  const write = hooks.write ?? (async (fd, d, off, len) => (await fsp.write(fd, d, off, len)).bytesWritten);
  const fd = await fsp.open(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  let open = true;
  try {
    for (let n = 0; n < data.length;) n += await write(fd, data, n, data.length - n);
    // Owner first: chown clears set-id bits, chmod sets them back.
    if (typeof process.getuid === 'function' && (st.uid !== process.getuid() || st.gid !== process.getgid?.()))
      await fsp.fchown(fd, st.uid, st.gid);
    await fsp.fchmod(fd, st.mode & 0o7777);
    await fsp.fsync(fd);
    open = false;
    await fsp.close(fd);
    await fsp.rename(tmp, file);
  } catch (err) {
    if (open)
      await fsp.close(fd).catch(() => {
        /* already failing */
      });
    await fsp.unlink(tmp).catch(() => {
      /* not created, or gone */
    });
    throw err;
  }
  await (hooks.syncFolder ?? fsyncFolder)(dirOf(file));
}

/** The rename is durable once the folder is synced; a folder that cannot be opened or synced
 *  (some network file systems) still has the complete new file in place. */
async function fsyncFolder(dir: string | Buffer): Promise<void> {
  try {
    const fd = await fsp.open(dir, 'r');
    try {
      await fsp.fsync(fd);
    } finally {
      await fsp.close(fd);
    }
  } catch {
    /* see above */
  }
}

/**
 * A folder fsync shared by many writes: each caller waits for a sync of its folder that starts
 * after it asked (so after its rename); callers that ask while one runs share the next one. A
 * folder's fsyncs are the slowest part of a write, and the writes of one folder wait on each other's.
 */
export function createFolderSync(
  sync: (dir: string | Buffer) => Promise<void> = fsyncFolder,
): (dir: string | Buffer) => Promise<void> {
  const folders = new Map<string, { running: Promise<void> | null; next: Promise<void> | null }>();
  const start = (s: { running: Promise<void> | null }, dir: string | Buffer) => {
    const p: Promise<void> = sync(dir).finally(() => {
      if (s.running === p) s.running = null;
    });
    return (s.running = p);
  };
  return (dir) => {
    const key = typeof dir === 'string' ? `s${dir}` : `b${dir.toString('hex')}`;
    let s = folders.get(key);
    if (!s) folders.set(key, (s = { running: null, next: null }));
    const f = s;
    if (f.next) return f.next;
    if (!f.running) return start(f, dir);
    // The one running may have started before this caller's rename: wait for it, then sync again.
    const again = () => {
      f.next = null;
      return start(f, dir);
    };
    return (f.next = f.running.then(again, again));
  };
}
