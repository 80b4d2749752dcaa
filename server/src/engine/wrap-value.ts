// A format-preserving edit (edits.ts) that moves a value, text and comments, into a new map around it.
import { isMap, isSeq, type Node } from 'yaml';
import { applyEdits } from './edits';
import {
  columnOf,
  contentLineEnd,
  eolOf,
  renderBlock,
  shiftLines,
  styleOf,
  type Rendered,
  type Target,
} from './edit-render';
import { locate } from './locate';
import type { FileEdit, Path } from './types';

const HOLE = '__kube_ha_hole__';

/**
 * Replace the value of the map entry at `path` with a new map `shape` that holds the original
 * value — its text, comments and style, re-indented — at `hole` inside it. For example `spec: X`
 * with shape `{replicas: 2, template: {spec: <hole>}}` and hole `['template', 'spec']` becomes
 * `spec: {replicas: 2, template: {spec: X}}`. `inner` are edits inside the original value that
 * are applied to the moved text. The entry's key line (and a comment on it) stays as it is.
 */
export function wrapValue(
  t: Target,
  path: Path,
  shape: Rendered,
  hole: Path,
  inner: readonly FileEdit[] = [],
): FileEdit {
  const loc = locate(t, path);
  const pair = loc?.pair;
  const v = loc?.node;
  if (!pair || !v || !v.range || hole.length === 0 || hole.some((s) => typeof s !== 'string'))
    throw new Error(`cannot wrap ${path.join('.')}`);
  const text = t.source.text;
  const eol = eolOf(text);
  const style = styleOf(t);
  const key = pair.key as Node;
  const keyCol = columnOf(t, key.range![0]);
  // The shape with a sentinel where the original goes.
  const value = JSON.parse(JSON.stringify(shape.value ?? {}));
  let at: any = value;
  for (const step of hole.slice(0, -1)) at = at[step as string] ??= {};
  at[hole[hole.length - 1] as string] = HOLE;
  const rendered = renderBlock({ value, todo: shape.todo }, keyCol + style.step, style, eol);
  const holeLine = new RegExp(`^( *).*${HOLE}\r?$`, 'm').exec(rendered);
  if (!holeLine) throw new Error('hole not rendered');
  const holeCol = holeLine[1].length;
  const block = (isMap(v) || isSeq(v)) && !v.flow;
  // The original text: a block value from the line after its key, else the value itself.
  const origStart = block ? text.indexOf('\n', key.range![1]) + 1 : v.range[0];
  const origEnd = block ? contentLineEnd(text, v.range[1]) : v.range[1];
  // Inner edits may take the value's last line break with them (removeKey of a last entry).
  const sliceEnd = /^\r?\n/.exec(text.slice(origEnd))
    ? origEnd + /^\r?\n/.exec(text.slice(origEnd))![0].length
    : origEnd;
  for (const e of inner)
    if (e.start < origStart || e.end > sliceEnd) throw new Error('inner edit outside the wrapped value');
  const moved = applyEdits(
    text.slice(origStart, sliceEnd),
    inner.map((e) => ({ ...e, start: e.start - origStart, end: e.end - origStart })),
  );
  const orig = sliceEnd > origEnd ? moved.replace(/\r?\n$/, '') : moved;
  let fill: string;
  if (block) {
    const firstCol = columnOf(t, v.range[0]);
    const want = holeCol + (isSeq(v) && !style.indentSeq ? 0 : style.step);
    fill = eol + shiftLines(orig, want - firstCol, true);
  } else {
    fill = ' ' + shiftLines(orig, holeCol - keyCol, false);
  }
  const body = rendered.replace(` ${HOLE}`, () => fill);
  // Keep the key line (and a comment on it) for a block value; a flow or scalar value is replaced after the colon.
  const start = block ? contentLineEnd(text, key.range![1]) : text.indexOf(':', key.range![1]) + 1;
  return { file: t.file, start, end: origEnd, newText: eol + body };
}
