// A parsed document's plain value: a fast walk for the YAML manifests are written in, yaml's
// toJS() for the rest.
import { isPair, isScalar, YAMLMap, YAMLSeq } from 'yaml';

export const NOT_PLAIN = Symbol('not plain');

/**
 * What `doc.toJS()` gives for a node, for the plain YAML manifests are written in — maps with
 * scalar keys, sequences, scalars with JS primitive values, no anchors, aliases, merge keys or
 * tagged collections — in one walk without toJS's per-pair context; NOT_PLAIN for anything else,
 * which then goes to toJS. parse.test.ts checks this gives toJS's answer, key order and all, over
 * edge cases, the fuzz corpus's seeds (rule fixtures, examples, generated manifests) and fuzzed inputs.
 */
export function plainValue(node: unknown, depth: number): unknown {
  if (node === null || node === undefined) return null;
  if (depth > 10_000) return NOT_PLAIN;
  if (isScalar(node)) {
    if (node.anchor) return NOT_PLAIN;
    const v = node.value;
    // A custom tag's value (an object), or a bigint toJS would convert: toJS decides.
    return v === null ||
      (typeof v !== 'object' && typeof v !== 'bigint' && typeof v !== 'function' && typeof v !== 'symbol')
      ? v
      : NOT_PLAIN;
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
      if (key === '__proto__')
        Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
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
