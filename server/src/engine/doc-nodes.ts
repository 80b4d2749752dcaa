// Walks over a parsed document's `yaml` nodes: moving them, compacting them, duplicate keys.
import { isMap, isPair, isScalar, YAMLMap, YAMLParseError, YAMLSeq, type Document } from 'yaml';

/** The `items` sequence node of a List document, if it has one. */
export function listItems(contents: unknown): YAMLSeq | null {
  if (!isMap(contents)) return null;
  const items = contents.get('items', true);
  return items instanceof YAMLSeq ? items : null;
}

/**
 * Duplicate keys of every map of a document, as yaml's uniqueKeys check reports them (scalar keys
 * with the same value, at the key's start), in linear time: one Set of key values per map. An
 * explicit stack, not recursion: the document passed the nesting checks but a walk costs frames.
 */
export function duplicateKeys(doc: Document.Parsed): YAMLParseError[] {
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

export function shiftDoc(doc: Document.Parsed, delta: number) {
  if (delta === 0) return;
  const r = doc.range as number[];
  r[0] += delta;
  r[1] += delta;
  r[2] += delta;
  eachNode(doc.contents, (n) => {
    if (n.range) {
      n.range[0] += delta;
      n.range[1] += delta;
      n.range[2] += delta;
    }
  });
}

export type NodeLike = { range?: number[] | null; items?: unknown[] };

/** Visit a node tree, parents first (a plain walk: yaml's visit() allocates a path per node). */
export function eachNode(node: unknown, visit: (n: NodeLike) => void, depth = 0): void {
  if (!node || typeof node !== 'object' || depth > 10_000) return;
  const n = node as NodeLike;
  visit(n);
  if (!Array.isArray(n.items)) return;
  for (const item of n.items) {
    if (isPair(item)) {
      eachNode(item.key, visit, depth + 1);
      eachNode(item.value, visit, depth + 1);
    } else eachNode(item, visit, depth + 1);
  }
}

/**
 * Give every collection's item list exactly its length. The parser grows them by push(), which
 * leaves spare room in each: over a workspace of kept Documents, a noticeable part of the index.
 */
export function compactNodes(doc: Document.Parsed): void {
  eachNode(doc.contents, (n) => {
    if (Array.isArray(n.items)) n.items = n.items.slice();
  });
}
