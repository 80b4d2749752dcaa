// `kube-ha lint --fix / --fix-dry-run`: every preferred fix of each file, written byte-exact and
// atomically. The fixes are computed on the decoded text; each applied edit is spliced into the
// file's bytes at the bytes its text came from, so everything outside the edits (other documents,
// comments, line ends, a BOM, bytes that are not valid UTF-8) stays byte-identical. After fixing,
// a file is indexed again from its new bytes: the report (and the exit status) is a lint of the
// files as they are after fixing, read-time findings included.
import { createTwoFilesPatch } from 'diff';
import {
  analyzeSource,
  applyEdits,
  fixAll,
  type Config,
  type FileEdit,
  type SourceFile,
  type WorkspaceIndex,
} from '../engine';
import { decodeUtf8, releaseDocuments } from '../engine/parse';
import { createWriter, type Writer } from '../write-thread';
import { fromBytes, readForIndexSync } from '../read-file';
import { byteSpans, isValidUtf8 } from '../utf8-bytes';
import { UsageError, type InputFile } from './files';
import type { CliIO } from './io';

export type Spliced = { bytes: Buffer } | { withheld: string };

/** Atomic writes under way at once while the next files are fixed: their fsyncs overlap. */
export const WRITES_IN_FLIGHT = 8;
/** From this many inputs on, the writes are made in a worker thread: below it, starting one costs
 *  more than it saves. */
const WRITE_THREAD_MIN_FILES = 32;

/**
 * Apply fixAll's rounds of edits (each on the text before it) to the bytes `text` was decoded
 * from; `fixed` is the text after the last round. Withheld when the result could not be
 * byte-exact: an edit would rewrite bytes that are not valid UTF-8 (or write U+FFFD into such a
 * file), or the spliced bytes do not decode to `fixed`.
 */
export function spliceFixes(bytes: Uint8Array, text: string, rounds: readonly FileEdit[][], fixed: string): Spliced {
  const strict = isValidUtf8(bytes);
  let cur = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let curText = text;
  for (const edits of rounds) {
    const ascending = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < ascending.length; i++)
      if (ascending[i].start < ascending[i - 1].end) return { withheld: 'its fixes overlap' };
    const spans = byteSpans(cur, ascending);
    if (!spans) return { withheld: 'a fix does not fall on whole characters' };
    if (!strict && (spans.some((s) => !s.valid) || ascending.some((e) => e.newText.includes('\uFFFD')))) {
      return {
        withheld: 'the file is not valid UTF-8 and a fix would rewrite the bytes that are not; save it as UTF-8',
      };
    }
    // Back to front (as applyEdits), so the byte offsets of the edits still to do stay put.
    let out = cur;
    for (let i = ascending.length - 1; i >= 0; i--) {
      out = Buffer.concat([
        out.subarray(0, spans[i].start),
        Buffer.from(ascending[i].newText, 'utf8'),
        out.subarray(spans[i].end),
      ]);
    }
    cur = out;
    curText = applyEdits(curText, edits);
  }
  if (curText !== fixed || decodeUtf8(cur).text !== fixed)
    return { withheld: 'its fixed bytes would not decode to the fixed text' };
  return { bytes: cur };
}

export interface FixOptions {
  index: WorkspaceIndex;
  config: Config;
  dryRun: boolean;
  /** --unsafe-fixes: apply unsafe fixes too (rules.md, Fix safety). */
  unsafe: boolean;
  io: CliIO;
  onInternalError: NonNullable<Parameters<typeof analyzeSource>[3]>['onInternalError'];
  /** The bytes of an input that cannot be read again (stdin, a FIFO). */
  kept: ReadonlyMap<number, Uint8Array>;
}

/** The bytes of file i as they are now, if they still decode to what was indexed. */
function currentBytes(f: InputFile, i: number, source: SourceFile, o: FixOptions): Uint8Array | string {
  const kept = o.kept.get(i);
  if (kept) return kept;
  let r;
  try {
    r = readForIndexSync(f.abs!, o.index.limits.maxBytes);
  } catch (err) {
    return `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if (!(r instanceof Uint8Array) || decodeUtf8(r).text !== source.text)
    return 'it changed while kube-ha was reading it';
  return r;
}

/** A write under way, and the line that reports it once it is done. */
interface PendingWrite {
  file: InputFile;
  done: Promise<unknown>;
  line: string;
}

/** Wait for the oldest writes until at most `keep` are under way; report each (in input order). */
async function settleWrites(pending: PendingWrite[], keep: number, o: FixOptions): Promise<void> {
  while (pending.length > keep) {
    const w = pending.shift()!;
    try {
      await w.done;
    } catch (err) {
      // The writes already under way finish (each file is whole, old or new) and are reported.
      const rest = await Promise.allSettled(pending.map((p) => p.done));
      rest.forEach((r, k) => {
        if (r.status === 'fulfilled') o.io.stderr(pending[k].line);
      });
      throw new UsageError(
        `${w.file.display}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the file is unchanged`,
      );
    }
    o.io.stderr(w.line);
  }
}

/** Fix every input in place (or print the diff), in input order; `sources[i]` becomes the file after fixing. */
export async function fixInputs(files: InputFile[], sources: SourceFile[], o: FixOptions): Promise<void> {
  if (!o.dryRun) {
    const fixed = files.find((f) => f.abs === null || f.special);
    if (fixed)
      throw new UsageError(
        `${fixed.display}: ${fixed.abs === null ? 'standard input' : 'not a regular file, it'} cannot be fixed in place; use --fix-dry-run`,
      );
  }
  const pending: PendingWrite[] = [];
  const writer = createWriter({ thread: !o.dryRun && files.length >= WRITE_THREAD_MIN_FILES });
  try {
    await fixEach(files, sources, o, pending, writer);
    await settleWrites(pending, 0, o);
  } finally {
    await writer.close();
  }
}

async function fixEach(
  files: InputFile[],
  sources: SourceFile[],
  o: FixOptions,
  pending: PendingWrite[],
  writer: Writer,
): Promise<void> {
  const { index, config, onInternalError } = o;
  for (let i = 0; i < sources.length; i++) {
    const before = sources[i];
    const f = files[i];
    // The first analysis is of the file as indexed (read-time findings kept when nothing is fixed);
    // each file is fixed against the others as they stand (already fixed ones included).
    const analyze = (text: string) => {
      const s =
        text === before.text && index.getFile(before.file) === before ? before : index.setFile(before.file, text);
      return { findings: analyzeSource(index, s, config, { onInternalError }), docs: s.docs };
    };
    const r = fixAll(before.text, analyze, before.file, undefined, { unsafe: o.unsafe });
    if (r.applied.length === 0) continue;
    const bytes = currentBytes(f, i, before, o);
    const spliced: Spliced =
      typeof bytes === 'string' ? { withheld: bytes } : spliceFixes(bytes, before.text, r.rounds, r.text);
    if ('withheld' in spliced) {
      o.io.stderr(`kube-ha: ${f.display}: fixes withheld: ${spliced.withheld}\n`);
      sources[i] =
        typeof bytes === 'string' ? index.setFile(before.file, before.text) : fromBytes(index, before.file, bytes);
      continue;
    }
    const line = `kube-ha: ${o.dryRun ? 'would fix' : 'fixed'} ${f.display}: ${r.applied.map((a) => a.title).join('; ')}\n`;
    // The last round indexed the fixed text; bytes that decode to it with nothing to report need no second parse.
    const now = index.getFile(before.file);
    sources[i] =
      now?.text === r.text && isValidUtf8(spliced.bytes) ? now : fromBytes(index, before.file, spliced.bytes);
    // Its yaml nodes are not needed again (the report reuses the findings): the heap stays that of a plain lint.
    releaseDocuments(sources[i]);
    if (o.dryRun) {
      o.io.stdout(createTwoFilesPatch(`a/${f.display}`, `b/${f.display}`, before.text, r.text, '', '', { context: 3 }));
      o.io.stderr(line);
      continue;
    }
    const done = writer.write(f.real!, spliced.bytes);
    done.catch(() => {
      /* reported in order by settleWrites */
    });
    pending.push({ file: f, done, line });
    // Let the writes under way take their next steps while this thread fixes the next file.
    await settleWrites(pending, WRITES_IN_FLIGHT - 1, o);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
