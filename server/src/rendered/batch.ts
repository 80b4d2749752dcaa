// Several Kustomize roots rendered by one `kustomize` process (render.ts renderKustomizationGroup):
// a base edit re-renders every overlay, and each process spends most of its time starting and
// loading its OpenAPI schema. A group's output is used only when it is certainly what each root
// renders alone; otherwise its roots are rendered one by one.
import * as path from 'path';
import type { Discovery } from './discover';
import { remotesOf, treeOf } from './graph';
import { parseRenderedGroup, type Origin, type RenderedOutput, type SectionCache } from './origin';
import { groupMarker, kustomizeCommand, renderKustomizationGroup, type RenderOptions } from './render';
import type { RenderedScope } from './trees';

/** What earlier runs learnt, by root folder: `unsafe` roots are never grouped again; `failed`
 *  ones are rendered alone until they render. Owned by the caller (one per editor session). */
export interface BatchState {
  solo: Map<string, 'unsafe' | 'failed'>;
  /** The marker annotation (a nonce) and the sections of the last group outputs: with the same
   *  marker, and the wrapper in the staged copy, an unchanged object's section is the same text. */
  marker: string;
  sections: SectionCache;
}

export function newBatchState(): BatchState {
  return { solo: new Map(), marker: groupMarker(), sections: new Map() };
}

/** Roots a group holds at most: one slow or broken root delays no more than this many. */
export const MAX_GROUP = 24;

/**
 * May this root be rendered in a group? A Kustomize root that renders (trusted, local, parses)
 * and whose tree sets nothing Kustomize applies to the whole build. (BatchState may still set it apart.)
 */
export function groupable(d: Discovery, s: RenderedScope, opts: RenderOptions & { trusted: boolean }): boolean {
  if (s.kind !== 'kustomize' || !opts.trusted || !kustomizeCommand(opts)) return false;
  if (remotesOf(d.graph, s.dir).length) return false;
  return treeOf(d.graph, s.dir).every((k) => !k.error && k.global.length === 0);
}

/** The groupable scopes split into groups of 2 to MAX_GROUP; the rest are rendered alone. */
export function planGroups(scopes: RenderedScope[]): RenderedScope[][] {
  if (scopes.length < 2) return [];
  const n = Math.ceil(scopes.length / MAX_GROUP);
  const size = Math.ceil(scopes.length / n);
  const groups: RenderedScope[][] = [];
  for (let i = 0; i < scopes.length; i += size) groups.push(scopes.slice(i, i + size));
  return groups.filter((g) => g.length > 1);
}

/** Cluster-scoped kinds (Kustomize's list): their references cross namespaces. */
const CLUSTER_SCOPED = new Set([
  'APIService',
  'CSIDriver',
  'CSINode',
  'CertificateSigningRequest',
  'ComponentStatus',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'RuntimeClass',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
  'StorageClass',
  'SubjectAccessReview',
  'TokenReview',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

/**
 * Kustomize fixes name references once for the whole build, among the objects of the referrer's
 * namespace, cluster-scoped objects and the namespaces of a RoleBinding's subjects. So the roots'
 * builds cannot touch each other when every object has a namespace, no namespace holds objects of
 * two roots, no object is cluster-scoped, and no RoleBinding names another root's namespace.
 */
export function independent(parts: RenderedOutput[]): boolean {
  const owner = new Map<string, number>();
  for (let i = 0; i < parts.length; i++) {
    for (const { value } of parts[i].docs) {
      const ns = value.metadata?.namespace;
      const kind = String(value.kind ?? '');
      if (typeof ns !== 'string' || ns === '' || CLUSTER_SCOPED.has(kind) || kind.startsWith('Cluster')) return false;
      if ((owner.get(ns) ?? i) !== i) return false;
      owner.set(ns, i);
    }
  }
  for (let i = 0; i < parts.length; i++) {
    for (const { value } of parts[i].docs) {
      if (value.kind !== 'RoleBinding' || !Array.isArray(value.subjects)) continue;
      for (const sub of value.subjects) {
        const ns = sub && typeof sub === 'object' ? sub.namespace : undefined;
        if (typeof ns === 'string' && (owner.get(ns) ?? i) !== i) return false;
      }
    }
  }
  return true;
}

export type GroupOutcome =
  | { ok: true; parts: { rendered: RenderedOutput; resolvePath(o: Origin): string }[] }
  | { ok: false; why: 'failed' | 'unsafe' | 'cancelled' };

/** Render a group (each root's staged folder when `dirs` says so, the wrapper `within` the staged
 *  copy) and split its output by root. */
export async function renderGroup(
  scopes: RenderedScope[],
  dirs: { dir: string; unstage(p: string): string }[],
  opts: RenderOptions,
  state: BatchState,
  signal?: AbortSignal,
  within?: string,
): Promise<GroupOutcome> {
  const r = await renderKustomizationGroup(
    dirs.map((x) => x.dir),
    state.marker,
    opts,
    signal,
    within,
  );
  if (signal?.aborted) return { ok: false, why: 'cancelled' };
  if (!r.ok) return { ok: false, why: 'failed' };
  const byRoot = parseRenderedGroup(r.output, state.marker, state.sections);
  if (!byRoot || [...byRoot.keys()].some((k) => !/^r\d+$/.test(k) || Number(k.slice(1)) >= scopes.length))
    return { ok: false, why: 'unsafe' };
  const parts = scopes.map((_, i) => byRoot.get(`r${i}`) ?? { docs: [], text: '' });
  if (!independent(parts)) return { ok: false, why: 'unsafe' };
  return {
    ok: true,
    parts: parts.map((rendered, i) => ({
      rendered,
      resolvePath: (o: Origin) => dirs[i].unstage(path.resolve(r.baseDir, o.path)),
    })),
  };
}
