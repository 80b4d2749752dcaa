// Inverted indexes of one namespace for selector matching (issue 19): which workloads a selector
// selects, and which Services and PDBs select a workload, in time about the number of matches
// instead of the namespace's size. Candidates come from posting lists; every answer is then the
// exact predicate's (selectors.ts), so the index only ever skips objects that cannot match.
import type { KObject } from './types';
import { podLabels } from './k8s';
import type { AnalysisContext } from './context';
import { controllerOf, labelsOf, POD_INDEX_LABEL, POD_NAME_LABEL, type LabelSelector, type Labels } from './selectors';
import { serviceSelector, serviceSelects } from './rules/shared/services';
import { pdbSelector, pdbSelectsWorkload } from './rules/shared/pdb';

/** The order of the index's lists: by file, then document. Not the order objects were added in,
 *  which follows the edit history: the same files must give the same findings (a rule's "nearest"
 *  candidate, its related objects). */
export function byPlace(a: KObject, b: KObject): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.docIndex - b.docIndex;
}

/** The kinds whose selector picks workloads, as the rules read them. */
const SELECTING: Record<
  string,
  { selector(o: KObject): LabelSelector | null; selects(o: KObject, w: KObject, cx: AnalysisContext): boolean }
> = {
  Service: {
    selector: (s) => {
      const m = serviceSelector(s);
      return m ? { matchLabels: m } : null;
    },
    selects: serviceSelects,
  },
  PodDisruptionBudget: { selector: pdbSelector, selects: pdbSelectsWorkload },
};

export const isSelecting = (o: Pick<KObject, 'kind'>): boolean =>
  Object.prototype.hasOwnProperty.call(SELECTING, o.kind);

/** key → value → objects. */
type Postings = Map<string, Map<string, Set<KObject>>>;

function post(p: Postings, k: string, v: string, o: KObject) {
  let byValue = p.get(k);
  if (!byValue) p.set(k, (byValue = new Map()));
  let set = byValue.get(v);
  if (!set) byValue.set(v, (set = new Set()));
  set.add(o);
}

function unpost(p: Postings, k: string, v: string, o: KObject) {
  const byValue = p.get(k);
  const set = byValue?.get(v);
  if (!byValue || !set) return;
  set.delete(o);
  if (set.size === 0) {
    byValue.delete(v);
    if (byValue.size === 0) p.delete(k);
  }
}

/** The label keys a workload's controller sets (hash labels match any value; a StatefulSet's
 *  pod name and index differ per pod): a selector's pair on such a key narrows nothing. */
function controllerKeys(labels: Labels): string[] {
  const ctl = controllerOf(labels);
  if (!ctl) return [];
  return ctl.statefulSet ? [...ctl.anyValue, POD_NAME_LABEL, POD_INDEX_LABEL] : [...ctl.anyValue];
}

export interface NamespaceLabels {
  /** Index a workload; returns the selecting objects whose match set it joins. */
  addWorkload(w: KObject): KObject[];
  /** Unindex a workload; returns the selecting objects whose match set it leaves. */
  removeWorkload(w: KObject): KObject[];
  /** Index a Service or PDB (anything else is ignored). */
  addSelecting(o: KObject): void;
  removeSelecting(o: KObject): void;
  /** Is o indexed as a selecting object (a Service or PDB with a selector)? */
  indexes(o: KObject): boolean;
  /** Workloads for which test holds, among those the selector may select; in place order. */
  workloadsMatching(sel: LabelSelector, test: (w: KObject) => boolean): KObject[];
  /** The namespace's objects of a selecting kind that select the workload; in place order. */
  selecting(kind: string, w: KObject): KObject[];
  /** The workloads a Service or PDB selects (empty for one without a selector). */
  matchesOf(o: KObject): KObject[];
  /** Indexed Services and PDBs that currently select no workload. */
  orphans(): Iterable<KObject>;
}

export function createNamespaceLabels(cx: AnalysisContext): NamespaceLabels {
  const workloads = new Set<KObject>();
  const pairs: Postings = new Map();
  // How many workloads' controllers set each key.
  const ctlKeys = new Map<string, number>();
  // Selecting objects by the one matchLabels pair they are filed under; the rest in `unanchored`.
  const anchored: Postings = new Map();
  const anchors = new Map<KObject, [string, string] | null>();
  const unanchored = new Set<KObject>();
  const matchCount = new Map<KObject, number>();
  const orphans = new Set<KObject>();

  function workloadsMatching(sel: LabelSelector, test: (w: KObject) => boolean): KObject[] {
    // Each term: sets whose union holds every workload that can satisfy it.
    const terms: Set<KObject>[][] = [];
    const ml = labelsOf(sel.matchLabels);
    for (const k in ml) {
      if (ctlKeys.has(k)) continue;
      const set = pairs.get(k)?.get(ml[k]);
      if (!set) return [];
      terms.push([set]);
    }
    if (Array.isArray(sel.matchExpressions)) {
      for (const e of sel.matchExpressions) {
        if (!e || typeof e !== 'object' || e.operator !== 'In' || !Array.isArray(e.values)) continue;
        const key = String(e.key ?? '');
        if (ctlKeys.has(key)) continue;
        const byValue = pairs.get(key);
        const sets = byValue ? e.values.map((v) => byValue.get(String(v))).filter((s): s is Set<KObject> => !!s) : [];
        if (sets.length === 0) return [];
        terms.push(sets);
      }
    }
    const out: KObject[] = [];
    if (terms.length === 0) {
      for (const w of workloads) if (test(w)) out.push(w);
    } else {
      // Smallest posting list first; the others are membership tests.
      const size = (t: Set<KObject>[]) => t.reduce((n, s) => n + s.size, 0);
      terms.sort((a, b) => size(a) - size(b));
      const [first, ...rest] = terms;
      for (const s of first) {
        for (const w of s) if (rest.every((t) => t.some((x) => x.has(w))) && test(w)) out.push(w);
      }
    }
    return out.sort(byPlace);
  }

  /** Selecting objects that may select the workload (a superset). */
  function candidates(w: KObject): Set<KObject> {
    const labels = podLabels(w, cx);
    const ctl = controllerKeys(labels);
    const out = new Set<KObject>(unanchored);
    for (const k of Object.keys(labels)) {
      if (ctl.includes(k)) continue;
      const set = anchored.get(k)?.get(labels[k]);
      if (set) for (const o of set) out.add(o);
    }
    for (const k of ctl) for (const set of anchored.get(k)?.values() ?? []) for (const o of set) out.add(o);
    return out;
  }

  function selecting(kind: string, w: KObject): KObject[] {
    const how = SELECTING[kind];
    if (!how) return [];
    const out: KObject[] = [];
    for (const o of candidates(w)) if (o.kind === kind && how.selects(o, w, cx)) out.push(o);
    return out.sort(byPlace);
  }

  function count(o: KObject, delta: number) {
    const n = (matchCount.get(o) ?? 0) + delta;
    matchCount.set(o, n);
    if (n === 0) orphans.add(o);
    else orphans.delete(o);
  }

  function matched(w: KObject): KObject[] {
    const out: KObject[] = [];
    for (const o of candidates(w)) if (SELECTING[o.kind].selects(o, w, cx)) out.push(o);
    return out;
  }

  return {
    addWorkload(w) {
      workloads.add(w);
      const labels = podLabels(w, cx);
      for (const k of Object.keys(labels)) post(pairs, k, labels[k], w);
      for (const k of controllerKeys(labels)) ctlKeys.set(k, (ctlKeys.get(k) ?? 0) + 1);
      const joined = matched(w);
      for (const o of joined) count(o, 1);
      return joined;
    },
    removeWorkload(w) {
      if (!workloads.has(w)) return [];
      const left = matched(w);
      for (const o of left) count(o, -1);
      workloads.delete(w);
      const labels = podLabels(w, cx);
      for (const k of Object.keys(labels)) unpost(pairs, k, labels[k], w);
      for (const k of controllerKeys(labels)) {
        const n = (ctlKeys.get(k) ?? 1) - 1;
        if (n > 0) ctlKeys.set(k, n);
        else ctlKeys.delete(k);
      }
      return left;
    },
    addSelecting(o) {
      const how = SELECTING[o.kind];
      const sel = how?.selector(o);
      if (!how || !sel) return;
      const ml = labelsOf(sel.matchLabels);
      const keys = Object.keys(ml);
      // Filed under its most selective pair as the namespace stands: the fewest workloads carry
      // it (a pair every workload shares would make it a candidate for each of them).
      const weight = (x: string) => (ctlKeys.has(x) ? Infinity : (pairs.get(x)?.get(ml[x])?.size ?? 0));
      let k: string | undefined;
      for (const x of keys) if (k === undefined || weight(x) < weight(k)) k = x;
      const anchor: [string, string] | null = k === undefined ? null : [k, ml[k]];
      anchors.set(o, anchor);
      if (anchor) post(anchored, anchor[0], anchor[1], o);
      else unanchored.add(o);
      matchCount.set(o, 0);
      count(o, workloadsMatching(sel, (w) => how.selects(o, w, cx)).length);
    },
    removeSelecting(o) {
      const anchor = anchors.get(o);
      if (anchor === undefined) return;
      anchors.delete(o);
      if (anchor) unpost(anchored, anchor[0], anchor[1], o);
      else unanchored.delete(o);
      matchCount.delete(o);
      orphans.delete(o);
    },
    indexes: (o) => anchors.has(o),
    workloadsMatching,
    selecting,
    matchesOf(o) {
      const how = SELECTING[o.kind];
      const sel = how?.selector(o);
      return how && sel ? workloadsMatching(sel, (w) => how.selects(o, w, cx)) : [];
    },
    orphans: () => orphans,
  };
}
