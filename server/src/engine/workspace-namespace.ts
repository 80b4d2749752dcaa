// What the workspace index (workspace.ts) keeps per namespace, and its maps of objects under one
// key (a kind and name, an autoscaler's target).
import type { AnalysisContext } from './context';
import { byPlace, createNamespaceLabels, type NamespaceLabels } from './label-index';
import type { KObject } from './types';

export interface Namespace {
  byKind: Map<string, Set<KObject>>;
  files: Map<string, number>;
  /** Files of the non-workload objects whose key holds the workload version (not Services or PDBs with a selector). */
  broadFiles: Map<string, number>;
  labels: NamespaceLabels;
  /** kind NUL name → objects; for autoscalers, target kind NUL name → autoscalers. */
  named: Map<string, Keyed>;
  targets: Map<string, Keyed>;
  workloadVersion: number;
  otherVersion: number;
  all: KObject[] | null;
  workloads: KObject[] | null;
  kindLists: Map<string, KObject[]>;
  count: number;
}

/** Objects under one key: most keys (a kind and name) have one, kept without a Set (a Set each
 *  would cost memory once per indexed object). */
export type Keyed = KObject | Set<KObject>;

export const EMPTY: readonly KObject[] = Object.freeze([]);
export const sorted = (set: Keyed | undefined): readonly KObject[] =>
  !set ? EMPTY : set instanceof Set ? [...set].sort(byPlace) : [set];

/** A namespace's entry before any object of it is indexed. */
export function newNamespace(context: AnalysisContext): Namespace {
  return {
    byKind: new Map(),
    files: new Map(),
    broadFiles: new Map(),
    labels: createNamespaceLabels(context),
    named: new Map(),
    targets: new Map(),
    workloadVersion: 0,
    otherVersion: 0,
    all: null,
    workloads: null,
    kindLists: new Map(),
    count: 0,
  };
}

/** File o in (on) or out of the objects under key. */
export const keyed = (m: Map<string, Keyed>, key: string, o: KObject, on: boolean) => {
  const cur = m.get(key);
  if (on) {
    if (!cur) m.set(key, o);
    else if (cur instanceof Set) cur.add(o);
    else if (cur !== o) m.set(key, new Set([cur, o]));
  } else if (cur === o) m.delete(key);
  else if (cur instanceof Set) {
    cur.delete(o);
    if (cur.size === 1) m.set(key, cur.values().next().value!);
  }
};
/** Add delta to the count under key, dropping it at 0. */
export const count = (m: Map<string, number>, key: string, delta: number) => {
  const c = (m.get(key) ?? 0) + delta;
  if (c > 0) m.set(key, c);
  else m.delete(key);
};
