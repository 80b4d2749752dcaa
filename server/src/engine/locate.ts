// Finding nodes of a parsed document by path, for ranges and for edits.
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { KObject, Path } from './types';

export interface Located {
  /** The node at the path (the value). */
  node: Node | null;
  /** The pair whose value it is, when the last path step is a map key. */
  pair: Pair<Node, Node | null> | null;
}

/** The node at `path`, or null when some step does not exist. */
export function locate(obj: Pick<KObject, 'doc'>, path: Path): Located | null {
  let node: unknown = obj.doc.contents;
  let pair: Pair<Node, Node | null> | null = null;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!isSeq(node)) return null;
      node = node.items[step];
      pair = null;
      if (node === undefined) return null;
    } else {
      if (!isMap(node)) return null;
      const found = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === step);
      if (!found) return null;
      pair = found as Pair<Node, Node | null>;
      node = found.value;
    }
  }
  return { node: (node as Node) ?? null, pair };
}

/** The longest prefix of `path` that exists in the document. */
export function deepestExisting(obj: Pick<KObject, 'doc'>, path: Path): Path {
  for (let n = path.length; n > 0; n--) {
    if (locate(obj, path.slice(0, n))) return path.slice(0, n);
  }
  return [];
}

/**
 * Offsets [start, end) to underline for a path: the key of a map entry (with its value when the
 * value is a scalar, so `replicas: 1` reads as one), or the item of a sequence.
 */
export function spanOf(obj: Pick<KObject, 'doc'>, path: Path): { start: number; end: number } | null {
  const loc = locate(obj, path);
  if (!loc) return null;
  if (loc.pair) {
    const key = loc.pair.key as Node;
    const kr = key.range;
    if (!kr) return null;
    const v = loc.pair.value;
    if (v && isScalar(v) && v.range) return { start: kr[0], end: v.range[1] };
    return { start: kr[0], end: kr[1] };
  }
  const r = loc.node?.range;
  if (!r) return null;
  // A sequence item that is a map: underline its first line only.
  if (isMap(loc.node) && loc.node.items.length > 0)
    return spanOfPair(loc.node.items[0] as Pair<Node, Node | null>) ?? { start: r[0], end: r[1] };
  return { start: r[0], end: r[1] };
}

function spanOfPair(pair: Pair<Node, Node | null>): { start: number; end: number } | null {
  const kr = (pair.key as Node | null)?.range;
  if (!kr) return null;
  const v = pair.value;
  if (v && isScalar(v) && v.range) return { start: kr[0], end: v.range[1] };
  return { start: kr[0], end: kr[1] };
}
