// One document's text → its parsed nodes, plain value, KObject(s) and problems: a chunk (the text
// between two `---` cuts), kept while its text is unchanged. A kept chunk's nodes are moved to its
// new offset in the file only when something reads them (place()); a released chunk's (see
// parse.ts releaseDocuments) are parsed again from its text.
import { parseAllDocuments, isMap, type Document } from 'yaml';
import type { KObject, SourceFile } from './types';
import { positionTable, tableSpan, type PositionTable } from './positions';
import { shortMessage, SKIPPED_RULE, SYNTAX_RULE } from './parse-findings';
import { compactNodes, duplicateKeys, eachNode, listItems, shiftDoc } from './doc-nodes';
import { NOT_PLAIN, plainValue } from './plain-value';

/** Aliases allowed when materialising a document; more is treated as an alias bomb. */
const MAX_ALIAS_COUNT = 100;
/** Syntax errors reported per document; the rest are summarised. */
const MAX_ERRORS_PER_DOC = 5;

/** A document of a chunk, kept while the chunk's text is unchanged. */
export interface ChunkDoc {
  /** Its nodes, or null when released (see releaseDocuments): parsed again from the chunk's text when read. */
  doc: Document.Parsed | null;
  object: KObject | null;
  /** Its range in the chunk. */
  start: number;
  end: number;
  /** Where its nodes are (spans without the nodes); null for documents with aliases. */
  positions: PositionTable | null;
  /** A `List` (or `<Kind>List`) document: its items, each an object at its own range (rules.md, Files). */
  items: { object: KObject; start: number; end: number }[] | null;
}

/** What parsing one document's text gives, reusable while that text is unchanged. */
export interface ParsedChunk {
  text: string;
  /** Offset of the chunk in the file it was last placed in. */
  start: number;
  /** The offset its nodes' ranges are relative to (see place()). */
  placedAt: number;
  docs: ChunkDoc[];
  /** Parser problems, offsets relative to the chunk. */
  problems: Problem[];
  /** Template syntax stands where YAML structure is: the whole file is not analysed. */
  template?: boolean;
}

export interface Problem {
  rule: string;
  start: number;
  end: number;
  message: string;
}

/** A chunk parsed elsewhere (a worker thread): plain data, no nodes. */
export interface ChunkData {
  start: number;
  end: number;
  problems: Problem[];
  /** Per document: its range in the chunk, its plain value (undefined: not analysed) and positions. */
  docs: { start: number; end: number; value: unknown; positions: PositionTable | null }[];
  /** See ParsedChunk.template. */
  template?: boolean;
}

/** A file parsed elsewhere: its chunks, or why it is not parsed. */
export interface FileData {
  skip: string | null;
  chunks: ChunkData[];
  /** Not a manifest (see quietSource): not analysed, nothing reported. */
  quiet?: boolean;
}

/** A document of a SourceFile; its nodes are placed (or parsed again) when read. (A class: an
 *  object literal with a getter is created on a slow path, and a big file makes one per document
 *  per keystroke.) */
export class DocEntry {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly object: KObject | null,
    private readonly chunk: ParsedChunk,
    private readonly i: number,
  ) {}
  get doc(): Document.Parsed {
    return docOf(this.chunk, this.i);
  }
}

/** An object of a parsed document. Its nodes are read through `doc`; spanAt() finds spans from
 *  its position table without them. */
export class ParsedObject implements KObject {
  docIndex = -1;
  source = null as unknown as SourceFile; // set when the chunk is placed in a file
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
    readonly name: string,
    readonly namespace: string,
    public file: string,
    readonly value: any,
    readonly chunk: ParsedChunk,
    readonly i: number,
    /** Index in a List document's `items`, or -1 for a whole document. */
    readonly item = -1,
  ) {}
  get doc(): Document.Parsed {
    const doc = docOf(this.chunk, this.i);
    // A List item's paths start at the item: a view whose contents is the item's node (the
    // rules' paths, spans and edits read only `contents`).
    return this.item < 0
      ? doc
      : ({ contents: listItems(doc.contents)?.items[this.item] ?? null } as unknown as Document.Parsed);
  }
}

/** `kind: List` or `<Kind>List` (as `kubectl get -o yaml` writes) with an `items` sequence. */
function isListValue(v: Record<string, any>): boolean {
  return typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items);
}

// Duplicate keys are found by duplicateKeys() below: yaml's own check compares each key with every
// earlier one of its map (a 40,000-key ConfigMap took tens of seconds).
const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: false } as const;

/** A chunk's document `i`, placed at the chunk's offset; parsed again if it was released. */
function docOf(chunk: ParsedChunk, i: number): Document.Parsed {
  if (!chunk.docs[i].doc) {
    // The same text parses to the same documents: their count and ranges match the kept ones.
    const docs = parseAllDocuments(chunk.text, PARSE_OPTIONS) as unknown as Document.Parsed[];
    chunk.docs.forEach((d, j) => {
      d.doc = docs[j];
    });
    chunk.placedAt = 0;
  }
  place(chunk);
  return chunk.docs[i].doc!;
}

/** Move a chunk's nodes to its current offset, if they are not there yet. */
function place(chunk: ParsedChunk): void {
  if (chunk.placedAt === chunk.start) return;
  const delta = chunk.start - chunk.placedAt;
  for (const d of chunk.docs) if (d.doc) shiftDoc(d.doc, delta);
  chunk.placedAt = chunk.start;
}

/**
 * A flat copy of a string. A slice keeps the whole string it was cut from alive, and so do the
 * parsed scalars' source strings; a chunk parsed during editing and kept across later edits would
 * otherwise pin one old version of the file each.
 */
function detach(s: string): string {
  return s.length < 64 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** Parse one chunk's text: its documents, each with its plain value (undefined: not analysed).
 *  `positions`: make the position tables now (for data that leaves without its Documents); a
 *  chunk that keeps its Documents gets them when they are released. */
export function parseChunkText(text: string, positions: boolean): { docs: Document.Parsed[]; data: ChunkData } {
  const data: ChunkData = { start: 0, end: text.length, problems: [], docs: [] };
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, PARSE_OPTIONS) as unknown as Document.Parsed[];
  } catch (err) {
    data.problems.push({
      rule: SYNTAX_RULE,
      start: 0,
      end: Math.min(1, text.length),
      message: `cannot be parsed: ${err instanceof Error ? shortMessage(err.message) : String(err)}`,
    });
    return { docs: [], data };
  }
  // Template syntax is judged from the parsed structure (rules.md, Templates outside charts):
  // `{{` in a string value is content; where it stands as YAML structure the file is a template.
  if (text.includes('{{') && docs.some((d) => isTemplated(d, text))) {
    data.template = true;
    for (const doc of docs)
      data.docs.push({ start: doc.range[0], end: doc.range[2], value: undefined, positions: null });
    return { docs, data };
  }
  for (const doc of docs) {
    const entry: ChunkData['docs'][number] = {
      start: doc.range[0],
      end: doc.range[2],
      value: undefined,
      positions: null,
    };
    data.docs.push(entry);
    // The parser ran out of stack on nesting under the limits: a visible skip, not a syntax error.
    if (doc.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) {
      data.problems.push({
        rule: SKIPPED_RULE,
        start: doc.range[0],
        end: doc.range[0],
        message: 'nesting too deep for the YAML parser: document not analysed',
      });
      continue;
    }
    const dups = duplicateKeys(doc);
    if (dups.length) doc.errors.push(...dups);
    if (doc.errors.length > 0) {
      const seen = new Set<string>();
      let shown = 0;
      for (const err of doc.errors) {
        const message =
          err.code === 'DUPLICATE_KEY'
            ? duplicateKeyMessage(shortMessage(err.message), text, err.pos[0])
            : shortMessage(err.message);
        if (seen.has(message)) continue; // one stack overflow is reported once, not per level
        seen.add(message);
        if (shown++ === MAX_ERRORS_PER_DOC) {
          data.problems.push({
            rule: SYNTAX_RULE,
            start: err.pos[0],
            end: err.pos[0] + 1,
            message: `more YAML errors in this document (${doc.errors.length} in all)`,
          });
          break;
        }
        const [s, e] = err.pos; // relative to the chunk, like problems
        data.problems.push({ rule: SYNTAX_RULE, start: s, end: Math.max(e, s + 1), message });
      }
      continue; // a broken document is not analysed; the file's other documents are
    }
    if (!isMap(doc.contents)) continue;
    try {
      const plain = plainValue(doc.contents, 0);
      entry.value = plain !== NOT_PLAIN ? plain : doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const s = doc.contents.range?.[0] ?? 0;
      data.problems.push({
        rule: SYNTAX_RULE,
        start: s,
        end: s + 1,
        message: `document not analysed: ${err instanceof Error ? shortMessage(err.message) : 'cannot be read'}`,
      });
      continue;
    }
    if (positions) entry.positions = positionTable(doc.contents, text);
  }
  return { docs, data };
}

/**
 * Does template syntax stand where YAML structure is? A `{{ … }}` outside quotes parses as a
 * flow map starting `{{` (a map used as a key: no Kubernetes object has one) or breaks the parse
 * on its line (`{{- if … }}` between keys). Quoted and block scalars holding `{{` are content.
 */
function isTemplated(doc: Document.Parsed, text: string): boolean {
  for (const err of doc.errors) if (lineHas(text, err.pos[0], '{{')) return true;
  let found = false;
  eachNode(doc.contents, (n) => {
    if (!found && n.range && isMap(n) && n.flow && text.startsWith('{{', n.range[0])) found = true;
  });
  return found;
}

/** Does the line holding offset `at` contain `needle`? */
function lineHas(text: string, at: number, needle: string): boolean {
  const start = text.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
  const nl = text.indexOf('\n', at);
  const i = text.indexOf(needle, start);
  return i >= 0 && (nl < 0 || i < nl);
}

/** Key text at a duplicate key's offset: one pass over that key, so a file full of duplicates
 *  stays linear. */
const KEY_AT = /"((?:[^"\\\n]|\\.)*)"|'((?:[^'\n]|'')*)'|([^\n,{}[\]]*?)(?=[ \t]*:(?:[ \t]|$)|[ \t]*$)/my;

function duplicateKeyMessage(message: string, text: string, at: number): string {
  KEY_AT.lastIndex = at;
  const m = KEY_AT.exec(text);
  const key = m ? (m[1] ?? m[2]?.replace(/''/g, "'") ?? m[3]?.trim() ?? '') : '';
  return key ? `${message}: "${key}" is defined twice (the last one wins)` : message;
}

/** A chunk from its parsed data; `docs`: its Documents, when they are at hand (else read on demand). */
export function chunkFrom(
  text: string,
  start: number,
  file: string,
  data: ChunkData,
  docs: Document.Parsed[] | null,
): ParsedChunk {
  // Lists of exact length (kept while the text is unchanged): push() leaves room for more.
  const chunk: ParsedChunk = {
    text,
    start,
    placedAt: 0,
    docs: new Array<ChunkDoc>(data.docs.length),
    problems: data.problems.slice(),
    template: data.template,
  };
  data.docs.forEach((d, i) => {
    const entry: ChunkDoc = {
      doc: docs ? docs[i] : null,
      object: null,
      start: d.start,
      end: d.end,
      positions: d.positions,
      items: null,
    };
    if (entry.doc) compactNodes(entry.doc);
    chunk.docs[i] = entry;
    if (d.value === undefined || data.template) return;
    const v = d.value as Record<string, any>;
    if (v && typeof v === 'object' && !Array.isArray(v) && isListValue(v))
      entry.items = listObjects(file, v.items, chunk, i, entry, text);
    else entry.object = toObject(file, d.value, chunk, i);
  });
  return chunk;
}

/** The objects of a List document's items, each with its range in the chunk: from the item's
 *  first key to the next item (or the document's end). */
function listObjects(
  file: string,
  items: unknown[],
  chunk: ParsedChunk,
  i: number,
  entry: ChunkDoc,
  text: string,
): ChunkDoc['items'] {
  const nodes = entry.doc ? listItems(entry.doc.contents) : null;
  const starts = items.map((_, k) => {
    const r = nodes ? (nodes.items[k] as { range?: number[] } | undefined)?.range : null;
    if (r) return r[0];
    return entry.positions ? (tableSpan(entry.positions, text, ['items', k])?.start ?? -1) : -1;
  });
  const out: NonNullable<ChunkDoc['items']> = [];
  items.forEach((item, k) => {
    if (starts[k] < 0) return;
    const object = toObject(file, item, chunk, i, k);
    const next = starts.slice(k + 1).find((x) => x >= 0);
    if (object) out.push({ object, start: starts[k], end: next ?? entry.end });
  });
  return out;
}

/** Parse one chunk. `ownCopy`: parse a flat copy (see detach); a first parse of a file needs none,
 *  its chunks pin only the text the file holds anyway. */
export function parseChunk(slice: string, start: number, file: string, ownCopy: boolean): ParsedChunk {
  const text = ownCopy ? detach(slice) : slice;
  const { docs, data } = parseChunkText(text, false);
  // Nodes come out of the parser relative to the chunk: placed at 0 until first read.
  return chunkFrom(text, start, file, data, docs);
}

function toObject(file: string, value: unknown, chunk: ParsedChunk, i: number, item = -1): KObject | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, any>;
  if (typeof v.apiVersion !== 'string' || typeof v.kind !== 'string') return null;
  // A document with a `$patch` directive is a fragment (rules.md, Terms): half of an object.
  if (chunk.text.includes('$patch') && hasPatchDirective(v)) return null;
  const meta = v.metadata && typeof v.metadata === 'object' ? v.metadata : {};
  return new ParsedObject(
    v.apiVersion,
    v.kind,
    typeof meta.name === 'string' ? meta.name : typeof meta.name === 'number' ? String(meta.name) : '',
    typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default',
    file,
    v,
    chunk,
    i,
    item,
  );
}

function hasPatchDirective(v: unknown, depth = 0): boolean {
  if (!v || typeof v !== 'object' || depth > 100) return false;
  if (Array.isArray(v)) return v.some((x) => hasPatchDirective(x, depth + 1));
  return (
    Object.prototype.hasOwnProperty.call(v, '$patch') || Object.values(v).some((x) => hasPatchDirective(x, depth + 1))
  );
}

export function deepChunk(text: string, start: number, message: string): ParsedChunk {
  return { text, start, placedAt: start, docs: [], problems: [{ rule: SKIPPED_RULE, start: 0, end: 0, message }] };
}
