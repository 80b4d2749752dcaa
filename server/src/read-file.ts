// Reading a manifest from disk the same way in the server and the CLI: bounded while reading
// (a file over the size limit is never read whole, a stream or device is read to the limit plus
// one byte), only regular files unless a caller asks for a stream, invalid UTF-8 decoded with
// replacement and reported.
import * as fs from 'fs';
import * as net from 'net';
import type { Readable } from 'stream';
// From the engine's modules, not its index: the parse workers load this file without the rules.
import { decodeUtf8, invalidUtf8Finding, overLimitMessage, skippedFinding, type FileData } from './engine/parse';
import type { SourceFile } from './engine/types';
import type { WorkspaceIndex } from './engine/workspace';

/** What reading gives: the bytes, the size of a regular file over the limit, or why it is not read. */
export type ReadResult = Uint8Array | number | { skip: string };

/** A path as fs takes it: a Buffer for a name that is not valid UTF-8. */
export type FsPath = string | Buffer;

const CHUNK = 64 * 1024;

/** Reads from `fd` at `pos` (null: the current position) until EOF or more than maxBytes. */
function readUpTo(fd: number, maxBytes: number, sizeHint: number, positional: boolean): Buffer {
  let buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(sizeHint, 0) || CHUNK));
  let n = 0;
  for (;;) {
    if (n === buf.length) {
      if (n > maxBytes) break;
      const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2));
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
    const r = fs.readSync(fd, buf, n, buf.length - n, positional ? n : null);
    if (r === 0) break;
    n += r;
  }
  return n < buf.length ? buf.subarray(0, n) : buf;
}

function notRegular(st: fs.Stats): string {
  const what = st.isFIFO()
    ? 'a FIFO'
    : st.isSocket()
      ? 'a socket'
      : st.isCharacterDevice()
        ? 'a character device'
        : st.isBlockDevice()
          ? 'a block device'
          : st.isDirectory()
            ? 'a directory'
            : 'not a regular file';
  return `${what}, not a regular file: not analysed`;
}

/** A regular file's bytes (one open, one fstat, reads to EOF bounded by maxBytes + 1), its size
 *  when over the limit, or a skip for anything that is not a regular file. (The parse workers read
 *  every workspace file this way; stat + readFileSync resolved the path twice.) */
export function readForIndexSync(filePath: FsPath, maxBytes: number): ReadResult {
  // O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer; regular files ignore it.
  const fd = fs.openSync(filePath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { skip: notRegular(st) };
    if (st.size > maxBytes) return st.size;
    // A size of 0 may be a file whose size is not known ahead (procfs and the like); a file may
    // also grow while read: either way reading stops past the limit.
    return readUpTo(fd, maxBytes, st.size, true);
  } finally {
    fs.closeSync(fd);
  }
}

/** readForIndexSync, off the main thread's event loop for the server's fallback reads. */
export async function readForIndex(filePath: FsPath, maxBytes: number): Promise<ReadResult> {
  return readForIndexSync(filePath, maxBytes);
}

/** A stream's bytes, at most maxBytes + 1 of them (more than maxBytes: over the limit). */
export function readStreamBounded(stream: Readable, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    const done = () => {
      stream.off('data', onData);
      resolve(Buffer.concat(chunks, n));
    };
    const onData = (c: Buffer | string) => {
      const b = typeof c === 'string' ? Buffer.from(c) : c;
      const room = maxBytes + 1 - n;
      chunks.push(b.length > room ? b.subarray(0, room) : b);
      n += Math.min(b.length, room);
      if (n > maxBytes) {
        stream.off('end', done);
        stream.destroy();
        done();
      }
    };
    stream.on('data', onData);
    stream.once('end', done);
    stream.once('error', reject);
  });
}

/**
 * A file named on the command line, whatever it is: a regular file as readForIndexSync reads it;
 * a FIFO, socket or process substitution as a bounded stream (opened without waiting for a
 * writer); a device read to the limit plus one byte.
 */
export async function readNamedFile(filePath: FsPath, maxBytes: number): Promise<ReadResult> {
  const fd = fs.openSync(filePath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  let owned = true;
  try {
    const st = fs.fstatSync(fd);
    if (st.isFile()) return st.size > maxBytes ? st.size : readUpTo(fd, maxBytes, st.size, true);
    if (st.isFIFO() || st.isSocket()) {
      // What is there now, without waiting: a FIFO no writer has opened reads as empty (a poll
      // would wait for one forever). EAGAIN: a writer is there; wait for its data as a stream.
      const head = Buffer.allocUnsafe(maxBytes + 1 < CHUNK ? maxBytes + 1 : CHUNK);
      let n = 0;
      for (;;) {
        let r: number;
        try {
          r = fs.readSync(fd, head, n, head.length - n, null);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EAGAIN') break;
          throw err;
        }
        if (r === 0 || (n += r) > maxBytes) return head.subarray(0, n);
        if (n === head.length) break;
      }
      owned = false; // the socket closes it
      const sock = new net.Socket({ fd, readable: true, writable: false });
      const rest = await readStreamBounded(sock, maxBytes - n).finally(() => sock.destroy());
      return Buffer.concat([head.subarray(0, n), rest]);
    }
    if (st.isCharacterDevice() || st.isBlockDevice()) return readUpTo(fd, maxBytes, 0, false);
    return { skip: notRegular(st) };
  } finally {
    if (owned) fs.closeSync(fd);
  }
}

export function indexFileFromDiskSync(index: WorkspaceIndex, key: string, filePath: FsPath): SourceFile {
  return fromBytes(index, key, readForIndexSync(filePath, index.limits.maxBytes));
}

/** Index what was read (bytes; a regular file's size when over the limit; a reason it was not read). */
export function fromBytes(index: WorkspaceIndex, key: string, bytes: ReadResult): SourceFile {
  const max = index.limits.maxBytes;
  if (typeof bytes === 'number' || 'skip' in bytes || bytes.length > max) {
    const s = index.setFile(key, '');
    const message =
      typeof bytes === 'number'
        ? overLimitMessage(bytes, max)
        : 'skip' in bytes
          ? bytes.skip
          : `input is over the size limit of ${(max / (1024 * 1024)).toFixed(1)} MB (reading stopped there): not analysed`;
    s.parseFindings.push(skippedFinding(s, message));
    return s;
  }
  const { text, invalidAt } = decodeUtf8(bytes);
  const s = index.setFile(key, text);
  if (invalidAt !== null) s.parseFindings.push(invalidUtf8Finding(s, invalidAt));
  return s;
}

/** Index a file a parse worker read and parsed (parse-pool.ts): what fromBytes does, without parsing here. */
export function fromParsed(
  index: WorkspaceIndex,
  key: string,
  r: { text: string; invalidAt: number | null; data: FileData } | { overLimit: number } | { skip: string },
): SourceFile {
  if ('overLimit' in r) return fromBytes(index, key, r.overLimit);
  if ('skip' in r) return fromBytes(index, key, r);
  const s = index.setParsedFile(key, r.text, r.data);
  if (r.invalidAt !== null) s.parseFindings.push(invalidUtf8Finding(s, r.invalidAt));
  return s;
}
