// Autoscalers (rules.md, Terms): HorizontalPodAutoscalers and KEDA ScaledObjects read alike, the
// ones targeting a workload, and the workload's effective replicas.
import type { KObject, Path } from './types';
import { asCount, getIn, specReplicas } from './k8s';
import type { AnalysisContext } from './context';
import type { WorkspaceIndex } from './workspace';

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

/** The object read as an autoscaler, or null when it is none (computed once per analysis context). */
export function autoscalerOf(obj: KObject, cx: AnalysisContext): Autoscaler | null {
  const keda = isScaledObject(obj);
  // Other kinds are answered without an entry: the context keeps one per autoscaler only.
  if (!keda && obj.kind !== 'HorizontalPodAutoscaler') return null;
  const cached = cx.autoscalers.get(obj);
  if (cached) return cached;
  const ref = getIn(obj.value, ['spec', 'scaleTargetRef']);
  const kind = getIn(ref, ['kind']) ?? (keda ? 'Deployment' : undefined);
  const name = getIn(ref, ['name']);
  const minPath: Path = ['spec', keda ? 'minReplicaCount' : 'minReplicas'];
  const maxPath: Path = ['spec', keda ? 'maxReplicaCount' : 'maxReplicas'];
  const rawMin = getIn(obj.value, minPath),
    rawMax = getIn(obj.value, maxPath);
  const minSet = rawMin !== undefined && rawMin !== null;
  const maxSet = rawMax !== undefined && rawMax !== null;
  const a: Autoscaler = {
    object: obj,
    kind: obj.kind,
    target: typeof kind === 'string' && typeof name === 'string' ? { kind, name } : null,
    min: minSet ? asCount(rawMin) : keda ? 0 : 1,
    minSet,
    max: maxSet ? asCount(rawMax) : keda ? SCALED_OBJECT_MAX_DEFAULT : undefined,
    minPath,
    maxPath,
  };
  cx.autoscalers.set(obj, a);
  return a;
}

/** Autoscalers (HPAs and ScaledObjects) in the workload's namespace whose scaleTargetRef names it (kind + name). */
export function autoscalersTargeting(index: WorkspaceIndex, obj: KObject): Autoscaler[] {
  const out: Autoscaler[] = [];
  for (const o of index.targeting(obj.namespace, obj.kind, obj.name)) {
    const a = autoscalerOf(o, index.context);
    if (a) out.push(a);
  }
  // HPAs first, then ScaledObjects, each in place order.
  return out.sort(
    (a, b) => Number(a.kind !== 'HorizontalPodAutoscaler') - Number(b.kind !== 'HorizontalPodAutoscaler'),
  );
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
