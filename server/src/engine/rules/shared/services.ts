// Services and the workloads they select (missing-prestop-hook, service-port-mismatch,
// statefulset-headless-service).
import type { KObject } from '../../types';
import { getIn, podLabels } from '../../k8s';
import { hasLabels, labelsOf, type Labels } from '../../selectors';
import type { WorkspaceIndex } from '../../workspace';
import type { AnalysisContext } from '../../context';

/** A Service's selector; null when it has none (or an empty one): its endpoints are unmanaged. */
export function serviceSelector(svc: KObject): Labels | null {
  const labels = labelsOf(getIn(svc.value, ['spec', 'selector']));
  for (const _ in labels) return labels;
  return null;
}

/** Does the Service select the workload's pods? (The predicate behind the index's answers.) */
export function serviceSelects(svc: KObject, workload: KObject, cx: AnalysisContext): boolean {
  const sel = serviceSelector(svc);
  return !!sel && hasLabels(podLabels(workload, cx), sel);
}

/** Services of the workload's namespace that select its pods (from the index's label postings). */
export function servicesSelecting(index: WorkspaceIndex, workload: KObject): KObject[] {
  return index.selecting('Service', workload);
}

/** Workloads of the Service's namespace whose pods it selects. */
export function workloadsSelectedBy(index: WorkspaceIndex, svc: KObject): KObject[] {
  const sel = serviceSelector(svc);
  return sel
    ? index.workloadsMatching(svc.namespace, { matchLabels: sel }, (w) => serviceSelects(svc, w, index.context))
    : [];
}
