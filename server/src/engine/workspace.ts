// The workspace index: every Kubernetes object across files, updated one file at a time.
import { parseSource, objectsOf } from './parse';
import type { KObject, SourceFile } from './types';
import { asCount, getIn, isWorkload, specReplicas } from './k8s';

export interface WorkspaceIndex {
  /** Parse a file's text and replace what the index held for it. Returns the parsed file. */
  setFile(file: string, text: string): SourceFile;
  /** Put an already parsed file in the index (parsing can happen elsewhere). */
  putSource(source: SourceFile): void;
  removeFile(file: string): void;
  getFile(file: string): SourceFile | undefined;
  files(): string[];
  /** Every object in the index. */
  objects(): KObject[];
  /** Objects whose namespace is ns. */
  inNamespace(ns: string): KObject[];
  /** Does any object of this kind exist anywhere in the analysis? (for "dangling" rules) */
  hasKind(kind: string): boolean;
  /** Bumped on every change; lets callers cache derived data. */
  readonly version: number;
}

export function createIndex(): WorkspaceIndex {
  const sources = new Map<string, SourceFile>();
  let byNamespace: Map<string, KObject[]> | null = null;
  let kinds: Set<string> | null = null;
  let version = 0;

  function invalidate() {
    byNamespace = null;
    kinds = null;
    version++;
  }
  function build() {
    byNamespace = new Map();
    kinds = new Set();
    for (const s of sources.values()) {
      for (const o of objectsOf(s)) {
        let list = byNamespace.get(o.namespace);
        if (!list) byNamespace.set(o.namespace, (list = []));
        list.push(o);
        kinds.add(o.kind);
      }
    }
  }
  return {
    setFile(file, text) {
      const s = parseSource(file, text);
      sources.set(file, s);
      invalidate();
      return s;
    },
    putSource(source) {
      sources.set(source.file, source);
      invalidate();
    },
    removeFile(file) {
      if (sources.delete(file)) invalidate();
    },
    getFile: (file) => sources.get(file),
    files: () => [...sources.keys()],
    objects() {
      const out: KObject[] = [];
      for (const s of sources.values()) out.push(...objectsOf(s));
      return out;
    },
    inNamespace(ns) {
      if (!byNamespace) build();
      return byNamespace!.get(ns) ?? [];
    },
    hasKind(kind) {
      if (!kinds) build();
      return kinds!.has(kind);
    },
    get version() { return version; },
  };
}

/** HPAs in the workload's namespace whose scaleTargetRef names it (kind + name). */
export function hpasTargeting(index: WorkspaceIndex, obj: KObject): KObject[] {
  return index.inNamespace(obj.namespace).filter((o) =>
    o.kind === 'HorizontalPodAutoscaler'
    && getIn(o.value, ['spec', 'scaleTargetRef', 'kind']) === obj.kind
    && getIn(o.value, ['spec', 'scaleTargetRef', 'name']) === obj.name);
}

/** Effective replicas (rules.md): spec.replicas (1 when unset), or the targeting HPA's minReplicas. */
export function effectiveReplicas(index: WorkspaceIndex, obj: KObject): number {
  const hpas = hpasTargeting(index, obj);
  if (hpas.length > 0) return Math.min(...hpas.map((h) => asCount(getIn(h.value, ['spec', 'minReplicas'])) ?? 1));
  return specReplicas(obj);
}

export function workloadsIn(index: WorkspaceIndex, ns: string): KObject[] {
  return index.inNamespace(ns).filter(isWorkload);
}
