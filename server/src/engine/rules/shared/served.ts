// Served containers (rules.md, Terms): the containers a Service sends traffic to. Readiness,
// preStop and shutdown timing matter only for them: a worker no Service selects drops no request.
import type { KObject } from '../../types';
import { containers, getIn, type ContainerRef } from '../../k8s';
import type { WorkspaceIndex } from '../../workspace';
import { declaredPorts, portRef } from './containers';
import { servicesSelecting } from './services';

const MONITORING_PORT_NAMES = new Set(['prometheus', 'monitoring']);

/** A Service whose every port name says metrics/monitoring: scraping it is not serving traffic. */
export function isMonitoringService(svc: KObject): boolean {
  const ports = getIn(svc.value, ['spec', 'ports']);
  if (!Array.isArray(ports) || ports.length === 0) return false;
  return ports.every((p) => {
    const name = p && typeof p === 'object' && typeof p.name === 'string' ? p.name.toLowerCase() : '';
    return name.includes('metrics') || MONITORING_PORT_NAMES.has(name);
  });
}

/** Is a Service port's targetPort set? 0 is not: the API reads it as "same as port". */
export function hasTargetPort(p: unknown): boolean {
  if (!p || typeof p !== 'object') return false;
  const ref = portRef((p as Record<string, unknown>).targetPort);
  return ref !== null && !('number' in ref && ref.number === 0);
}

/** What a Service port sends traffic to: targetPort, or port when targetPort is unset or 0. */
export function servicePortTarget(p: unknown): { number: number } | { name: string } | null {
  if (!p || typeof p !== 'object') return null;
  const { targetPort, port } = p as Record<string, unknown>;
  return portRef(hasTargetPort(p) ? targetPort : port);
}

/** Non-monitoring Services of the workload's namespace that select its pods. */
export function trafficServices(index: WorkspaceIndex, workload: KObject): KObject[] {
  return servicesSelecting(index, workload).filter((s) => !isMonitoringService(s));
}

/** The workload's served containers; empty when no non-monitoring Service selects it. */
export function servedContainers(index: WorkspaceIndex, workload: KObject): ContainerRef[] {
  const services = trafficServices(index, workload);
  if (services.length === 0) return [];
  const list = containers(workload);
  if (list.every((c) => declaredPorts(c.container).length === 0)) return list.slice(0, 1);
  const targets = services.flatMap((s) => {
    const ports = getIn(s.value, ['spec', 'ports']);
    return Array.isArray(ports) ? ports.map(servicePortTarget).filter((t) => t !== null) : [];
  });
  return list.filter((c) =>
    declaredPorts(c.container).some((d) =>
      targets.some((t) => ('name' in t ? d.name === t.name : d.containerPort === t.number)),
    ),
  );
}
