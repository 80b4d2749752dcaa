// What the rules need to know about Kubernetes object shapes, in one place.
import type { KObject, Path } from './types';
import type { AnalysisContext } from './context';
import {
  asSelector,
  labelsOf,
  mapSelector,
  withControllerLabels,
  type ControllerLabels,
  type LabelSelector,
  type Labels,
} from './selectors';

// DeploymentConfig is OpenShift's alone (also served as legacy `v1`): its kind decides.
const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'DeploymentConfig']);
const WORKLOADS = new Set([...REPLICATED, 'DaemonSet', 'Job', 'CronJob', 'Pod']);

export function isRollout(obj: Pick<KObject, 'kind' | 'apiVersion'>): boolean {
  return obj.kind === 'Rollout' && obj.apiVersion.startsWith('argoproj.io/');
}

/**
 * The pod labels prometheus-operator documents it sets on the pods of each custom resource (the
 * "reserved" labels of `spec.podMetadata` in pkg/apis/monitoring/v1/{prometheus,alertmanager,
 * thanos}_types.go). The version label is left out: its value is the operator's default version
 * when `spec.version` is unset.
 */
const OPERATOR_POD_LABELS: Record<string, (name: string) => Labels> = {
  Prometheus: (name) => ({
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'app.kubernetes.io/name': 'prometheus',
    'operator.prometheus.io/name': name,
    'operator.prometheus.io/shard': '0',
    prometheus: name,
  }),
  Alertmanager: (name) => ({
    alertmanager: name,
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'app.kubernetes.io/name': 'alertmanager',
  }),
  ThanosRuler: (name) => ({
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'app.kubernetes.io/name': 'thanos-ruler',
    'thanos-ruler': name,
  }),
};

/** The StatefulSet the operator creates for a resource is `<prefix>-<name>`. */
const OPERATOR_STATEFULSETS: Record<string, string> = {
  Prometheus: 'prometheus',
  Alertmanager: 'alertmanager',
  ThanosRuler: 'thanos-ruler',
};

/** prometheus-operator's Prometheus, Alertmanager, ThanosRuler: the operator writes their pods. */
export function isOperatorWorkload(obj: Pick<KObject, 'kind' | 'apiVersion'>): boolean {
  return (
    Object.prototype.hasOwnProperty.call(OPERATOR_POD_LABELS, obj.kind) &&
    obj.apiVersion.startsWith('monitoring.coreos.com/')
  );
}

export function isWorkload(obj: Pick<KObject, 'kind' | 'apiVersion'>): boolean {
  return WORKLOADS.has(obj.kind) || isRollout(obj) || isOperatorWorkload(obj);
}

export function isReplicated(obj: Pick<KObject, 'kind' | 'apiVersion'>): boolean {
  return REPLICATED.has(obj.kind) || isRollout(obj) || isOperatorWorkload(obj);
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

export function podSpecPath(obj: Pick<KObject, 'kind'> & Partial<Pick<KObject, 'apiVersion'>>): Path {
  // The operator's resources carry affinity, spread and node selection in `spec` itself.
  if (obj.apiVersion !== undefined && isOperatorWorkload({ kind: obj.kind, apiVersion: obj.apiVersion }))
    return ['spec'];
  return [...templatePath(obj), 'spec'];
}

export function podLabelsPath(obj: Pick<KObject, 'kind'> & Partial<Pick<KObject, 'apiVersion'>>): Path {
  if (obj.apiVersion !== undefined && isOperatorWorkload({ kind: obj.kind, apiVersion: obj.apiVersion }))
    return ['spec', 'podMetadata', 'labels'];
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
  if (!s || typeof s !== 'object' || Array.isArray(s)) return {};
  if (!isOperatorWorkload(obj)) return s;
  // Container rules do not apply to the operator's resources: it writes the containers, and
  // `spec.containers` there only patches them. (A shallow copy per call: such objects are few.)
  const { containers: _c, initContainers: _i, ...rest } = s as Record<string, any>;
  return rest;
}

/** The workload's pod labels (rules.md, Terms "Pod labels"). An object's value never changes (a
 *  changed document is a new object), so they are computed once per analysis context: selectors
 *  test them for every Service, PDB and spread term. */
export function podLabels(obj: KObject, cx: AnalysisContext): Labels {
  let labels = cx.podLabels.get(obj);
  if (!labels) {
    const own = labelsOf(getIn(obj.value, podLabelsPath(obj)));
    const ctl = controllerLabels(obj);
    // The operator's reserved labels cannot be overridden by spec.podMetadata.labels.
    const base = isOperatorWorkload(obj)
      ? (Object.freeze({ ...own, ...OPERATOR_POD_LABELS[obj.kind](obj.name) }) as Labels)
      : own;
    cx.podLabels.set(obj, (labels = ctl ? withControllerLabels(base, ctl) : base));
  }
  return labels;
}

// Shared by every workload of the kind: they name no pod.
const DEPLOYMENT_CONTROLLER: ControllerLabels = Object.freeze({ anyValue: Object.freeze(['pod-template-hash']) });
const DAEMONSET_CONTROLLER: ControllerLabels = Object.freeze({
  anyValue: Object.freeze(['controller-revision-hash', 'pod-template-generation']),
});
const ROLLOUT_CONTROLLER: ControllerLabels = Object.freeze({ anyValue: Object.freeze(['rollouts-pod-template-hash']) });

/** The labels the workload's controller adds to each pod (rules.md, Terms "Pod labels"). A
 *  StatefulSet's pod indexes run to spec.replicas: pod labels are the object's own, not the
 *  workspace's (an autoscaler scales between its bounds anyway). */
function controllerLabels(obj: KObject): ControllerLabels | null {
  if (obj.kind === 'StatefulSet')
    return { anyValue: ['controller-revision-hash'], statefulSet: { name: obj.name, replicas: specReplicas(obj) } };
  if (obj.kind === 'Deployment') return DEPLOYMENT_CONTROLLER;
  if (obj.kind === 'DaemonSet') return DAEMONSET_CONTROLLER;
  if (isRollout(obj)) return ROLLOUT_CONTROLLER;
  // The operator runs each resource's pods in a StatefulSet of its own (the first shard's, for a Prometheus).
  if (isOperatorWorkload(obj))
    return {
      anyValue: ['controller-revision-hash'],
      statefulSet: { name: `${OPERATOR_STATEFULSETS[obj.kind]}-${obj.name}`, replicas: specReplicas(obj) },
    };
  return null;
}

/**
 * The workload's own pod selector as a label selector: a ReplicationController's and a
 * DeploymentConfig's `spec.selector` is a plain label map (unset: the template labels); the
 * operator's resources select their pods by the labels it reserves.
 */
export function workloadSelector(obj: KObject, cx: AnalysisContext): LabelSelector | null {
  if (isOperatorWorkload(obj)) return { matchLabels: OPERATOR_POD_LABELS[obj.kind](obj.name) };
  const raw = getIn(obj.value, ['spec', 'selector']);
  if (obj.kind === 'ReplicationController' || obj.kind === 'DeploymentConfig') {
    return Object.keys(labelsOf(raw)).length > 0 ? mapSelector(raw) : { matchLabels: podLabels(obj, cx) };
  }
  return asSelector(raw);
}

export function podAnnotations(obj: KObject): Record<string, unknown> {
  const a = getIn(
    obj.value,
    isOperatorWorkload(obj)
      ? ['spec', 'podMetadata', 'annotations']
      : [...templatePath(obj), 'metadata', 'annotations'],
  );
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
