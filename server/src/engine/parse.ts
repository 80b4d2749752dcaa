// YAML text → Kubernetes objects with exact source ranges, using the `yaml` package.
import { LineCounter, parseAllDocuments, isMap } from 'yaml';
import type { Finding, KObject, Position, Range, SourceFile } from './types';

/** Aliases allowed when materialising a document; more is treated as an alias bomb. */
const MAX_ALIAS_COUNT = 100;

export function positionAt(lc: LineCounter, offset: number): Position {
  const { line, col } = lc.linePos(offset);
  // linePos is 1-based; line 0 means "before the first newline was seen" (empty counter).
  return { line: Math.max(0, line - 1), character: Math.max(0, col - 1) };
}

export function rangeAt(lc: LineCounter, start: number, end: number): Range {
  return { start: positionAt(lc, start), end: positionAt(lc, end) };
}

export function syntaxFinding(source: { file: string; lineCounter: LineCounter }, start: number, end: number, message: string): Finding {
  return {
    rule: 'yaml-syntax',
    severity: 'error',
    message,
    file: source.file,
    range: rangeAt(source.lineCounter, start, end),
    offset: { start, end },
    related: [],
    fixes: [],
  };
}

/** First line of a yaml error message; the rest is a code excerpt the editor already shows. */
function shortMessage(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export function parseSource(file: string, text: string): SourceFile {
  const lineCounter = new LineCounter();
  const source: SourceFile = { file, text, lineCounter, docs: [], parseFindings: [] };
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // parseAllDocuments returns an EmptyStream (an array with an `empty` flag) for empty input.
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i];
    const [start, , end] = doc.range;
    const entry: SourceFile['docs'][number] = { start, end, doc, object: null };
    source.docs.push(entry);
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const [s, e] = err.pos;
        source.parseFindings.push(syntaxFinding(source, s, Math.max(e, s + 1), shortMessage(err.message)));
      }
      continue; // a broken document is not analysed; the file's other documents are
    }
    if (!isMap(doc.contents)) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const s = doc.contents.range?.[0] ?? start;
      source.parseFindings.push(syntaxFinding(source, s, s + 1,
        `document not analysed: ${err instanceof Error ? shortMessage(err.message) : 'cannot be read'}`));
      continue;
    }
    const object = toObject(file, i, doc, value, source);
    entry.object = object;
  }
  return source;
}

function toObject(file: string, docIndex: number, doc: KObject['doc'], value: unknown, source: SourceFile): KObject | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, any>;
  if (typeof v.apiVersion !== 'string' || typeof v.kind !== 'string') return null;
  const meta = v.metadata && typeof v.metadata === 'object' ? v.metadata : {};
  return {
    apiVersion: v.apiVersion,
    kind: v.kind,
    name: typeof meta.name === 'string' ? meta.name : '',
    namespace: typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default',
    file,
    docIndex,
    doc,
    value: v,
    source,
  };
}

/** All Kubernetes objects of a parsed file. */
export function objectsOf(source: SourceFile): KObject[] {
  const out: KObject[] = [];
  for (const d of source.docs) if (d.object) out.push(d.object);
  return out;
}
