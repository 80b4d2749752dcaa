// The Kustomize graph (rules.md "Rendered sources"): what each kustomization uses, which ones are
// roots, and which files are fragments. Pure: paths in, paths out (POSIX or native, as given).
import * as path from 'path';
import { parse } from 'yaml';

export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface Kustomization {
  dir: string;
  file: string;
  /** Local resources: files or directories, resolved against dir. */
  resources: string[];
  components: string[];
  /** Patch files (patches[].path, patchesStrategicMerge, patchesJson6902[].path). */
  patches: string[];
  /** Other files it reads: generator sources, replacements' paths, configurations. */
  reads: string[];
  /** Resources, components or bases it names by URL: never fetched. */
  remote: string[];
  /** kind: Component. */
  isComponent: boolean;
  /** Fields whose effect reaches past this tree when it is built beside others (vars, openapi,
   *  configurations, crds): such a tree is never rendered in one run with other roots. */
  global: string[];
  /** The file does not parse as a kustomization. */
  error: string | null;
}

/** A resource named by URL or git spec: kustomize would fetch it. */
export function isRemote(ref: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) ||
    /^git@/.test(ref) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(ref) ||
    /[?&]ref=/.test(ref)
  );
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

/** An inline patch (a string holding YAML) is not a file; a `path:` entry is. */
function pathsOf(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((e) =>
      e && typeof e === 'object' && typeof (e as any).path === 'string' ? ((e as any).path as string) : null,
    )
    .filter((x): x is string => !!x);
}

/** Kustomize resolves vars, sets the OpenAPI schema and merges transformer configurations and CRDs
 *  for the whole build, not per root. */
const GLOBAL_FIELDS = ['vars', 'openapi', 'configurations', 'crds'];

/** What a kustomization file names, resolved against its directory. */
export function parseKustomization(file: string, text: string): Kustomization {
  const dir = path.dirname(file);
  const k: Kustomization = {
    dir,
    file,
    resources: [],
    components: [],
    patches: [],
    reads: [],
    remote: [],
    isComponent: false,
    global: [],
    error: null,
  };
  let v: any;
  try {
    v = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    k.error = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return k;
  }
  if (v === null || v === undefined) return k;
  if (typeof v !== 'object' || Array.isArray(v)) {
    k.error = 'not a map';
    return k;
  }
  k.isComponent = v.kind === 'Component';
  k.global = GLOBAL_FIELDS.filter((f) => v[f] !== undefined && v[f] !== null);
  const local = (list: string[], into: string[]) => {
    for (const r of list) {
      if (isRemote(r)) k.remote.push(r);
      else into.push(path.resolve(dir, r));
    }
  };
  local([...strings(v.resources), ...strings(v.bases)], k.resources);
  local(strings(v.components), k.components);
  local(
    [
      ...pathsOf(v.patches),
      ...strings(v.patchesStrategicMerge).filter((p) => !p.includes('\n')),
      ...pathsOf(v.patchesJson6902),
    ],
    k.patches,
  );
  const reads: string[] = [...strings(v.configurations), ...strings(v.crds), ...pathsOf(v.replacements)];
  for (const g of [
    ...(Array.isArray(v.configMapGenerator) ? v.configMapGenerator : []),
    ...(Array.isArray(v.secretGenerator) ? v.secretGenerator : []),
  ]) {
    if (!g || typeof g !== 'object') continue;
    for (const f of [...strings(g.files), ...strings(g.envs), ...(typeof g.env === 'string' ? [g.env] : [])])
      reads.push(f.includes('=') ? f.slice(f.indexOf('=') + 1) : f);
  }
  local(reads, k.reads);
  return k;
}

export interface Graph {
  kustomizations: Map<string, Kustomization>;
  /** Kustomizations no other one uses as a resource or component, sorted. */
  roots: string[];
  /** Patch files of every kustomization (rules.md: fragments). */
  fragments: Set<string>;
  /** Every file some kustomization uses (its own file, resources, patches, reads), transitively. */
  used: Set<string>;
}

/** The graph over kustomizations keyed by directory. */
export function buildGraph(kustomizations: Map<string, Kustomization>): Graph {
  const usedDirs = new Set<string>();
  const fragments = new Set<string>();
  const used = new Set<string>();
  for (const k of kustomizations.values()) {
    used.add(k.file);
    for (const d of [...k.resources, ...k.components]) if (kustomizations.has(d)) usedDirs.add(d);
    for (const p of k.patches) {
      fragments.add(p);
      used.add(p);
    }
    for (const r of [...k.resources, ...k.reads]) if (!kustomizations.has(r)) used.add(r);
  }
  // A component (kind Component) is never built on its own; a used one is in usedDirs anyway.
  const roots = [...kustomizations.keys()]
    .filter((d) => !usedDirs.has(d) && !kustomizations.get(d)!.isComponent)
    .sort();
  return { kustomizations, roots, fragments, used };
}

/** The kustomizations a root reaches (itself included), depth first. */
export function treeOf(graph: Graph, root: string): Kustomization[] {
  const out: Kustomization[] = [];
  const seen = new Set<string>();
  const visit = (dir: string) => {
    const k = graph.kustomizations.get(dir);
    if (!k || seen.has(dir)) return;
    seen.add(dir);
    out.push(k);
    for (const d of [...k.resources, ...k.components]) visit(d);
  };
  visit(root);
  return out;
}

/** Every file a root's render reads (kustomization files, resources, patches, reads). */
export function filesOfTree(graph: Graph, root: string): Set<string> {
  const out = new Set<string>();
  for (const k of treeOf(graph, root)) {
    out.add(k.file);
    for (const f of [...k.resources, ...k.patches, ...k.reads]) if (!graph.kustomizations.has(f)) out.add(f);
  }
  return out;
}

/** Remote references anywhere in a root's tree. */
export function remotesOf(graph: Graph, root: string): string[] {
  return treeOf(graph, root).flatMap((k) => k.remote);
}
