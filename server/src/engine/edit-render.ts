// How a format-preserving edit (edits.ts) writes its text: the file's own style (indentation
// step, sequence indentation, line ends, columns) and values rendered by the `yaml` package in it.
import { Document, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { positionAt } from './parse';
import type { KObject, Path } from './types';

/** A value to render plus comments to attach: `todo` maps a path inside the value to a note. */
export interface Rendered {
  value: unknown;
  todo?: { path: Path; note: string }[];
}

export type Target = Pick<KObject, 'doc' | 'file' | 'source'>;

/** The column of an offset, as indentation: a byte-order mark on the first line is not a column. */
export function columnOf(t: Pick<Target, 'source'>, offset: number): number {
  const p = positionAt(t.source.lineCounter, offset);
  return p.line === 0 && t.source.text.charCodeAt(0) === 0xfeff ? Math.max(0, p.character - 1) : p.character;
}

export function eolOf(text: string): string {
  return /\r\n/.test(text.slice(0, 4096)) ? '\r\n' : '\n';
}

/** The file's indentation step and whether block sequences are indented under their key. */
export function styleOf(t: Target): { step: number; indentSeq: boolean } {
  let step = 0;
  let indentSeq: boolean | null = null;
  const walk = (node: unknown, depth: number) => {
    if (depth > 50 || (step && indentSeq !== null)) return;
    if (isMap(node) && !node.flow) {
      for (const p of node.items) {
        const v = p.value as Node | null;
        const kr = (p.key as Node | null)?.range;
        if (!v || !kr) continue;
        const keyCol = columnOf(t, kr[0]);
        if (isMap(v) && !v.flow && v.items[0] && (v.items[0].key as Node | null)?.range) {
          const childCol = columnOf(t, (v.items[0].key as Node).range![0]);
          if (!step && childCol > keyCol) step = childCol - keyCol;
          walk(v, depth + 1);
        } else if (isSeq(v) && !v.flow && v.range) {
          const seqCol = columnOf(t, v.range[0]);
          if (indentSeq === null) indentSeq = seqCol > keyCol;
          for (const item of v.items) walk(item, depth + 1);
        }
      }
    }
  };
  walk(t.doc.contents, 0);
  return { step: step || 2, indentSeq: indentSeq ?? true };
}

function toDoc(r: Rendered): Document {
  const d = new Document(r.value, { aliasDuplicateObjects: false });
  for (const t of r.todo ?? []) {
    const n = d.getIn(t.path as (string | number)[], true) as Node | undefined;
    if (n) n.comment = ` TODO: ${t.note}`;
  }
  return d;
}

/** Render as block YAML lines (no trailing newline), each prefixed by `indent` spaces. */
export function renderBlock(
  r: Rendered,
  indent: number,
  style: { step: number; indentSeq: boolean },
  eol: string,
): string {
  const text = toDoc(r).toString({ indent: style.step, indentSeq: style.indentSeq, lineWidth: 0 }).replace(/\n$/, '');
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join(eol);
}

/** A scalar node's span without the line break a block scalar (`|`, `>`) includes. */
export function scalarSpan(t: Target, node: Node): { start: number; end: number } {
  const text = t.source.text;
  let end = node.range![1];
  while (end > node.range![0] && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return { start: node.range![0], end };
}

/** A scalar in the quoting style of the one it replaces (plain stays plain where YAML allows). */
export function renderScalarLike(node: Node, value: unknown): string {
  const type = isScalar(node) ? node.type : undefined;
  if (typeof value === 'string' && type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (typeof value === 'string' && type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  return renderFlow(value);
}

export function renderFlow(value: unknown): string {
  // A string YAML would write as a block scalar (it has line breaks) cannot stand in a flow
  // context or after a key on one line: write it double-quoted (JSON is valid YAML there).
  if (typeof value === 'string' && /[\n\r]|^[|>]/.test(new Document(value).toString({ lineWidth: 0 }).trim()))
    return JSON.stringify(value);
  return new Document(value, { aliasDuplicateObjects: false })
    .toString({ collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 })
    .trim();
}

export function isNullish(node: Node | null): boolean {
  return node === null || (isScalar(node) && (node.value === null || node.value === undefined));
}

/** Offset of the end of the last line holding content of this node (before its newline). */
export function contentLineEnd(text: string, end: number): number {
  let p = end;
  while (p > 0 && /\s/.test(text[p - 1])) p--;
  let nl = text.indexOf('\n', p);
  if (nl < 0) nl = text.length;
  if (text[nl - 1] === '\r') nl--;
  return nl;
}

export function lastItemEnd(coll: YAMLMap | YAMLSeq): number {
  const last = coll.items[coll.items.length - 1] as unknown;
  if (isMap(coll)) {
    const p = last as Pair<Node, Node | null>;
    const v = p.value;
    if (v && v.range) return v.range[1];
    return (p.key as Node).range![1];
  }
  return (last as Node).range![1];
}

/** Indent every non-empty line of `s` by `delta` columns (or dedent when negative); the first line only when `first`. */
export function shiftLines(s: string, delta: number, first: boolean): string {
  return s
    .split('\n')
    .map((l, i) => {
      if ((i === 0 && !first) || !l.trim()) return l;
      if (delta >= 0) return ' '.repeat(delta) + l;
      const lead = /^ */.exec(l)![0].length;
      return l.slice(Math.min(lead, -delta));
    })
    .join('\n');
}
