import type { Rule, FixSpec } from '../../rule';
import type { KObject } from '../../types';
import { displayName } from '../../k8s';
import { setIn } from '../../edits';
import {
  backendRefs,
  exposes,
  isIngress,
  isRoute,
  servicePorts,
  type BackendRef,
  type ServicePort,
} from '../shared/backends';
import { nearestName } from '../shared/names';
import { reportDangling } from '../shared/dangling';

function portText(port: NonNullable<BackendRef['port']>): string {
  return 'number' in port ? `port ${port.number}` : `port ${port.name}`;
}

function exposedText(ports: readonly ServicePort[]): string {
  const list = ports.map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port)));
  return list.length ? `exposes ${list.join(', ')}` : 'exposes no ports';
}

/** The one port the Service exposes, written the way the backend writes its port. */
function portFix(obj: KObject, ref: BackendRef, only: ServicePort): FixSpec | null {
  if (!ref.portPath || !ref.port) return null;
  const byName = 'name' in ref.port && only.name !== undefined;
  if (!byName && only.port === undefined) return null;
  const label = byName ? only.name! : String(only.port);
  return {
    title: `Change the port to ${label} (the only port of Service ${ref.name})`,
    // Unsafe as in service-port-mismatch: the port may be right and the Service name wrong.
    safety: 'unsafe',
    edits: () => {
      if (ref.style === 'v1' && !byName && 'name' in ref.port!) {
        // port: {name: x} → port: {number: n}: the Service's only port has no name.
        return [setIn(obj, ref.portPath!.slice(0, -1), { value: { number: only.port } })];
      }
      return [setIn(obj, ref.portPath!, { value: byName ? only.name : only.port })];
    },
  };
}

export const rule: Rule = {
  id: 'ingress-backend-missing',
  severity: 'error',
  title: 'Ingress or route backend names no Service or port',
  summary:
    'An Ingress or Gateway route backend that names no Service, or a port it does not expose: requests end in a 503.',
  fixable: true,
  fixSafety: ['unsafe'],
  crossObject: true,
  peers: { kubeLinter: ['dangling-ingress'], kubeScore: ['ingress-targets-service'] },
  check(obj, ctx) {
    if (!isIngress(obj) && !isRoute(obj)) return;
    // Dangling rule: a lone Ingress or route file stays quiet.
    if (!ctx.index.hasKind('Service')) return;
    for (const ref of backendRefs(obj)) {
      const svc = ctx.index.named(ref.namespace, 'Service', ref.name)[0];
      if (!svc) {
        const services = ctx.index.ofKind(ref.namespace, 'Service');
        const near = nearestName(ref.name, services, (s) => s.name);
        reportDangling(ctx, {
          at: [ref.namePath],
          message: `${displayName(obj)} sends ${ref.where} to Service ${ref.name}, which does not exist in namespace ${ref.namespace}${near ? `; nearest is Service ${near.name}` : ''}: service discovery ends in a 503.`,
          related: near ? [{ object: near, message: `nearest Service: ${near.name}` }] : [],
        });
        continue;
      }
      if (!ref.port) continue;
      const ports = servicePorts(svc);
      if (exposes(ports, ref.port)) continue;
      const fix = ports.length === 1 ? portFix(obj, ref, ports[0]) : null;
      ctx.report({
        at: [ref.portPath ?? ref.namePath, ref.namePath],
        message: `${displayName(obj)} sends ${ref.where} to ${portText(ref.port)} of Service ${ref.name}, which ${exposedText(ports)}: service discovery ends in a 503.`,
        related: [{ object: svc, at: ['spec', 'ports'], message: `Service ${svc.name} ${exposedText(ports)}` }],
        fixes: fix ? [fix] : [],
      });
    }
  },
};
