// Format-preserving edits. A fix changes only the nodes it is about: it splices text rendered by
// the `yaml` package into the node ranges the parser reported, so comments, key order, quoting,
// flow/block style and the file's other documents stay as they were.
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import {
  columnOf,
  contentLineEnd,
  eolOf,
  isNullish,
  lastItemEnd,
  renderBlock,
  renderFlow,
  renderScalarLike,
  scalarSpan,
  styleOf,
  type Rendered,
  type Target,
} from './edit-render';
import { deepestExisting, locate } from './locate';
import type { FileEdit, KObject, Path } from './types';

/** Insert `key: value` into the map at mapPath (which must exist). */
export function insertKey(t: Target, mapPath: Path, key: string, r: Rendered): FileEdit {
  const loc = locate(t, mapPath);
  const map = loc?.node;
  if (!isMap(map)) throw new Error(`not a map at ${mapPath.join('.')}`);
  const text = t.source.text;
  const eol = eolOf(text);
  if (map.flow) {
    // Before the closing brace: `{a: 1}` → `{a: 1, key: v}`.
    const close = text.lastIndexOf('}', map.range![1] - 1);
    const inner = text.slice(map.range![0] + 1, close).trim();
    const entry = `${renderFlow({ [key]: r.value }).replace(/^\{\s*|\s*\}$/g, '')}`;
    return { file: t.file, start: close, end: close, newText: inner ? `, ${entry}` : entry };
  }
  const style = styleOf(t);
  if (map.items.length === 0) throw new Error('empty block map');
  const firstKey = (map.items[0].key as Node).range![0];
  const col = columnOf(t, firstKey);
  const at = contentLineEnd(text, lastItemEnd(map));
  return {
    file: t.file,
    start: at,
    end: at,
    newText:
      eol +
      renderBlock(
        { ...r, value: { [key]: r.value }, todo: (r.todo ?? []).map((x) => ({ ...x, path: [key, ...x.path] })) },
        col,
        style,
        eol,
      ),
  };
}

/** Give an existing key whose value is empty (`key:` or `key: null` or `key: {}`) a value. */
function fillPair(t: Target, pair: Pair<Node, Node | null>, r: Rendered): FileEdit {
  const text = t.source.text;
  const eol = eolOf(text);
  const keyNode = pair.key as Node;
  const col = columnOf(t, keyNode.range![0]);
  const style = styleOf(t);
  const v = pair.value;
  const isColl = r.value !== null && typeof r.value === 'object';
  // Replace from the end of the key's colon to the end of the (empty) value.
  const colon = text.indexOf(':', keyNode.range![1]);
  // A block collection's range runs to the next line's content: stop at the end of its last line.
  const end =
    v && v.range ? ((isMap(v) || isSeq(v)) && !v.flow ? contentLineEnd(text, v.range[1]) : v.range[1]) : colon + 1;
  if (!isColl) return { file: t.file, start: colon + 1, end, newText: ' ' + renderFlow(r.value) };
  return { file: t.file, start: colon + 1, end, newText: eol + renderBlock(r, col + style.step, style, eol) };
}

/**
 * Set the value at `path`, creating missing parent maps. A scalar is replaced in place, keeping
 * its position; a missing key is added at the end of its parent map.
 */
export function setIn(t: Target, path: Path, r: Rendered): FileEdit {
  const loc = locate(t, path);
  if (
    loc &&
    loc.node &&
    isScalar(loc.node) &&
    !(r.value !== null && typeof r.value === 'object') &&
    loc.node.value !== null
  ) {
    return { file: t.file, ...scalarSpan(t, loc.node), newText: renderScalarLike(loc.node, r.value) };
  }
  if (loc && loc.pair) return replacePairValue(t, loc.pair, r);
  const have = deepestExisting(t, path);
  const parent = locate(t, have)!;
  // Wrap the value in the maps that do not exist yet: path a.b.c with only a → insert b: {c: v}.
  const rest = path.slice(have.length);
  let value = r.value;
  for (let i = rest.length - 1; i >= 1; i--) value = { [rest[i] as string]: value };
  const todo = (r.todo ?? []).map((x) => ({ ...x, path: [...rest.slice(1), ...x.path] }));
  const node = parent.node;
  if (isMap(node) && (node.items.length > 0 || node.flow)) return insertKey(t, have, String(rest[0]), { value, todo });
  if (parent.pair && (isNullish(node) || (isMap(node) && node.items.length === 0))) {
    return fillPair(t, parent.pair, {
      value: { [rest[0] as string]: value },
      todo: todo.map((x) => ({ ...x, path: [rest[0], ...x.path] })),
    });
  }
  throw new Error(`cannot set ${path.join('.')}`);
}

function replacePairValue(t: Target, pair: Pair<Node, Node | null>, r: Rendered): FileEdit {
  const v = pair.value;
  if (v && isScalar(v) && v.value !== null && !(r.value !== null && typeof r.value === 'object')) {
    return { file: t.file, ...scalarSpan(t, v), newText: renderScalarLike(v, r.value) };
  }
  if (v && (isMap(v) || isSeq(v)) && v.flow) {
    return { file: t.file, start: v.range![0], end: v.range![1], newText: renderFlow(r.value) };
  }
  return fillPair(t, pair, r);
}

/** Remove a map entry, with its whole lines when it stands on lines of its own. */
export function removeKey(t: Target, path: Path): FileEdit {
  const loc = locate(t, path);
  if (!loc || !loc.pair) throw new Error(`no key at ${path.join('.')}`);
  const text = t.source.text;
  const key = loc.pair.key as Node;
  const start = key.range![0];
  const v = loc.pair.value;
  const valueEnd = v && v.range ? v.range[1] : key.range![1];
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const parent = locate(t, path.slice(0, -1))?.node;
  if (isMap(parent) && parent.flow) {
    // `{a: 1, b: 2}`: drop "b: 2" and the comma before it (or after it when first).
    let s = start,
      e = valueEnd;
    const before = text.slice(0, s).search(/,\s*$/);
    if (before >= 0) s = before;
    else {
      const m = /^\s*,\s*/.exec(text.slice(e));
      if (m) e += m[0].length;
    }
    return { file: t.file, start: s, end: e, newText: '' };
  }
  if (/^[ \t]*$/.test(text.slice(lineStart, start))) {
    let end = contentLineEnd(text, valueEnd);
    if (text[end] === '\r') end++;
    if (text[end] === '\n') end++;
    return { file: t.file, start: lineStart, end, newText: '' };
  }
  return { file: t.file, start, end: contentLineEnd(text, valueEnd), newText: '' };
}

/** Append items to the sequence at seqPath, or create the sequence with them. */
export function appendToSeq(t: Target, seqPath: Path, items: Rendered[]): FileEdit {
  const loc = locate(t, seqPath);
  const seq = loc?.node;
  const value = items.map((i) => i.value);
  const todoAt = (offset: number) =>
    items.flatMap((it, i) => (it.todo ?? []).map((x) => ({ ...x, path: [offset + i, ...x.path] })));
  if (!loc || !isSeq(seq) || seq.items.length === 0) return setIn(t, seqPath, { value, todo: todoAt(0) });
  const text = t.source.text;
  if (seq.flow) {
    const close = text.lastIndexOf(']', seq.range![1] - 1);
    return { file: t.file, start: close, end: close, newText: value.map((v) => `, ${renderFlow(v)}`).join('') };
  }
  const eol = eolOf(text);
  const style = styleOf(t);
  const col = columnOf(t, seq.range![0]);
  const at = contentLineEnd(text, lastItemEnd(seq));
  // Rendered as a top-level sequence, so no indentSeq offset; the column comes from the list.
  const body = renderBlock({ value, todo: todoAt(0) }, col, { ...style, indentSeq: true }, eol);
  return { file: t.file, start: at, end: at, newText: eol + body };
}

/** Append a new YAML document after the object's document. */
export function appendDocument(t: Target & Pick<KObject, 'docIndex'>, r: Rendered): FileEdit {
  const text = t.source.text;
  const eol = eolOf(text);
  const d = t.source.docs[t.docIndex];
  const contents = d.doc.contents as Node | null;
  const end = contents?.range ? contents.range[1] : d.end;
  const at = contentLineEnd(text, end);
  const body = renderBlock(r, 0, { step: styleOf(t).step, indentSeq: styleOf(t).indentSeq }, eol);
  return { file: t.file, start: at, end: at, newText: `${eol}---${eol}${body}` };
}

/**
 * Add entries (the keys of `r.value`, a plain object) to the map at `mapPath`, after its last
 * entry. A missing map is created with its missing parents; a missing value or an empty one
 * (`key:`, `key: null`, `key: {}`) becomes a block map, so `todo` comments can be attached.
 * Keys the map already has are not looked at: pass only the missing ones.
 */
export function addEntries(t: Target, mapPath: Path, r: Rendered): FileEdit {
  const loc = locate(t, mapPath);
  const node = loc ? loc.node : null;
  const text = t.source.text;
  if (loc && isMap(node) && node.items.length > 0) {
    if (node.flow) {
      const close = text.lastIndexOf('}', node.range![1] - 1);
      return {
        file: t.file,
        start: close,
        end: close,
        newText: `, ${renderFlow(r.value).replace(/^\{\s*|\s*\}$/g, '')}`,
      };
    }
    const eol = eolOf(text);
    const col = columnOf(t, (node.items[0].key as Node).range![0]);
    const at = contentLineEnd(text, lastItemEnd(node));
    return { file: t.file, start: at, end: at, newText: eol + renderBlock(r, col, styleOf(t), eol) };
  }
  if (loc && loc.pair && (isNullish(node) || (isMap(node) && node.items.length === 0))) return fillPair(t, loc.pair, r);
  if (loc) throw new Error(`not a map at ${mapPath.join('.')}`);
  const have = deepestExisting(t, mapPath);
  const rest = mapPath.slice(have.length);
  if (rest.some((s) => typeof s !== 'string')) throw new Error(`cannot create ${mapPath.join('.')}`);
  let value: unknown = r.value;
  for (let i = rest.length - 1; i >= 0; i--) value = { [rest[i] as string]: value };
  return addEntries(t, have, { value, todo: (r.todo ?? []).map((x) => ({ ...x, path: [...rest, ...x.path] })) });
}

/**
 * Like addEntries, but a key that is already there (with an empty or unusable value, such as
 * `memory: ""`) gets its value replaced in place instead of a second, duplicate key.
 */
export function setEntries(t: Target, mapPath: Path, r: Rendered): FileEdit[] {
  const value = (r.value ?? {}) as Record<string, unknown>;
  const existing = Object.keys(value).filter((k) => locate(t, [...mapPath, k]));
  const edits: FileEdit[] = existing.map((k) =>
    setIn(t, [...mapPath, k], {
      value: value[k],
      todo: (r.todo ?? []).filter((x) => x.path[0] === k).map((x) => ({ ...x, path: x.path.slice(1) })),
    }),
  );
  const rest = Object.fromEntries(Object.entries(value).filter(([k]) => !existing.includes(k)));
  if (Object.keys(rest).length > 0) {
    edits.push(
      addEntries(t, mapPath, {
        value: rest,
        todo: (r.todo ?? []).filter((x) => !existing.includes(String(x.path[0]))),
      }),
    );
  }
  return edits;
}

/** Rename the key of the map entry at `path`, keeping its value, position and comments. */
export function renameKey(t: Target, path: Path, newKey: string): FileEdit {
  const loc = locate(t, path);
  const key = loc?.pair?.key as Node | undefined;
  if (!key || !key.range) throw new Error(`no key at ${path.join('.')}`);
  return { file: t.file, start: key.range[0], end: key.range[1], newText: renderFlow(newKey) };
}

/**
 * Join insertions at the same offset into one edit, in the order given, so every consumer
 * (applyEdits, an editor's workspace edit) puts them in that order. Other edits pass through.
 */
export function mergeInserts(edits: readonly FileEdit[]): FileEdit[] {
  const out: FileEdit[] = [];
  for (const e of edits) {
    const same =
      e.start === e.end ? out.find((o) => o.file === e.file && o.start === e.start && o.end === e.end) : undefined;
    if (same) same.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}

/** The comments (`# …`) of some YAML lines, in order; quoted `#` are not comments. */
function commentsIn(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    // Blank out quoted strings (same length) so a `#` inside them is not taken for a comment.
    const masked = line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, (m) => 'x'.repeat(m.length));
    const m = /(?:^|\s)#/.exec(masked);
    if (m) out.push(line.slice(m.index + m[0].length - 1).trimEnd());
  }
  return out;
}

/**
 * Like removeKey, but the comments of the removed lines stay, as comment lines at the key's
 * indentation (a comment that annotated the removed entry is kept rather than lost).
 */
export function removeKeyKeepingComments(t: Target, path: Path): FileEdit {
  const e = removeKey(t, path);
  const text = t.source.text;
  const notes = commentsIn(text.slice(e.start, e.end));
  const key = locate(t, path)!.pair!.key as Node;
  if (
    notes.length === 0 ||
    !/\n$/.test(text.slice(e.start, e.end)) ||
    e.start !== text.lastIndexOf('\n', key.range![0] - 1) + 1
  )
    return e;
  const eol = eolOf(text);
  const pad = ' '.repeat(columnOf(t, key.range![0]));
  return { ...e, newText: notes.map((n) => pad + n + eol).join('') };
}

/** Apply edits to a text; edits must not overlap. */
export function applyEdits(text: string, edits: readonly FileEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
