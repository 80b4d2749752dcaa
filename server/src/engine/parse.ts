// YAML text → Kubernetes objects with exact source ranges, using the `yaml` package.
//
// A file is cut into its documents at `---` lines (YAML forbids that marker at the start of a
// line inside content, so the cut is exact) and each document is parsed on its own. Re-parsing
// a file reuses every document whose text did not change — its parsed nodes, its value and its
// KObject (kept by identity) — so an edit costs one document. A reused document's nodes are moved
// to its new offset only when something reads them (`doc`): typing in one document of a big file
// does not walk the nodes of all the documents after it.
//
// The nodes are the bulk of a parsed file's memory and cannot cross threads, so they are optional:
// a file parsed in a worker (parseFileData → sourceFromData) or released (releaseDocuments) keeps
// its objects' values and position tables (positions.ts, for finding spans), and a document's nodes
// are parsed again from its text when something reads `doc`.
import type { Finding, KObject, Path, SourceFile } from './types';
import { spanOf } from './locate';
import { positionTable, tableSpan } from './positions';
import { runToEnd } from './steps';
import { parserFinding, SKIPPED_RULE } from './parse-findings';
import {
  contentSkipReason,
  DEFAULT_LIMITS,
  notAManifest,
  overLimitMessage,
  skipReason,
  TEMPLATE_MESSAGE,
  tooDeep,
  tooManyDocuments,
  type ParseLimits,
} from './parse-limits';
import { cuts, editedCuts, editedLineStarts, LineTable } from './cuts';
import {
  chunkFrom,
  deepChunk,
  DocEntry,
  parseChunk,
  parseChunkText,
  ParsedObject,
  type FileData,
  type ParsedChunk,
} from './chunks';

export { positionAt, rangeAt, skippedFinding, SKIPPED_RULE, SYNTAX_RULE } from './parse-findings';
export { DEFAULT_LIMITS, overLimitMessage, type ParseLimits } from './parse-limits';
export { decodeUtf8, invalidUtf8Finding } from './decode';
export { cuts, editedCuts } from './cuts';
export type { FileData } from './chunks';

/** A SourceFile as the parser makes it: with its chunks, which the next parse of the file reuses. */
class ParsedSource implements SourceFile {
  docs: SourceFile['docs'] = [];
  parseFindings: Finding[] = [];
  constructor(
    readonly file: string,
    readonly text: string,
    readonly lineCounter: LineTable,
    readonly chunks: readonly ParsedChunk[],
  ) {}
}

/**
 * Offsets [start, end) to underline for a path, as locate.ts spanOf() gives them, or null. From
 * the object's position table when it has one: its nodes need not be in memory.
 */
export function spanAt(obj: KObject, path: Path): { start: number; end: number } | null {
  if (obj instanceof ParsedObject) {
    const d = obj.chunk.docs[obj.i];
    if (d.positions) {
      const s = tableSpan(d.positions, obj.chunk.text, obj.item < 0 ? path : ['items', obj.item, ...path]);
      return s && { start: s.start + obj.chunk.start, end: s.end + obj.chunk.start };
    }
  }
  return spanOf(obj, path);
}

/**
 * Parse a file. With `previous` (the same file's last parse), documents whose text is unchanged
 * are reused, not re-parsed: the unchanged leading and trailing documents are found by comparing
 * text in place, others (moved ones) by their text.
 */
export function parseSource(
  file: string,
  text: string,
  previous?: SourceFile | null,
  limits: ParseLimits = DEFAULT_LIMITS,
): SourceFile {
  return runToEnd(parseSteps(file, text, previous, limits));
}

/**
 * parseSource in steps: it yields after each document it had to parse, so a caller can answer
 * other requests while a huge file is parsed. Once started it must be run to the end: reused
 * documents are moved in place.
 */
export function* parseSteps(
  file: string,
  text: string,
  previous?: SourceFile | null,
  limits: ParseLimits = DEFAULT_LIMITS,
): Generator<void, SourceFile> {
  // Chunks of a previous parse passed the content checks (a skipped file keeps none): with them,
  // only the changed middle is checked below, not the whole file on every keystroke.
  if (limits.chartTemplate?.(file) || (text.length <= limits.maxBytes && notAManifest(file, text)))
    return quietSource(file, text);
  const old = previous instanceof ParsedSource && previous.file === file ? previous.chunks : [];
  const skip =
    old.length > 0
      ? text.length > limits.maxBytes
        ? overLimitMessage(text.length, limits.maxBytes)
        : null
      : skipReason(text, limits);
  if (skip) return skippedSource(file, text, skip);
  const edited = old.length > 0 && previous ? editedCuts(text, previous.text, old) : null;
  const points = edited?.points ?? cuts(text);
  const many = tooManyDocuments(text, points, limits);
  if (many) return skippedSource(file, text, many);
  const n = points.length;
  const endOf = (i: number) => (i + 1 < n ? points[i + 1] : text.length);
  const chunks: (ParsedChunk | undefined)[] = new Array(n);
  // Unchanged prefix and suffix. A chunk editedCuts found in place at `verifiedAt` is the same
  // when it still starts there with its length; others are compared with the text. `slice() ===`
  // rather than startsWith(): V8 compares a slice with memcmp, startsWith() character by character.
  const same = (c: ParsedChunk, i: number, verifiedAt: number) =>
    c.text.length === endOf(i) - points[i] && (points[i] === verifiedAt || text.slice(points[i], endOf(i)) === c.text);
  const delta = previous ? text.length - previous.text.length : 0;
  let head = 0;
  while (head < n && head < old.length && same(old[head], head, head < (edited?.head ?? 0) ? old[head].start : -1)) {
    chunks[head] = old[head];
    head++;
  }
  let tail = 0;
  while (tail < n - head && tail < old.length - head) {
    const i = n - 1 - tail,
      c = old[old.length - 1 - tail];
    if (!same(c, i, tail < (edited?.tail ?? 0) ? c.start + delta : -1)) break;
    chunks[i] = c;
    tail++;
  }
  if (old.length > 0 && head + tail < n) {
    const middle = contentSkipReason(text.slice(points[head], endOf(n - 1 - tail)));
    if (middle) return skippedSource(file, text, middle);
  }
  // The middle: moved documents by text, the rest parsed.
  const moved = new Map<string, ParsedChunk[]>();
  for (let j = head; j < old.length - tail; j++) {
    const list = moved.get(old[j].text);
    if (list) list.push(old[j]);
    else moved.set(old[j].text, [old[j]]);
  }
  for (let i = 0; i < n; i++) {
    if (chunks[i]) continue;
    const start = points[i];
    const chunkText = text.slice(start, endOf(i));
    let chunk = moved.get(chunkText)?.shift();
    if (!chunk) {
      const deep = tooDeep(chunkText, limits);
      chunk = deep ? deepChunk(chunkText, start, deep) : parseChunk(chunkText, start, file, old.length > 0);
      yield;
    }
    chunks[i] = chunk;
  }
  if (chunks.some((c) => c!.template)) return skippedSource(file, text, TEMPLATE_MESSAGE);
  // Line starts: the unchanged head's and tail's are the previous parse's (the tail's moved by the
  // change in length); only the changed middle is scanned.
  const lineStarts =
    previous && old.length > 0 && previous.lineCounter.lineStarts.length > 0
      ? editedLineStarts(previous, text, points[head] ?? text.length, tail > 0 ? points[n - tail] : text.length)
      : undefined;
  return assemble(file, text, chunks as ParsedChunk[], points, lineStarts);
}

/** A file that is no manifest: under a chart's templates/ (the chart as a whole is what is
 *  rendered, or reported as not rendered, by the caller), or a JSON file holding no Kubernetes
 *  object (package.json, tsconfig.json). No objects and no finding. */
function quietSource(file: string, text: string): SourceFile {
  return new ParsedSource(file, text, new LineTable(text), []);
}

function skippedSource(file: string, text: string, reason: string): SourceFile {
  const source = new ParsedSource(file, text, new LineTable(text), []);
  source.parseFindings.push(parserFinding(source, SKIPPED_RULE, 0, 0, reason));
  return source;
}

/** The SourceFile of a text cut at `points` into `chunks` (their nodes move when read, see place()). */
function assemble(
  file: string,
  text: string,
  chunks: ParsedChunk[],
  points: number[],
  lineStarts?: readonly number[],
): SourceFile {
  const source = new ParsedSource(file, text, new LineTable(text, lineStarts), chunks);
  chunks.forEach((chunk, i) => {
    chunk.start = points[i];
    chunk.docs.forEach((d, j) => {
      // A List's items are entries of their own (their own ranges; `doc` is the whole document).
      const parts = d.items && d.items.length > 0 ? d.items : [{ object: d.object, start: d.start, end: d.end }];
      for (const part of parts) {
        if (part.object) {
          part.object.docIndex = source.docs.length;
          part.object.source = source;
          part.object.file = file;
        }
        source.docs.push(new DocEntry(chunk.start + part.start, chunk.start + part.end, part.object, chunk, j));
      }
    });
  });
  for (const chunk of chunks) {
    for (const p of chunk.problems)
      source.parseFindings.push(parserFinding(source, p.rule, chunk.start + p.start, chunk.start + p.end, p.message));
  }
  // Exact lengths: kept for the file's lifetime, and push() leaves room for ~16 more in each.
  source.docs = source.docs.slice();
  source.parseFindings = source.parseFindings.slice();
  return source;
}

/**
 * parseSource's work without the SourceFile, as plain data that can cross threads: what a worker
 * thread sends back for a file (see sourceFromData). No Documents: they are parsed again when read.
 */
export function parseFileData(text: string, limits: ParseLimits = DEFAULT_LIMITS, file = ''): FileData {
  if (limits.chartTemplate?.(file) || (text.length <= limits.maxBytes && notAManifest(file, text)))
    return { skip: null, chunks: [], quiet: true };
  const skip = skipReason(text, limits);
  if (skip) return { skip, chunks: [] };
  const points = cuts(text);
  const many = tooManyDocuments(text, points, limits);
  if (many) return { skip: many, chunks: [] };
  const chunks = points.map((start, i) => {
    const end = i + 1 < points.length ? points[i + 1] : text.length;
    const chunkText = text.slice(start, end);
    const deep = tooDeep(chunkText, limits);
    if (deep) return { start, end, problems: deepChunk(chunkText, start, deep).problems, docs: [] };
    const { data } = parseChunkText(chunkText, true);
    return { ...data, start, end };
  });
  if (chunks.some((c) => c.template)) return { skip: TEMPLATE_MESSAGE, chunks: [] };
  return { skip: null, chunks };
}

/** The SourceFile of a file parsed elsewhere (parseFileData): what parseSource gives, without Documents. */
export function sourceFromData(file: string, text: string, data: FileData): SourceFile {
  if (data.quiet) return quietSource(file, text);
  if (data.skip !== null) return skippedSource(file, text, data.skip);
  const chunks = data.chunks.map((c) => chunkFrom(text.slice(c.start, c.end), c.start, file, c, null));
  return assemble(
    file,
    text,
    chunks,
    data.chunks.map((c) => c.start),
  );
}

/**
 * Let go of a file's Documents (the `yaml` nodes) and line starts: its objects' values and
 * position tables stay, and a Document read later (fixes, hovers) is parsed again from its
 * document's text, line starts found again when read. For files
 * that are not being edited, the nodes are most of the memory the index would hold.
 */
export function releaseDocuments(source: SourceFile): void {
  if (!(source instanceof ParsedSource)) return;
  source.lineCounter.release();
  for (const chunk of source.chunks) {
    for (const d of chunk.docs) {
      if (!d.doc) continue;
      // Spans are found from the table once the nodes are gone (analysed documents only).
      if ((d.object || d.items) && !d.positions)
        d.positions = positionTable(d.doc.contents, chunk.text, chunk.placedAt);
      d.doc = null;
    }
  }
}

/** All Kubernetes objects of a parsed file. */
export function objectsOf(source: SourceFile): KObject[] {
  const out: KObject[] = [];
  for (const d of source.docs) if (d.object) out.push(d.object);
  return out;
}
