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
import { LineCounter, parseAllDocuments, isMap, isPair, isScalar, YAMLMap, YAMLParseError, YAMLSeq, type Document } from 'yaml';
import type { Finding, KObject, Path, Position, Range, SourceFile } from './types';
import { spanOf } from './locate';
import { positionTable, tableSpan, type PositionTable } from './positions';
import { ANALYSIS_SKIPPED, parserSeverity, YAML_SYNTAX } from './rules/parser';

/** Aliases allowed when materialising a document; more is treated as an alias bomb. */
const MAX_ALIAS_COUNT = 100;
/** Syntax errors reported per document; the rest are summarised. */
const MAX_ERRORS_PER_DOC = 5;

export interface ParseLimits {
  /** Files larger than this are reported, not analysed. */
  maxBytes: number;
  /** Deeper flow nesting or indentation is reported, not parsed (the parser recurses). */
  maxDepth: number;
  /** Is this file (as the index names it) under a Helm chart's `templates/`? The caller knows the
   *  file system; such a file is never analysed as YAML (rules.md, Rendered sources). */
  chartTemplate?: (file: string) => boolean;
  /** Files of more documents are reported, not parsed: an empty document costs ~1.6 KB parsed, 4
   *  bytes (`---\n`) of text, so a file of them would take 400× its size in memory. */
  maxDocuments?: number;
}
export const DEFAULT_LIMITS: ParseLimits = { maxBytes: 10 * 1024 * 1024, maxDepth: 1000, maxDocuments: 10_000 };

export const SKIPPED_RULE = ANALYSIS_SKIPPED.id;
const TEMPLATE_MESSAGE = 'templated YAML (Helm/Go template `{{ … }}`): not analysed; lint the rendered manifests (helm template … | kube-ha lint -)';
export const SYNTAX_RULE = YAML_SYNTAX.id;

export function positionAt(lc: LineCounter, offset: number): Position {
  const { line, col } = lc.linePos(offset);
  // linePos is 1-based; line 0 means "before the first newline was seen" (empty counter).
  return { line: Math.max(0, line - 1), character: Math.max(0, col - 1) };
}

export function rangeAt(lc: LineCounter, start: number, end: number): Range {
  return { start: positionAt(lc, start), end: positionAt(lc, end) };
}

function parserFinding(source: { file: string; lineCounter: LineCounter }, rule: string, start: number, end: number, message: string): Finding {
  return {
    rule,
    severity: parserSeverity(rule),
    message,
    file: source.file,
    range: rangeAt(source.lineCounter, start, end),
    offset: { start, end },
    related: [],
    fixes: [],
  };
}

export function syntaxFinding(source: { file: string; lineCounter: LineCounter }, start: number, end: number, message: string): Finding {
  return parserFinding(source, SYNTAX_RULE, start, end, message);
}

/** First line of a yaml error message; the rest is a code excerpt the editor already shows. */
function shortMessage(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

// ---- one document ----------------------------------------------------------------------------

/** A document of a chunk, kept while the chunk's text is unchanged. */
interface ChunkDoc {
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
interface ParsedChunk {
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

interface Problem { rule: string; start: number; end: number; message: string }

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

const chunksOf = new WeakMap<SourceFile, ParsedChunk[]>();

/** A document of a SourceFile; its nodes are placed (or parsed again) when read. (A class: an
 *  object literal with a getter is created on a slow path, and a big file makes one per document
 *  per keystroke.) */
class DocEntry {
  constructor(readonly start: number, readonly end: number, readonly object: KObject | null, private readonly chunk: ParsedChunk, private readonly i: number) {}
  get doc(): Document.Parsed {
    return docOf(this.chunk, this.i);
  }
}

/** An object of a parsed document. Its nodes are read through `doc`; spanAt() finds spans from
 *  its position table without them. */
class ParsedObject implements KObject {
  docIndex = -1;
  source = null as unknown as SourceFile; // set when the chunk is placed in a file
  constructor(
    readonly apiVersion: string, readonly kind: string, readonly name: string, readonly namespace: string,
    public file: string, readonly value: any, readonly chunk: ParsedChunk, readonly i: number,
    /** Index in a List document's `items`, or -1 for a whole document. */
    readonly item = -1,
  ) {}
  get doc(): Document.Parsed {
    const doc = docOf(this.chunk, this.i);
    // A List item's paths start at the item: a view whose contents is the item's node (the
    // rules' paths, spans and edits read only `contents`).
    return this.item < 0 ? doc : ({ contents: listItems(doc.contents)?.items[this.item] ?? null } as unknown as Document.Parsed);
  }
}

/** The `items` sequence node of a List document, if it has one. */
function listItems(contents: unknown): YAMLSeq | null {
  if (!isMap(contents)) return null;
  const items = contents.get('items', true);
  return items instanceof YAMLSeq ? items : null;
}

/** `kind: List` or `<Kind>List` (as `kubectl get -o yaml` writes) with an `items` sequence. */
function isListValue(v: Record<string, any>): boolean {
  return typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items);
}

// Duplicate keys are found by duplicateKeys() below: yaml's own check compares each key with every
// earlier one of its map (a 40,000-key ConfigMap took tens of seconds).
const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: false } as const;

/**
 * Duplicate keys of every map of a document, as yaml's uniqueKeys check reports them (scalar keys
 * with the same value, at the key's start), in linear time: one Set of key values per map. An
 * explicit stack, not recursion: the document passed the nesting checks but a walk costs frames.
 */
function duplicateKeys(doc: Document.Parsed): YAMLParseError[] {
  const out: YAMLParseError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object' || !('items' in node) || !Array.isArray((node as YAMLMap).items)) continue;
    const items = (node as YAMLMap).items as unknown[];
    const seen = node instanceof YAMLMap ? new Set<unknown>() : null;
    for (const item of items) {
      if (isPair(item)) {
        if (seen && isScalar(item.key) && !Number.isNaN(item.key.value)) {
          const k = item.key.value;
          if (seen.has(k)) {
            const at = item.key.range?.[0] ?? 0;
            out.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          } else seen.add(k);
        }
        stack.push(item.key, item.value);
      } else stack.push(item);
    }
  }
  // The stack walks the document back to front; report in document order, as yaml did.
  return out.sort((a, b) => a.pos[0] - b.pos[0]);
}

/** A chunk's document `i`, placed at the chunk's offset; parsed again if it was released. */
function docOf(chunk: ParsedChunk, i: number): Document.Parsed {
  if (!chunk.docs[i].doc) {
    // The same text parses to the same documents: their count and ranges match the kept ones.
    const docs = parseAllDocuments(chunk.text, PARSE_OPTIONS) as unknown as Document.Parsed[];
    chunk.docs.forEach((d, j) => { d.doc = docs[j]; });
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

function shiftDoc(doc: Document.Parsed, delta: number) {
  if (delta === 0) return;
  const r = doc.range as number[];
  r[0] += delta; r[1] += delta; r[2] += delta;
  eachNode(doc.contents, (n) => {
    if (n.range) { n.range[0] += delta; n.range[1] += delta; n.range[2] += delta; }
  });
}

type NodeLike = { range?: number[] | null; items?: unknown[] };

/** Visit a node tree, parents first (a plain walk: yaml's visit() allocates a path per node). */
function eachNode(node: unknown, visit: (n: NodeLike) => void, depth = 0): void {
  if (!node || typeof node !== 'object' || depth > 10_000) return;
  const n = node as NodeLike;
  visit(n);
  if (!Array.isArray(n.items)) return;
  for (const item of n.items) {
    if (isPair(item)) { eachNode(item.key, visit, depth + 1); eachNode(item.value, visit, depth + 1); }
    else eachNode(item, visit, depth + 1);
  }
}

/**
 * Give every collection's item list exactly its length. The parser grows them by push(), which
 * leaves room for ~16 more items in each; over a 10,000-file workspace that spare room is ≈ 25 MB
 * (measured with a heap snapshot: ~6 % of the index).
 */
function compactNodes(doc: Document.Parsed): void {
  eachNode(doc.contents, (n) => {
    if (Array.isArray(n.items)) n.items = n.items.slice();
  });
}

/**
 * A flat copy of a string. A slice keeps the whole string it was cut from alive, and so do the
 * parsed scalars' source strings; a chunk parsed during editing and kept across later edits would
 * otherwise pin one old version of the file each.
 */
function detach(s: string): string {
  return s.length < 64 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

const NOT_PLAIN = Symbol('not plain');

/**
 * What `doc.toJS()` gives for a node, for the plain YAML manifests are written in — maps with
 * scalar keys, sequences, scalars with JS primitive values, no anchors, aliases, merge keys or
 * tagged collections — in one walk without toJS's per-pair context; NOT_PLAIN for anything else,
 * which then goes to toJS. (toJS was ~5 % of a parse worker's time over the 10,000-file bench;
 * parse.test.ts checks this gives toJS's answer, key order and all, over edge cases, the fuzz
 * corpus's seeds — rule fixtures, examples, generated manifests — and fuzzed inputs.)
 */
function plainValue(node: unknown, depth: number): unknown {
  if (node === null || node === undefined) return null;
  if (depth > 10_000) return NOT_PLAIN;
  if (isScalar(node)) {
    if (node.anchor) return NOT_PLAIN;
    const v = node.value;
    // A custom tag's value (an object), or a bigint toJS would convert: toJS decides.
    return v === null || (typeof v !== 'object' && typeof v !== 'bigint' && typeof v !== 'function' && typeof v !== 'symbol') ? v : NOT_PLAIN;
  }
  if (node instanceof YAMLMap) {
    if (node.constructor !== YAMLMap || node.tag || node.anchor) return NOT_PLAIN;
    const out: Record<string, unknown> = {};
    for (const pair of node.items as unknown[]) {
      if (!isPair(pair) || !isScalar(pair.key) || pair.key.anchor) return NOT_PLAIN;
      const k = pair.key.value;
      if (k === '<<') return NOT_PLAIN; // a merge key, when the schema has them
      let key: string;
      if (k === null) key = '';
      else if (typeof k === 'string' || typeof k === 'number' || typeof k === 'boolean') key = String(k);
      else return NOT_PLAIN;
      const value = plainValue(pair.value, depth + 1);
      if (value === NOT_PLAIN) return NOT_PLAIN;
      // As toJS sets it: an own property even where the prototype has one.
      if (key === '__proto__') Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
      else out[key] = value;
    }
    return out;
  }
  if (node instanceof YAMLSeq) {
    if (node.constructor !== YAMLSeq || node.tag || node.anchor) return NOT_PLAIN;
    const out: unknown[] = [];
    for (const item of node.items as unknown[]) {
      if (isPair(item)) return NOT_PLAIN;
      const value = plainValue(item, depth + 1);
      if (value === NOT_PLAIN) return NOT_PLAIN;
      out.push(value);
    }
    return out;
  }
  return NOT_PLAIN;
}

/** Parse one chunk's text: its documents, each with its plain value (undefined: not analysed).
 *  `positions`: make the position tables now (for data that leaves without its Documents); a
 *  chunk that keeps its Documents gets them when they are released. */
function parseChunkText(text: string, positions: boolean): { docs: Document.Parsed[]; data: ChunkData } {
  const data: ChunkData = { start: 0, end: text.length, problems: [], docs: [] };
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, PARSE_OPTIONS) as unknown as Document.Parsed[];
  } catch (err) {
    data.problems.push({ rule: SYNTAX_RULE, start: 0, end: Math.min(1, text.length), message: `cannot be parsed: ${err instanceof Error ? shortMessage(err.message) : String(err)}` });
    return { docs: [], data };
  }
  // Template syntax is judged from the parsed structure (rules.md, Templates outside charts):
  // `{{` in a string value is content; where it stands as YAML structure the file is a template.
  if (text.includes('{{') && docs.some((d) => isTemplated(d, text))) {
    data.template = true;
    for (const doc of docs) data.docs.push({ start: doc.range[0], end: doc.range[2], value: undefined, positions: null });
    return { docs, data };
  }
  for (const doc of docs) {
    const entry: ChunkData['docs'][number] = { start: doc.range[0], end: doc.range[2], value: undefined, positions: null };
    data.docs.push(entry);
    // The parser ran out of stack on nesting under the limits: a visible skip, not a syntax error.
    if (doc.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) {
      data.problems.push({ rule: SKIPPED_RULE, start: doc.range[0], end: doc.range[0], message: 'nesting too deep for the YAML parser: document not analysed' });
      continue;
    }
    const dups = duplicateKeys(doc);
    if (dups.length) doc.errors.push(...dups);
    if (doc.errors.length > 0) {
      const seen = new Set<string>();
      let shown = 0;
      for (const err of doc.errors) {
        const message = err.code === 'DUPLICATE_KEY' ? duplicateKeyMessage(shortMessage(err.message), text, err.pos[0]) : shortMessage(err.message);
        if (seen.has(message)) continue; // one stack overflow is reported once, not per level
        seen.add(message);
        if (shown++ === MAX_ERRORS_PER_DOC) {
          data.problems.push({ rule: SYNTAX_RULE, start: err.pos[0], end: err.pos[0] + 1, message: `more YAML errors in this document (${doc.errors.length} in all)` });
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
      data.problems.push({ rule: SYNTAX_RULE, start: s, end: s + 1, message: `document not analysed: ${err instanceof Error ? shortMessage(err.message) : 'cannot be read'}` });
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
function chunkFrom(text: string, start: number, file: string, data: ChunkData, docs: Document.Parsed[] | null): ParsedChunk {
  const chunk: ParsedChunk = { text, start, placedAt: 0, docs: [], problems: data.problems, template: data.template };
  data.docs.forEach((d, i) => {
    const entry: ChunkDoc = { doc: docs ? docs[i] : null, object: null, start: d.start, end: d.end, positions: d.positions, items: null };
    if (entry.doc) compactNodes(entry.doc);
    chunk.docs.push(entry);
    if (d.value === undefined || data.template) return;
    const v = d.value as Record<string, any>;
    if (v && typeof v === 'object' && !Array.isArray(v) && isListValue(v)) entry.items = listObjects(file, v.items, chunk, i, entry, text);
    else entry.object = toObject(file, d.value, chunk, i);
  });
  return chunk;
}

/** The objects of a List document's items, each with its range in the chunk: from the item's
 *  first key to the next item (or the document's end). */
function listObjects(file: string, items: unknown[], chunk: ParsedChunk, i: number, entry: ChunkDoc, text: string): ChunkDoc['items'] {
  const nodes = entry.doc ? listItems(entry.doc.contents) : null;
  const starts = items.map((_, k) => {
    const r = nodes ? (nodes.items[k] as { range?: number[] } | undefined)?.range : null;
    if (r) return r[0];
    return entry.positions ? tableSpan(entry.positions, text, ['items', k])?.start ?? -1 : -1;
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
function parseChunk(slice: string, start: number, file: string, ownCopy: boolean): ParsedChunk {
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
    v.apiVersion, v.kind,
    typeof meta.name === 'string' ? meta.name : typeof meta.name === 'number' ? String(meta.name) : '',
    typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default',
    file, v, chunk, i, item,
  );
}

function hasPatchDirective(v: unknown, depth = 0): boolean {
  if (!v || typeof v !== 'object' || depth > 100) return false;
  if (Array.isArray(v)) return v.some((x) => hasPatchDirective(x, depth + 1));
  return Object.prototype.hasOwnProperty.call(v, '$patch') || Object.values(v).some((x) => hasPatchDirective(x, depth + 1));
}

// ---- a file --------------------------------------------------------------------------------

/**
 * Does a line start with `prefix` (for `...`: followed by white space or the end), as the regex
 * /^prefix/m would say — any JS line terminator starts a line. With indexOf rather than that
 * regex: this runs over the whole file on every keystroke.
 */
function hasLineStarting(text: string, prefix: string, spaceAfter: boolean, from = 0, to = text.length): boolean {
  // The prefix is rare, newlines are not: find the prefix, then look at the character before it.
  for (let i = text.indexOf(prefix, from); i >= 0 && i <= to; i = text.indexOf(prefix, i + 1)) {
    const before = i === 0 ? 10 : text.charCodeAt(i - 1);
    if (before !== 10 && before !== 13 && before !== 0x2028 && before !== 0x2029) continue;
    if (!spaceAfter || i + prefix.length >= text.length || /\s/.test(text[i + prefix.length])) return true;
  }
  return false;
}

/** Cut points: each `---` line starts a new chunk. Directives (`%`) or `...` lines: no cuts. */
export function cuts(text: string): number[] {
  const out = [0];
  if (hasLineStarting(text, '%', false) || hasLineStarting(text, '...', true)) return out;
  pushCuts(text, 0, text.length, out);
  return out;
}

/** Push the cut points p with from <= p <= to (p > 0) onto out. */
function pushCuts(text: string, from: number, to: number, out: number[]): void {
  for (let i = text.indexOf('\n---', Math.max(0, from - 1)); i >= 0 && i + 1 <= to; i = text.indexOf('\n---', i + 4)) {
    const c = text.charCodeAt(i + 4);
    if (Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13) out.push(i + 1);
  }
}

/**
 * cuts(text) for an edit of `before`, whose chunks were `old`, scanning only what changed: each
 * of these scans costs a pass over the whole file on every keystroke otherwise. Whether a position
 * is a cut, a directive or a document end depends on the characters from the one before it to
 * the one after the marker, so positions whose characters all lie in the unchanged leading or
 * trailing chunks keep their old answer: no directive or document end (the old text had cuts),
 * and a cut exactly where an old chunk started. Null when the old chunks cannot say.
 * `head` and `tail`: how many leading and trailing old chunks it found unchanged in place (the
 * trailing ones at their old start moved by the change in length), so parseSteps need not
 * compare them with the text again.
 */
export function editedCuts(text: string, before: string, old: readonly { start: number; text: string }[]): { points: number[]; head: number; tail: number } | null {
  const n = old.length;
  if (n < 2 || old[0].start !== 0) return null;
  for (let i = 1; i < n; i++) if (old[i].start !== old[i - 1].start + old[i - 1].text.length) return null;
  if (old[n - 1].start + old[n - 1].text.length !== before.length) return null;
  const delta = text.length - before.length;
  const inPlace = (c: { text: string }, at: number) => at >= 0 && at + c.text.length <= text.length && text.slice(at, at + c.text.length) === c.text;
  // At least one old chunk stays in the middle: the last chunk's extent depends on what follows it.
  let head = 0;
  while (head < n - 1 && inPlace(old[head], old[head].start)) head++;
  const from = old[head].start;
  let tail = 0;
  while (tail < n - 1 - head && old[n - 1 - tail].start + delta >= from && inPlace(old[n - 1 - tail], old[n - 1 - tail].start + delta)) tail++;
  const to = tail > 0 ? old[n - tail].start + delta : text.length;
  // A marker found at or after `from` is enough: the leading chunks end in a line break.
  if (hasLineStarting(text, '%', false, from, to) || hasLineStarting(text, '...', true, from, to)) return { points: [0], head: 0, tail: 0 };
  const out: number[] = [];
  for (let i = 0; i < head; i++) out.push(old[i].start);
  if (head === 0) out.push(0);
  // Cuts in [from, to], the start of the first trailing chunk included: the line before it changed.
  pushCuts(text, Math.max(1, from), to, out);
  for (let i = n - tail + 1; i < n; i++) out.push(old[i].start + delta);
  return { points: out, head, tail };
}

/** Offsets where lines start, the first (0) included. */
function lineStartsOf(text: string): number[] {
  const out: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out.slice(); // exact length: kept for the file's lifetime (see compactNodes)
}

/** Why a whole text is not parsed at all, or null. Cheap checks that run before the parser. */
function skipReason(text: string, limits: ParseLimits): string | null {
  if (text.length > limits.maxBytes) return overLimitMessage(text.length, limits.maxBytes);
  return contentSkipReason(text);
}

/** The content checks of skipReason. Line-based, so a text passes iff each of its documents does. */
function contentSkipReason(text: string): string | null {
  if (text.includes('\u0000')) return 'binary content (NUL bytes): not analysed';
  return null;
}

/** Why a file is not parsed: more documents than the limit. A file cut into chunks has about one
 *  document per chunk; one that is not cut (directives, `...` lines) has its markers counted. */
function tooManyDocuments(text: string, points: readonly number[], limits: ParseLimits): string | null {
  const cap = limits.maxDocuments ?? DEFAULT_LIMITS.maxDocuments!;
  let n = points.length;
  if (n === 1) {
    n = 0;
    for (const m of ['---', '...']) {
      if (text.startsWith(m)) n++;
      for (let i = text.indexOf('\n' + m); i >= 0 && n <= cap; i = text.indexOf('\n' + m, i + 4)) n++;
    }
  }
  return n > cap ? `more than ${cap.toLocaleString('en-US')} documents in one file: not analysed` : null;
}

/** Why one document is not parsed: nesting the (recursive) parser must not see, or null. */
function tooDeep(text: string, limits: ParseLimits): string | null {
  // Flow nesting, counted from the first bracket: most documents have few or none.
  const square = text.indexOf('['), curly = text.indexOf('{');
  const first = square < 0 ? curly : curly < 0 ? square : Math.min(square, curly);
  let depth = 0, maxFlow = 0;
  for (let i = Math.max(0, first); first >= 0 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) { if (++depth > maxFlow) maxFlow = depth; } // [ {
    else if (c === 93 || c === 125) { if (depth > 0) depth--; } // ] }
  }
  if (maxFlow > limits.maxDepth) return `nesting deeper than ${limits.maxDepth} levels: document not analysed`;
  const columns = limits.maxDepth * 2;
  if (hasLineOf(text, columns) && deepIndent(columns).test(text)) return `indentation deeper than ${columns} columns: document not analysed`;
  return null;
}

/** Is some line (between line feeds) at least `n` characters long? Any line the multiline regex
 *  below sees lies within one of these, so this only skips texts it could not match. */
function hasLineOf(text: string, n: number): boolean {
  for (let start = 0; start < text.length;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start >= n) return true;
    start = end + 1;
  }
  return false;
}

const deepIndents = new Map<number, RegExp>();
function deepIndent(columns: number): RegExp {
  let re = deepIndents.get(columns);
  if (!re) deepIndents.set(columns, (re = new RegExp(`^[ -]{${columns},}`, 'm')));
  return re;
}

/**
 * Parse a file. With `previous` (the same file's last parse), documents whose text is unchanged
 * are reused, not re-parsed: the unchanged leading and trailing documents are found by comparing
 * text in place, others (moved ones) by their text.
 */
export function parseSource(file: string, text: string, previous?: SourceFile | null, limits: ParseLimits = DEFAULT_LIMITS): SourceFile {
  const steps = parseSteps(file, text, previous, limits);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * parseSource in steps: it yields after each document it had to parse, so a caller can answer
 * other requests while a huge file is parsed. Once started it must be run to the end: reused
 * documents are moved in place.
 */
export function* parseSteps(file: string, text: string, previous?: SourceFile | null, limits: ParseLimits = DEFAULT_LIMITS): Generator<void, SourceFile> {
  // Chunks of a previous parse passed the content checks (a skipped file keeps none): with them,
  // only the changed middle is checked below, not the whole file on every keystroke.
  if (limits.chartTemplate?.(file) || (text.length <= limits.maxBytes && notAManifest(file, text))) return quietSource(file, text);
  const old = previous && previous.file === file ? chunksOf.get(previous) ?? [] : [];
  const skip = old.length > 0 ? (text.length > limits.maxBytes ? overLimitMessage(text.length, limits.maxBytes) : null) : skipReason(text, limits);
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
  // rather than startsWith(): V8 compares a slice with memcmp, startsWith() character by
  // character (25× slower on a 10,000-line file).
  const same = (c: ParsedChunk, i: number, verifiedAt: number) => c.text.length === endOf(i) - points[i]
    && (points[i] === verifiedAt || text.slice(points[i], endOf(i)) === c.text);
  const delta = previous ? text.length - previous.text.length : 0;
  let head = 0;
  while (head < n && head < old.length && same(old[head], head, head < (edited?.head ?? 0) ? old[head].start : -1)) {
    chunks[head] = old[head];
    head++;
  }
  let tail = 0;
  while (tail < n - head && tail < old.length - head) {
    const i = n - 1 - tail, c = old[old.length - 1 - tail];
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
    if (list) list.push(old[j]); else moved.set(old[j].text, [old[j]]);
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
  const lineStarts = previous && old.length > 0 && previous.lineCounter.lineStarts.length > 0
    ? editedLineStarts(previous, text, points[head] ?? text.length, tail > 0 ? points[n - tail] : text.length)
    : undefined;
  return assemble(file, text, chunks as ParsedChunk[], points, lineStarts);
}

/**
 * The line starts of `text`, an edit of `previous.text` that left [0, from) and [to, end) as they
 * were (both at line starts): the previous parse's for those, a scan of [from, to) for the rest.
 */
function editedLineStarts(previous: SourceFile, text: string, from: number, to: number): number[] {
  const before = previous.lineCounter.lineStarts;
  const delta = text.length - previous.text.length;
  // The kept head: old line starts <= from (binary searches: they are sorted).
  const head = countBelow(before, from + 1);
  // Up to the end of the text when nothing after the change is kept: a newline typed at the very
  // end starts a line at text.length.
  const limit = to === text.length ? text.length + 1 : to;
  const middle: number[] = [];
  for (let nl = text.indexOf('\n', from); nl >= 0 && nl + 1 < limit; nl = text.indexOf('\n', nl + 1)) middle.push(nl + 1);
  // The kept tail: from the first old line start at or after it (it may also be the head's last
  // one: `---` typed above a `---` line leaves an empty middle). A search, not a walk from the
  // head: that covers every line after an edit near the top of a big file.
  const tail = to < text.length ? countBelow(before, to - delta) : before.length;
  // Exact length, filled in place: the array is kept for the file's lifetime (see lineStartsOf),
  // and growing it by push would copy it a few times on every keystroke.
  const out = new Array<number>(head + middle.length + before.length - tail);
  let k = 0;
  for (let i = 0; i < head; i++) out[k++] = before[i];
  for (let i = 0; i < middle.length; i++) out[k++] = middle[i];
  for (let i = tail; i < before.length; i++) out[k++] = before[i] + delta;
  return out;
}

/** How many values of an ascending array are below x. */
function countBelow(sorted: readonly number[], x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) { const m = (lo + hi) >>> 1; if (sorted[m] < x) lo = m + 1; else hi = m; }
  return lo;
}

function deepChunk(text: string, start: number, message: string): ParsedChunk {
  return { text, start, placedAt: start, docs: [], problems: [{ rule: SKIPPED_RULE, start: 0, end: 0, message }] };
}

/** A file that is no manifest: under a chart's templates/ (the chart as a whole is what is
 *  rendered, or reported as not rendered, by the caller), or a JSON file holding no Kubernetes
 *  object (package.json, tsconfig.json). No objects and no finding. */
function quietSource(file: string, text: string): SourceFile {
  const lineCounter = new LineCounter();
  const source: SourceFile = { file, text, lineCounter, docs: [], parseFindings: [] };
  lineCounter.lineStarts = lineStartsOf(text);
  chunksOf.set(source, []);
  return source;
}

/** A `.json` file whose value is no Kubernetes object (rules.md, Files: a JSON manifest is one
 *  object or a List). Broken JSON that names apiVersion and kind is parsed, for its errors. */
function notAManifest(file: string, text: string): boolean {
  if (!/\.json$/i.test(file)) return false;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return !(text.includes('"apiVersion"') && text.includes('"kind"'));
  }
  return !v || typeof v !== 'object' || Array.isArray(v) || typeof (v as Record<string, unknown>).apiVersion !== 'string' || typeof (v as Record<string, unknown>).kind !== 'string';
}

function skippedSource(file: string, text: string, reason: string): SourceFile {
  const lineCounter = new LineCounter();
  const source: SourceFile = { file, text, lineCounter, docs: [], parseFindings: [] };
  lineCounter.lineStarts = lineStartsOf(text);
  source.parseFindings.push(parserFinding(source, SKIPPED_RULE, 0, 0, reason));
  chunksOf.set(source, []);
  return source;
}

/** The SourceFile of a text cut at `points` into `chunks` (their nodes move when read, see place()). */
function assemble(file: string, text: string, chunks: ParsedChunk[], points: number[], lineStarts = lineStartsOf(text)): SourceFile {
  const lineCounter = new LineCounter();
  const source: SourceFile = { file, text, lineCounter, docs: [], parseFindings: [] };
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
  lineCounter.lineStarts = lineStarts;
  // Findings need the line counter, so they are made once it is complete.
  for (const chunk of chunks) {
    for (const p of chunk.problems) source.parseFindings.push(parserFinding(source, p.rule, chunk.start + p.start, chunk.start + p.end, p.message));
  }
  chunksOf.set(source, chunks);
  return source;
}

/**
 * parseSource's work without the SourceFile, as plain data that can cross threads: what a worker
 * thread sends back for a file (see sourceFromData). No Documents: they are parsed again when read.
 */
export function parseFileData(text: string, limits: ParseLimits = DEFAULT_LIMITS, file = ''): FileData {
  if (limits.chartTemplate?.(file) || (text.length <= limits.maxBytes && notAManifest(file, text))) return { skip: null, chunks: [], quiet: true };
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
  return assemble(file, text, chunks, data.chunks.map((c) => c.start));
}

/**
 * Let go of a file's Documents (the `yaml` nodes): its objects' values and position tables stay,
 * and a Document read later (fixes, hovers) is parsed again from its document's text. For files
 * that are not being edited, the nodes are most of the memory the index would hold.
 */
export function releaseDocuments(source: SourceFile): void {
  for (const chunk of chunksOf.get(source) ?? []) {
    for (const d of chunk.docs) {
      if (!d.doc) continue;
      // Spans are found from the table once the nodes are gone (analysed documents only).
      if ((d.object || d.items) && !d.positions) d.positions = positionTable(d.doc.contents, chunk.text, chunk.placedAt);
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

/** Decoders made once: a decoder is stateless between whole-input decode() calls, and making one
 *  per file showed in the workspace scan's profile. */
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });
const UTF8_REPLACING = new TextDecoder('utf-8');

/** Decode file bytes as UTF-8; invalid sequences are replaced and reported. */
export function decodeUtf8(bytes: Uint8Array): { text: string; invalidAt: number | null } {
  try {
    return { text: UTF8_STRICT.decode(bytes), invalidAt: null };
  } catch {
    const text = UTF8_REPLACING.decode(bytes);
    // A binary file (NUL bytes) is one skip (contentSkipReason), not also an encoding error.
    return { text, invalidAt: text.includes('\u0000') ? null : Math.max(0, text.indexOf('\uFFFD')) };
  }
}

/** A visible skip (rule analysis-skipped) at the start of a file, e.g. one too large to read. */
export function skippedFinding(source: SourceFile, message: string): Finding {
  return parserFinding(source, SKIPPED_RULE, 0, 0, message);
}

/** The message for a file over the size limit (shared by the parser and by readers that stat first). */
export function overLimitMessage(bytes: number, limit: number): string {
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
  return `file is ${mb(bytes)} MB, over the size limit of ${mb(limit)} MB: not analysed`;
}

/** A parse finding for invalid UTF-8 found when the file was read (see decodeUtf8). */
export function invalidUtf8Finding(source: SourceFile, at: number): Finding {
  return parserFinding(source, SYNTAX_RULE, at, at + 1, 'invalid UTF-8: the bytes here were replaced by U+FFFD; save the file as UTF-8');
}
