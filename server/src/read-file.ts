// Reading a manifest from disk the same way in the server and the CLI: a file over the size limit
// is not read at all, invalid UTF-8 is decoded with replacement and reported.
import * as fs from 'fs';
// From the engine's modules, not its index: the parse workers load this file without the rules.
import { decodeUtf8, invalidUtf8Finding, overLimitMessage, skippedFinding, type FileData } from './engine/parse';
import type { SourceFile } from './engine/types';
import type { WorkspaceIndex } from './engine/workspace';

export async function indexFileFromDisk(index: WorkspaceIndex, key: string, filePath: string): Promise<SourceFile> {
  return fromBytes(index, key, await readForIndex(filePath, index.limits.maxBytes));
}

/** A file's bytes, or only its size when it is over the limit (so it is never read whole). */
export async function readForIndex(filePath: string, maxBytes: number): Promise<Uint8Array | number> {
  const st = await fs.promises.stat(filePath);
  return st.size > maxBytes ? st.size : fs.promises.readFile(filePath);
}

/** readForIndex, synchronously: one open, one fstat, reads into a buffer of that size. (The parse
 *  workers read every workspace file this way; stat + readFileSync resolved the path twice and
 *  stat'ed twice.) */
export function readForIndexSync(filePath: string, maxBytes: number): Uint8Array | number {
  const fd = fs.openSync(filePath, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size > maxBytes) return size;
    // A size of 0 may be a file whose size is not known ahead (procfs and the like): read to its end.
    if (size === 0) return fs.readFileSync(fd);
    const buf = Buffer.allocUnsafe(size);
    let n = 0;
    for (let r; n < size && (r = fs.readSync(fd, buf, n, size - n, n)) > 0;) n += r;
    return n < size ? buf.subarray(0, n) : buf;
  } finally {
    fs.closeSync(fd);
  }
}

export function indexFileFromDiskSync(index: WorkspaceIndex, key: string, filePath: string): SourceFile {
  return fromBytes(index, key, readForIndexSync(filePath, index.limits.maxBytes));
}

/** Index bytes (or, for a file over the limit, just its size). */
export function fromBytes(index: WorkspaceIndex, key: string, bytes: Uint8Array | number): SourceFile {
  if (typeof bytes === 'number') {
    const s = index.setFile(key, '');
    s.parseFindings.push(skippedFinding(s, overLimitMessage(bytes, index.limits.maxBytes)));
    return s;
  }
  const { text, invalidAt } = decodeUtf8(bytes);
  const s = index.setFile(key, text);
  if (invalidAt !== null) s.parseFindings.push(invalidUtf8Finding(s, invalidAt));
  return s;
}

/** Index a file a parse worker read and parsed (parse-pool.ts): what fromBytes does, without parsing here. */
export function fromParsed(index: WorkspaceIndex, key: string, r: { text: string; invalidAt: number | null; data: FileData } | { overLimit: number }): SourceFile {
  if ('overLimit' in r) return fromBytes(index, key, r.overLimit);
  const s = index.setParsedFile(key, r.text, r.data);
  if (r.invalidAt !== null) s.parseFindings.push(invalidUtf8Finding(s, r.invalidAt));
  return s;
}
