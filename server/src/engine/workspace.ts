// The workspace index: every Kubernetes object across files, updated one file at a time.
//
// It is maintained incrementally (an edit touches only the objects of the documents that
// changed) and keeps, per namespace, objects by kind and two versions — one bumped when a
// workload changes, one when anything else does — so analysis can tell whose findings may have
// changed (see dependencyKey).
import {
  parseSteps,
  objectsOf,
  sourceFromData,
  DEFAULT_LIMITS,
  SKIPPED_RULE,
  type FileData,
  type ParseLimits,
} from './parse';
import type { KObject, SourceFile } from './types';
import { isWorkload } from './k8s';
import { autoscalerOf } from './autoscalers';
import { serviceReads } from './rules/shared/dns';
import { byPlace, isSelecting } from './label-index';
import { count, EMPTY, keyed, newNamespace, sorted, type Namespace } from './workspace-namespace';
import type { LabelSelector } from './selectors';
import { createAnalysisContext, type AnalysisContext } from './context';
import { runToEnd } from './steps';

export { autoscalerOf, autoscalersTargeting, effectiveReplicas, hpasTargeting } from './autoscalers';

export interface IndexChanges {
  /** Namespaces where an object other than a workload was added, removed or changed. */
  others: Set<string>;
  /** Files whose findings a changed workload may change: those of the Services and PDBs whose
   *  match set it joined or left, of those selecting nothing, and of the namespace's other
   *  non-workload objects (see dependencyKey). */
  files: Set<string>;
  /** The set of kinds present anywhere changed (the "dangling" rules look at it). */
  kinds: boolean;
}

export interface WorkspaceIndex {
  /** Parse a file's text (reusing its unchanged documents) and replace what the index held for it. */
  setFile(file: string, text: string): SourceFile;
  /** setFile in steps (see parseSteps); the index changes only at the end. */
  setFileSteps(file: string, text: string): Generator<void, SourceFile>;
  /** setFile for a file parsed elsewhere (parseFileData, e.g. in a worker thread): no Documents are kept. */
  setParsedFile(file: string, text: string, data: FileData): SourceFile;
  removeFile(file: string): void;
  getFile(file: string): SourceFile | undefined;
  files(): string[];
  /** Every object in the index. */
  objects(): KObject[];
  /** Objects whose namespace is ns. */
  inNamespace(ns: string): readonly KObject[];
  /** Objects of a kind in a namespace. */
  ofKind(ns: string, kind: string): readonly KObject[];
  /** Workloads of a namespace. */
  workloadsIn(ns: string): readonly KObject[];
  /** Does any object of this kind exist anywhere in the analysis? (for "dangling" rules) */
  hasKind(kind: string): boolean;
  /** Does any workload exist anywhere in the analysis? */
  hasWorkload(): boolean;
  /** Files holding objects of a namespace. */
  filesIn(ns: string): string[];
  /** How many objects the namespace holds. */
  countIn(ns: string): number;
  /** Objects of a kind and name in a namespace, in place order. */
  named(ns: string, kind: string, name: string): readonly KObject[];
  /** Objects (autoscalers) of a namespace whose spec.scaleTargetRef names this kind and name. */
  targeting(ns: string, kind: string, name: string): readonly KObject[];
  /** Workloads of a namespace, for which test holds, among those the selector may select (from
   *  the label index: about the number of matches); in place order. */
  workloadsMatching(ns: string, selector: LabelSelector, test: (w: KObject) => boolean): KObject[];
  /** Services / PodDisruptionBudgets of the workload's namespace that select it; in place order. */
  selecting(kind: 'Service' | 'PodDisruptionBudget', workload: KObject): KObject[];
  /**
   * A key that changes whenever something an object's findings may depend on changes: for a
   * workload, the non-workload objects of its namespace; for a Service or PDB with a selector,
   * the other non-workloads of its namespace, the set of kinds present and the workloads it
   * selects (every workload of the namespace while it selects none); for anything else,
   * everything in its namespace and the set of kinds present.
   */
  dependencyKey(obj: KObject): string;
  /** What changed since the last call. */
  takeChanges(): IndexChanges;
  /** Mark (reason) or unmark (null) a source that could not be rendered, by key (rules.md, Terms:
   *  dangling rules report at info while something of the analysis is unseen). */
  setIncomplete(source: string, reason: string | null): void;
  /** Did the analysis miss something: an indexed file with an analysis-skipped parse finding, or
   *  a source marked by setIncomplete? */
  isIncomplete(): boolean;
  limits: ParseLimits;
  /** The caches of analyses over this index (context.ts): kept as long as the index. */
  readonly context: AnalysisContext;
}

/** An index and, unless given one, a new analysis context for its lifetime (see context.ts). */
export function createIndex(
  limits: ParseLimits = DEFAULT_LIMITS,
  context: AnalysisContext = createAnalysisContext(),
): WorkspaceIndex {
  const sources = new Map<string, SourceFile>();
  const namespaces = new Map<string, Namespace>();
  const kindCounts = new Map<string, number>();
  let workloadCount = 0;
  let counter = 0;
  let kindsVersion = 0;
  // Objects whose findings read Services of other namespaces (serviceReads): per read
  // namespace, a version bumped when a Service there changes or it appears or empties, and how
  // many such objects each reading namespace holds (whose files must be checked again then).
  const foreignVersions = new Map<string, number>();
  const readers = new Map<string, Map<string, number>>();
  function countReader(o: KObject, delta: number) {
    for (const read of serviceReads(o, context) ?? []) {
      let m = readers.get(read);
      if (!m) readers.set(read, (m = new Map()));
      const c = (m.get(o.namespace) ?? 0) + delta;
      if (c > 0) m.set(o.namespace, c);
      else m.delete(o.namespace);
      if (m.size === 0) readers.delete(read);
    }
  }
  let changes: IndexChanges = { others: new Set(), files: new Set(), kinds: false };
  // Identities for dependency keys: a changed object is a new KObject with a new serial.
  const serials = new WeakMap<KObject, number>();
  // What a Service or PDB selects changes only with its namespace's workloads (their version).
  const selected = new WeakMap<KObject, { workloadVersion: number; on: string }>();
  // Namespaces whose workloads changed since takeChanges (see workloadMoved).
  const readersOfAll = new Set<string>();
  // Completeness, kept incrementally: files set since the last look are checked once (callers
  // add parse findings right after setFile, e.g. an over-limit skip), not every file per call.
  const unchecked = new Set<string>();
  const skippedFiles = new Set<string>();
  const unrendered = new Map<string, string>();
  let incomplete = false;
  let incompleteVersion = 0;
  function refreshIncomplete(): boolean {
    for (const file of unchecked) {
      if (sources.get(file)?.parseFindings.some((f) => f.rule === SKIPPED_RULE)) skippedFiles.add(file);
      else skippedFiles.delete(file);
    }
    unchecked.clear();
    const now = skippedFiles.size > 0 || unrendered.size > 0;
    if (now !== incomplete) {
      incomplete = now;
      incompleteVersion = ++counter;
      changes.kinds = true; // dangling rules' findings change everywhere
    }
    return incomplete;
  }

  function ns(name: string): Namespace {
    let n = namespaces.get(name);
    if (!n) namespaces.set(name, (n = newNamespace(context)));
    return n;
  }
  /** The objects whose findings a workload's arrival or departure may change (IndexChanges.files). */
  function workloadMoved(name: string, selectors: KObject[]) {
    for (const o of selectors) changes.files.add(o.file);
    // Those that read every workload are named once, at takeChanges: naming them per workload
    // would make indexing a namespace quadratic. An object that stops selecting nothing in
    // between was among `selectors` of that change.
    readersOfAll.add(name);
  }
  function touched(n: Namespace, name: string, o: KObject, namespacesChanged = false) {
    if ((o.kind === 'Service' || namespacesChanged) && readers.has(name)) {
      foreignVersions.set(name, ++counter);
      for (const ns of readers.get(name)!.keys()) changes.others.add(ns);
    }
    n.all = null;
    n.kindLists.delete(o.kind);
    if (isWorkload(o)) {
      n.workloads = null;
      n.workloadVersion = ++counter;
    } else {
      n.otherVersion = ++counter;
      changes.others.add(name);
    }
  }
  /** Is the object's dependency key the precise one of a Service or PDB with a selector? */
  const precise = (n: Namespace, o: KObject) => isSelecting(o) && n.labels.indexes(o);
  /** File the object in (on) or out of the by-name, by-target and label indexes. */
  function indexed(n: Namespace, o: KObject, file: string, on: boolean) {
    keyed(n.named, `${o.kind}\0${o.name}`, o, on);
    const target = autoscalerOf(o, context)?.target;
    if (target) keyed(n.targets, `${target.kind}\0${target.name}`, o, on);
    if (isWorkload(o)) workloadMoved(o.namespace, on ? n.labels.addWorkload(o) : n.labels.removeWorkload(o));
    else {
      if (on) n.labels.addSelecting(o);
      if (!precise(n, o)) count(n.broadFiles, file, on ? 1 : -1);
      if (!on) n.labels.removeSelecting(o);
    }
  }
  function add(o: KObject, file: string) {
    const n = ns(o.namespace);
    let set = n.byKind.get(o.kind);
    if (!set) n.byKind.set(o.kind, (set = new Set()));
    set.add(o);
    n.files.set(file, (n.files.get(file) ?? 0) + 1);
    serials.set(o, ++counter);
    indexed(n, o, file, true);
    const c = kindCounts.get(o.kind) ?? 0;
    kindCounts.set(o.kind, c + 1);
    if (c === 0) {
      kindsVersion = ++counter;
      changes.kinds = true;
    }
    if (isWorkload(o)) workloadCount++;
    countReader(o, 1);
    touched(n, o.namespace, o, ++n.count === 1);
  }
  function remove(o: KObject, file: string) {
    const n = namespaces.get(o.namespace);
    if (!n) return;
    n.byKind.get(o.kind)?.delete(o);
    const f = (n.files.get(file) ?? 1) - 1;
    if (f > 0) n.files.set(file, f);
    else n.files.delete(file);
    indexed(n, o, file, false);
    const c = (kindCounts.get(o.kind) ?? 1) - 1;
    if (c > 0) kindCounts.set(o.kind, c);
    else {
      kindCounts.delete(o.kind);
      kindsVersion = ++counter;
      changes.kinds = true;
    }
    if (isWorkload(o)) workloadCount--;
    countReader(o, -1);
    touched(n, o.namespace, o, --n.count === 0);
  }
  /** Replace the objects of one file: only those that are not the same (reused) objects change. */
  function replace(file: string, before: KObject[], after: KObject[]) {
    const keep = new Set(after);
    const had = new Set(before);
    // A reused object whose namespace is unchanged stays; the parser keeps its identity.
    for (const o of before) if (!keep.has(o)) remove(o, file);
    for (const o of after) if (!had.has(o)) add(o, file);
  }

  const index: WorkspaceIndex = {
    limits,
    context,
    setFile: (file, text) => runToEnd(index.setFileSteps(file, text)),
    *setFileSteps(file, text) {
      const previous = sources.get(file);
      const before = previous ? objectsOf(previous) : [];
      const s = yield* parseSteps(file, text, previous, limits);
      sources.set(file, s);
      unchecked.add(file);
      replace(file, before, objectsOf(s));
      return s;
    },
    setParsedFile(file, text, data) {
      const previous = sources.get(file);
      const s = sourceFromData(file, text, data);
      sources.set(file, s);
      unchecked.add(file);
      replace(file, previous ? objectsOf(previous) : [], objectsOf(s));
      return s;
    },
    removeFile(file) {
      const s = sources.get(file);
      if (!s) return;
      sources.delete(file);
      unchecked.add(file);
      replace(file, objectsOf(s), []);
    },
    getFile: (file) => sources.get(file),
    files: () => [...sources.keys()],
    objects() {
      const out: KObject[] = [];
      for (const s of sources.values()) for (const d of s.docs) if (d.object) out.push(d.object);
      return out;
    },
    inNamespace(name) {
      const n = namespaces.get(name);
      if (!n) return EMPTY;
      if (!n.all) {
        n.all = [];
        for (const set of n.byKind.values()) for (const o of set) n.all.push(o);
        n.all.sort(byPlace);
      }
      return n.all;
    },
    ofKind(name, kind) {
      const n = namespaces.get(name);
      const set = n?.byKind.get(kind);
      if (!n || !set || set.size === 0) return EMPTY;
      let list = n.kindLists.get(kind);
      if (!list) n.kindLists.set(kind, (list = [...set].sort(byPlace)));
      return list;
    },
    workloadsIn(name) {
      const n = namespaces.get(name);
      if (!n) return EMPTY;
      if (!n.workloads) n.workloads = index.inNamespace(name).filter(isWorkload);
      return n.workloads;
    },
    hasKind: (kind) => (kindCounts.get(kind) ?? 0) > 0,
    hasWorkload: () => workloadCount > 0,
    filesIn: (name) => {
      const n = namespaces.get(name);
      return n ? [...n.files.keys()] : [];
    },
    countIn: (name) => namespaces.get(name)?.count ?? 0,
    named: (name, kind, objName) => sorted(namespaces.get(name)?.named.get(`${kind}\0${objName}`)),
    targeting: (name, kind, objName) => sorted(namespaces.get(name)?.targets.get(`${kind}\0${objName}`)),
    workloadsMatching: (name, selector, test) => namespaces.get(name)?.labels.workloadsMatching(selector, test) ?? [],
    selecting: (kind, workload) => namespaces.get(workload.namespace)?.labels.selecting(kind, workload) ?? [],
    dependencyKey(obj) {
      const n = namespaces.get(obj.namespace);
      if (!n) return '';
      refreshIncomplete();
      let key: string;
      if (isWorkload(obj)) key = `w${n.otherVersion}.${incompleteVersion}`;
      else if (precise(n, obj)) {
        // Which workloads it selects, by identity (a changed workload is a new object); while it
        // selects none, its findings name the nearest of all (service-selects-nothing).
        let sel = selected.get(obj);
        if (sel?.workloadVersion !== n.workloadVersion) {
          const m = n.labels.matchesOf(obj);
          const on = m.length > 0 ? `m${m.map((w) => serials.get(w)).join(',')}` : `a${n.workloadVersion}`;
          selected.set(obj, (sel = { workloadVersion: n.workloadVersion, on }));
        }
        const on = sel.on;
        key = `s${n.otherVersion}.${kindsVersion}.${incompleteVersion}.${on}`;
      } else key = `o${n.workloadVersion}.${n.otherVersion}.${kindsVersion}.${incompleteVersion}`;
      // Naming Services by name, it also reads whether any Service exists (a dangling rule).
      const reads = serviceReads(obj, context);
      if (reads === null) return key;
      let x = `${key}.k${kindsVersion}`;
      for (const read of reads) x += `.${foreignVersions.get(read) ?? 0}`;
      return x;
    },
    setIncomplete(source, reason) {
      if (reason === null) unrendered.delete(source);
      else unrendered.set(source, reason);
      refreshIncomplete();
    },
    isIncomplete: refreshIncomplete,
    takeChanges() {
      refreshIncomplete();
      for (const name of readersOfAll) {
        const n = namespaces.get(name);
        if (!n) continue;
        for (const o of n.labels.orphans()) changes.files.add(o.file);
        for (const f of n.broadFiles.keys()) changes.files.add(f);
      }
      readersOfAll.clear();
      const c = changes;
      changes = { others: new Set(), files: new Set(), kinds: false };
      return c;
    },
  };
  return index;
}

export function workloadsIn(index: WorkspaceIndex, ns: string): readonly KObject[] {
  return index.workloadsIn(ns);
}
