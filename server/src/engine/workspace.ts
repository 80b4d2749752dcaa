// The workspace index: every Kubernetes object across files, updated one file at a time.
//
// It is maintained incrementally (an edit touches only the objects of the documents that
// changed) and keeps, per namespace, objects by kind and two versions — one bumped when a
// workload changes, one when anything else does — so analysis can tell whose findings may have
// changed (see dependencyKey).
import { parseSteps, objectsOf, sourceFromData, DEFAULT_LIMITS, SKIPPED_RULE, type FileData, type ParseLimits } from './parse';
import type { KObject, Path, SourceFile } from './types';
import { asCount, getIn, isWorkload, specReplicas } from './k8s';
import { serviceReads } from './rules/shared/dns';

export interface IndexChanges {
  /** Namespaces where a workload / another object was added, removed or changed. */
  workloads: Set<string>;
  others: Set<string>;
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
  /** Files holding objects of a namespace (only those holding non-workload objects, on request). */
  filesIn(ns: string, nonWorkloadsOnly?: boolean): string[];
  /**
   * A key that changes whenever something an object's findings may depend on changes: for a
   * workload, the non-workload objects of its namespace; for anything else, everything in its
   * namespace and the set of kinds present.
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
}

interface Namespace {
  byKind: Map<string, Set<KObject>>;
  files: Map<string, number>;
  otherFiles: Map<string, number>;
  workloadVersion: number;
  otherVersion: number;
  all: KObject[] | null;
  workloads: KObject[] | null;
  kindLists: Map<string, KObject[]>;
  count: number;
}

const EMPTY: readonly KObject[] = Object.freeze([]);

export function createIndex(limits: ParseLimits = DEFAULT_LIMITS): WorkspaceIndex {
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
    for (const read of serviceReads(o) ?? []) {
      let m = readers.get(read);
      if (!m) readers.set(read, (m = new Map()));
      const c = (m.get(o.namespace) ?? 0) + delta;
      if (c > 0) m.set(o.namespace, c); else m.delete(o.namespace);
      if (m.size === 0) readers.delete(read);
    }
  }
  let changes: IndexChanges = { workloads: new Set(), others: new Set(), kinds: false };
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
    if (!n) namespaces.set(name, (n = { byKind: new Map(), files: new Map(), otherFiles: new Map(), workloadVersion: 0, otherVersion: 0, all: null, workloads: null, kindLists: new Map(), count: 0 }));
    return n;
  }
  function touched(n: Namespace, name: string, o: KObject, namespacesChanged = false) {
    if ((o.kind === 'Service' || namespacesChanged) && readers.has(name)) {
      foreignVersions.set(name, ++counter);
      for (const ns of readers.get(name)!.keys()) changes.others.add(ns);
    }
    n.all = null;
    n.kindLists.delete(o.kind);
    if (isWorkload(o)) { n.workloads = null; n.workloadVersion = ++counter; changes.workloads.add(name); }
    else { n.otherVersion = ++counter; changes.others.add(name); }
  }
  function add(o: KObject, file: string) {
    const n = ns(o.namespace);
    let set = n.byKind.get(o.kind);
    if (!set) n.byKind.set(o.kind, (set = new Set()));
    set.add(o);
    n.files.set(file, (n.files.get(file) ?? 0) + 1);
    if (!isWorkload(o)) n.otherFiles.set(file, (n.otherFiles.get(file) ?? 0) + 1);
    const c = kindCounts.get(o.kind) ?? 0;
    kindCounts.set(o.kind, c + 1);
    if (c === 0) { kindsVersion = ++counter; changes.kinds = true; }
    if (isWorkload(o)) workloadCount++;
    countReader(o, 1);
    touched(n, o.namespace, o, ++n.count === 1);
  }
  function remove(o: KObject, file: string) {
    const n = namespaces.get(o.namespace);
    if (!n) return;
    n.byKind.get(o.kind)?.delete(o);
    const f = (n.files.get(file) ?? 1) - 1;
    if (f > 0) n.files.set(file, f); else n.files.delete(file);
    if (!isWorkload(o)) {
      const g = (n.otherFiles.get(file) ?? 1) - 1;
      if (g > 0) n.otherFiles.set(file, g); else n.otherFiles.delete(file);
    }
    const c = (kindCounts.get(o.kind) ?? 1) - 1;
    if (c > 0) kindCounts.set(o.kind, c); else { kindCounts.delete(o.kind); kindsVersion = ++counter; changes.kinds = true; }
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
    setFile(file, text) {
      const steps = index.setFileSteps(file, text);
      for (;;) {
        const r = steps.next();
        if (r.done) return r.value;
      }
    },
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
    filesIn: (name, nonWorkloadsOnly = false) => {
      const n = namespaces.get(name);
      return n ? [...(nonWorkloadsOnly ? n.otherFiles : n.files).keys()] : [];
    },
    dependencyKey(obj) {
      const n = namespaces.get(obj.namespace);
      if (!n) return '';
      refreshIncomplete();
      const key = isWorkload(obj) ? `w${n.otherVersion}.${incompleteVersion}` : `o${n.workloadVersion}.${n.otherVersion}.${kindsVersion}.${incompleteVersion}`;
      // Naming Services by name, it also reads whether any Service exists (a dangling rule).
      const reads = serviceReads(obj);
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
      const c = changes;
      changes = { workloads: new Set(), others: new Set(), kinds: false };
      return c;
    },
  };
  return index;
}

/** An autoscaler (rules.md, Terms): a HorizontalPodAutoscaler or a KEDA ScaledObject, read alike. */
export interface Autoscaler {
  object: KObject;
  /** "HorizontalPodAutoscaler" or "ScaledObject", for messages. */
  kind: string;
  /** scaleTargetRef kind (a ScaledObject's defaults to Deployment) and name; null when unusable. */
  target: { kind: string; name: string } | null;
  /** The floor as written, with the API's default when unset (HPA 1, ScaledObject 0); undefined when not a count. */
  min: number | undefined;
  minSet: boolean;
  max: number | undefined;
  /** Where the floor and ceiling are written. */
  minPath: Path;
  maxPath: Path;
}

const SCALED_OBJECT_MAX_DEFAULT = 100;

export function isScaledObject(obj: Pick<KObject, 'kind' | 'apiVersion'>): boolean {
  return obj.kind === 'ScaledObject' && obj.apiVersion.startsWith('keda.sh/');
}

const autoscalerCache = new WeakMap<KObject, Autoscaler | null>();

/** The object read as an autoscaler, or null when it is none. */
export function autoscalerOf(obj: KObject): Autoscaler | null {
  let a = autoscalerCache.get(obj);
  if (a !== undefined) return a;
  const keda = isScaledObject(obj);
  a = null;
  if (keda || obj.kind === 'HorizontalPodAutoscaler') {
    const ref = getIn(obj.value, ['spec', 'scaleTargetRef']);
    const kind = getIn(ref, ['kind']) ?? (keda ? 'Deployment' : undefined);
    const name = getIn(ref, ['name']);
    const minPath: Path = ['spec', keda ? 'minReplicaCount' : 'minReplicas'];
    const maxPath: Path = ['spec', keda ? 'maxReplicaCount' : 'maxReplicas'];
    const rawMin = getIn(obj.value, minPath), rawMax = getIn(obj.value, maxPath);
    const minSet = rawMin !== undefined && rawMin !== null;
    const maxSet = rawMax !== undefined && rawMax !== null;
    a = {
      object: obj,
      kind: obj.kind,
      target: typeof kind === 'string' && typeof name === 'string' ? { kind, name } : null,
      min: minSet ? asCount(rawMin) : keda ? 0 : 1,
      minSet,
      max: maxSet ? asCount(rawMax) : keda ? SCALED_OBJECT_MAX_DEFAULT : undefined,
      minPath,
      maxPath,
    };
  }
  autoscalerCache.set(obj, a);
  return a;
}

/** Autoscalers (HPAs and ScaledObjects) in the workload's namespace whose scaleTargetRef names it (kind + name). */
export function autoscalersTargeting(index: WorkspaceIndex, obj: KObject): Autoscaler[] {
  const out: Autoscaler[] = [];
  for (const kind of ['HorizontalPodAutoscaler', 'ScaledObject']) {
    for (const o of index.ofKind(obj.namespace, kind)) {
      const a = autoscalerOf(o);
      if (a?.target && a.target.kind === obj.kind && a.target.name === obj.name) out.push(a);
    }
  }
  return out;
}

/** The autoscaler objects targeting the workload (HPAs and ScaledObjects alike). */
export function hpasTargeting(index: WorkspaceIndex, obj: KObject): KObject[] {
  return autoscalersTargeting(index, obj).map((a) => a.object);
}

/** Effective replicas (rules.md): spec.replicas (1 when unset), or the targeting autoscalers' floor
 *  (a ScaledObject's 0, scale to zero, counts as 1). */
export function effectiveReplicas(index: WorkspaceIndex, obj: KObject): number {
  const scalers = autoscalersTargeting(index, obj);
  if (scalers.length > 0) return Math.min(...scalers.map((a) => Math.max(1, a.min ?? 1)));
  return specReplicas(obj);
}

/** The order of the index's lists: by file, then document. Not the order objects were added in,
 *  which follows the edit history: the same files must give the same findings (a rule's "nearest"
 *  candidate, its related objects). */
function byPlace(a: KObject, b: KObject): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.docIndex - b.docIndex;
}

export function workloadsIn(index: WorkspaceIndex, ns: string): readonly KObject[] {
  return index.workloadsIn(ns);
}
