// What the rules need to know about Kubernetes object shapes, in one place.
import type { KObject, Path } from './types';
import { labelsOf, withControllerLabels, type ControllerLabels, type Labels } from './selectors';

const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);
const WORKLOADS = new Set([...REPLICATED, 'DaemonSet', 'Job', 'CronJob', 'Pod']);

export function isRollout(obj: Pick<KObject, 'kind' | 'apiVersion'>): boolean {
  return obj.kind === 'Rollout' && obj.apiVersion.startsWith('argoproj.io/');
}

export function isWorkload(obj: Pick<KObject, 'kind' | 'apiVersion'>): boolean {
  return WORKLOADS.has(obj.kind) || isRollout(obj);
}

export function isReplicated(obj: Pick<KObject, 'kind' | 'apiVersion'>): boolean {
  return REPLICATED.has(obj.kind) || isRollout(obj);
}

/** Jobs and CronJobs are exempt from every HA rule but a few (rules.md, Terms). */
export function isBatch(obj: Pick<KObject, 'kind'>): boolean {
  return obj.kind === 'Job' || obj.kind === 'CronJob';
}

/** Path of the pod template's metadata+spec holder, or [] for a bare Pod. */
export function templatePath(obj: Pick<KObject, 'kind'>): Path {
  if (obj.kind === 'Pod') return [];
  if (obj.kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template'];
  return ['spec', 'template'];
}

export function podSpecPath(obj: Pick<KObject, 'kind'>): Path {
  return [...templatePath(obj), 'spec'];
}

export function podLabelsPath(obj: Pick<KObject, 'kind'>): Path {
  return [...templatePath(obj), 'metadata', 'labels'];
}

export function getIn(value: unknown, path: Path): any {
  let v: any = value;
  for (const step of path) {
    if (v === null || v === undefined || typeof v !== 'object') return undefined;
    v = v[step as any];
  }
  return v;
}

export function podSpec(obj: KObject): Record<string, any> {
  const s = getIn(obj.value, podSpecPath(obj));
  return s && typeof s === 'object' && !Array.isArray(s) ? s : {};
}

// An object's value never changes (a changed document is a new object), so its pod labels are
// computed once: selectors test them for every Service, PDB and spread term.
const podLabelsCache = new WeakMap<KObject, Labels>();

export function podLabels(obj: KObject): Labels {
  let labels = podLabelsCache.get(obj);
  if (!labels) {
    const own = labelsOf(getIn(obj.value, podLabelsPath(obj)));
    const ctl = controllerLabels(obj);
    podLabelsCache.set(obj, (labels = ctl ? withControllerLabels(own, ctl) : own));
  }
  return labels;
}

/** The labels the workload's controller adds to each pod (rules.md, Terms "Pod labels"). A
 *  StatefulSet's pod indexes run to spec.replicas: pod labels are the object's own, not the
 *  workspace's (an autoscaler scales between its bounds anyway). */
function controllerLabels(obj: KObject): ControllerLabels | null {
  if (obj.kind === 'StatefulSet') return { anyValue: ['controller-revision-hash'], statefulSet: { name: obj.name, replicas: specReplicas(obj) } };
  if (obj.kind === 'Deployment') return { anyValue: ['pod-template-hash'] };
  if (obj.kind === 'DaemonSet') return { anyValue: ['controller-revision-hash', 'pod-template-generation'] };
  if (isRollout(obj)) return { anyValue: ['rollouts-pod-template-hash'] };
  return null;
}

export function podAnnotations(obj: KObject): Record<string, unknown> {
  const a = getIn(obj.value, [...templatePath(obj), 'metadata', 'annotations']);
  return a && typeof a === 'object' && !Array.isArray(a) ? a : {};
}

export interface ContainerRef {
  container: Record<string, any>;
  /** Path of the container in the document. */
  path: Path;
  index: number;
}

/** The regular (not init) containers of a workload, with their paths. */
export function containers(obj: KObject): ContainerRef[] {
  const list = podSpec(obj).containers;
  if (!Array.isArray(list)) return [];
  const base = [...podSpecPath(obj), 'containers'];
  const out: ContainerRef[] = [];
  list.forEach((c, index) => {
    if (c && typeof c === 'object' && !Array.isArray(c)) out.push({ container: c, path: [...base, index], index });
  });
  return out;
}

/** A count field: integers (or integer strings); anything else is undefined. */
export function asCount(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** `spec.replicas` as the API reads it: 1 when unset. */
export function specReplicas(obj: KObject): number {
  return asCount(getIn(obj.value, ['spec', 'replicas'])) ?? 1;
}

export function hasSpecReplicas(obj: KObject): boolean {
  const spec = getIn(obj.value, ['spec']);
  return !!spec && typeof spec === 'object' && spec.replicas !== undefined && spec.replicas !== null;
}

/** A percentage like "50%" → 50; otherwise undefined. */
export function asPercent(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)%\s*$/.exec(v);
  return m ? Number(m[1]) : undefined;
}

export function displayName(obj: Pick<KObject, 'kind' | 'name'>): string {
  return `${obj.kind} ${obj.name || '(unnamed)'}`;
}
