// References from one object to a Service by name and port: Ingress and Gateway API route
// backends (ingress-backend-missing) and the Service ports they may name.
import type { KObject, Path } from '../../types';
import { getIn } from '../../k8s';
import { portRef } from './containers';

export interface ServicePort {
  port?: number;
  name?: string;
  protocol: string;
}

/** A Service's `spec.ports[]`: the port numbers and names clients may use. */
export function servicePorts(svc: KObject): ServicePort[] {
  const ports = getIn(svc.value, ['spec', 'ports']);
  if (!Array.isArray(ports)) return [];
  return ports
    .filter((p) => p && typeof p === 'object' && !Array.isArray(p))
    .map((p) => {
      const n = portRef(p.port);
      return {
        port: n && 'number' in n ? n.number : undefined,
        name: typeof p.name === 'string' && p.name ? p.name : undefined,
        protocol: typeof p.protocol === 'string' ? p.protocol.toUpperCase() : 'TCP',
      };
    });
}

export interface BackendRef {
  /** Namespace and name of the Service named. */
  namespace: string;
  name: string;
  /** The port as written: a number or (Ingress only) a name; null when none is given. */
  port: { number: number } | { name: string } | null;
  /** Paths of the name and of the port value in the document; portKey is the field to rewrite. */
  namePath: Path;
  portPath: Path | null;
  /** How the port is written: v1 `port: {number|name}`, v1beta1 `servicePort`, a route's `port`. */
  style: 'v1' | 'v1beta1' | 'route';
  /** A human label for messages: "rule 0 path /api", "default backend", "rule 1 backendRef 0". */
  where: string;
}

export const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']);

export function isIngress(obj: Pick<KObject, 'kind'>): boolean {
  return obj.kind === 'Ingress';
}

export function isRoute(obj: Pick<KObject, 'kind' | 'apiVersion'>): boolean {
  return ROUTE_KINDS.has(obj.kind) && obj.apiVersion.startsWith('gateway.networking.k8s.io/');
}

function ingressBackend(obj: KObject, path: Path, where: string): BackendRef | null {
  const b = getIn(obj.value, path);
  if (!b || typeof b !== 'object') return null;
  // networking.k8s.io/v1: backend.service {name, port: {number | name}}; a `resource` backend is not a Service.
  if (b.service && typeof b.service === 'object') {
    const name = b.service.name;
    if (typeof name !== 'string' || !name) return null;
    const p = b.service.port;
    const number = p && typeof p === 'object' ? portRef(p.number) : null;
    const named =
      p && typeof p === 'object' && typeof p.name === 'string' && p.name ? { name: p.name as string } : null;
    const port = number && 'number' in number ? number : named;
    const portPath: Path | null = port ? [...path, 'service', 'port', 'number' in port ? 'number' : 'name'] : null;
    return {
      namespace: obj.namespace,
      name,
      port,
      namePath: [...path, 'service', 'name'],
      portPath,
      style: 'v1',
      where,
    };
  }
  // v1beta1 (extensions and networking.k8s.io): serviceName + servicePort (a number or a name).
  if (typeof b.serviceName === 'string' && b.serviceName) {
    const port = portRef(b.servicePort);
    return {
      namespace: obj.namespace,
      name: b.serviceName,
      port,
      namePath: [...path, 'serviceName'],
      portPath: port ? [...path, 'servicePort'] : null,
      style: 'v1beta1',
      where,
    };
  }
  return null;
}

/** Every Service an Ingress or a Gateway API route sends traffic to, in document order. */
export function backendRefs(obj: KObject): BackendRef[] {
  const out: BackendRef[] = [];
  const rules = getIn(obj.value, ['spec', 'rules']);
  if (isIngress(obj)) {
    for (const key of ['defaultBackend', 'backend']) {
      const b = ingressBackend(obj, ['spec', key], 'the default backend');
      if (b) out.push(b);
    }
    if (!Array.isArray(rules)) return out;
    rules.forEach((r, i) => {
      const paths = getIn(r, ['http', 'paths']);
      if (!Array.isArray(paths)) return;
      paths.forEach((p, j) => {
        const at = typeof p?.path === 'string' ? ` path ${p.path}` : '';
        const host = typeof r?.host === 'string' ? ` of ${r.host}` : '';
        const b = ingressBackend(
          obj,
          ['spec', 'rules', i, 'http', 'paths', j, 'backend'],
          `the backend of${at || ` path ${j}`}${host}`,
        );
        if (b) out.push(b);
      });
    });
    return out;
  }
  if (!isRoute(obj) || !Array.isArray(rules)) return out;
  rules.forEach((r, i) => {
    const refs = getIn(r, ['backendRefs']);
    if (!Array.isArray(refs)) return;
    refs.forEach((ref, j) => {
      if (!ref || typeof ref !== 'object' || typeof ref.name !== 'string' || !ref.name) return;
      // Only core Services: kind Service or unset, group "" or unset.
      if (ref.kind !== undefined && ref.kind !== null && ref.kind !== 'Service') return;
      if (ref.group !== undefined && ref.group !== null && ref.group !== '') return;
      const namespace = typeof ref.namespace === 'string' && ref.namespace ? ref.namespace : obj.namespace;
      const n = portRef(ref.port);
      const port = n && 'number' in n ? n : null;
      const base: Path = ['spec', 'rules', i, 'backendRefs', j];
      out.push({
        namespace,
        name: ref.name,
        port,
        namePath: [...base, 'name'],
        portPath: port ? [...base, 'port'] : null,
        style: 'route',
        where: `backendRef ${j} of rule ${i}`,
      });
    });
  });
  return out;
}

/** Does the Service expose the port? Numbers among its `port`s; names (Ingress only) among its port names. */
export function exposes(ports: readonly ServicePort[], port: NonNullable<BackendRef['port']>): boolean {
  return 'number' in port ? ports.some((p) => p.port === port.number) : ports.some((p) => p.name === port.name);
}
