import type { Rule } from '../../rule';
import type { KObject, Path } from '../../types';
import { displayName } from '../../k8s';
import { setIn } from '../../edits';
import { allContainers, containerName } from '../shared/containers';
import { servicePorts } from '../shared/backends';
import { oneEditAway } from '../shared/names';
import { addressStrings, dnsReferences, type DnsReference } from '../shared/dns';
import { reportDangling } from '../shared/dangling';

export const rule: Rule = {
  id: 'service-reference-dangling',
  severity: 'warning',
  title: 'Cluster DNS name of a Service that does not exist',
  summary:
    "A cluster DNS name in a container's env, args or command that names no Service: discovery fails at run time.",
  fixable: true,
  fixSafety: ['unsafe'],
  crossObject: true,
  podLevel: true,
  appliesTo: 'ha-workloads',
  check(obj, ctx) {
    // Dangling rule: only when the analysis holds at least one Service.
    if (!ctx.index.hasKind('Service')) return;
    for (const { container, path } of allContainers(obj)) {
      for (const s of addressStrings(container, path)) {
        for (const ref of dnsReferences(s.value)) {
          // Only namespaces the analysis holds objects of: another team's namespace is not ours to judge.
          if (ctx.index.countIn(ref.namespace) === 0) continue;
          const svc = ctx.index.named(ref.namespace, 'Service', ref.service)[0];
          const where = `Container ${containerName(container)} of ${displayName(obj)}`;
          if (!svc) {
            const services = ctx.index.ofKind(ref.namespace, 'Service');
            const near = oneEditAway(ref.service, services, (x) => x.name);
            reportDangling(ctx, {
              at: [s.path],
              message: `${where} refers to ${ref.text}, but namespace ${ref.namespace} has no Service ${ref.service}${near ? ` (did you mean ${near.name}?)` : ''}: the name does not resolve and the client's service discovery fails at run time.`,
              related: near ? [{ object: near, message: `Service ${near.name} is one edit away` }] : [],
              fixes: near ? [fixName(obj, s.path, s.value, ref, near)] : [],
            });
            continue;
          }
          if (ref.port === undefined || exposesPort(svc, ref.port)) continue;
          const ports = servicePorts(svc)
            .map((p) => p.port)
            .filter((p) => p !== undefined);
          ctx.report({
            at: [s.path],
            message: `${where} connects to ${ref.text}, but Service ${ref.service} in namespace ${ref.namespace} exposes ${ports.length ? `port${ports.length > 1 ? 's' : ''} ${ports.join(', ')}` : 'no ports'}, not ${ref.port}: the connection is refused at run time.`,
            related: [
              {
                object: svc,
                at: ['spec', 'ports'],
                message: `Service ${svc.name} exposes ${ports.join(', ') || 'no ports'}`,
              },
            ],
          });
        }
      }
    }
  },
};

/** Headless and ExternalName Services resolve to pods or another name: their ports are not the Service's. */
function exposesPort(svc: KObject, port: number): boolean {
  const spec = svc.value?.spec ?? {};
  if (spec.clusterIP === 'None' || spec.type === 'ExternalName') return true;
  return servicePorts(svc).some((p) => p.port === port);
}

function fixName(obj: KObject, path: Path, value: string, ref: DnsReference, near: KObject) {
  // Replace just the service label of this occurrence: the prefix (pod, SRV) and the rest stay.
  const at = ref.index + ref.text.lastIndexOf(`${ref.service}.${ref.namespace}.svc`);
  const fixed = value.slice(0, at) + near.name + value.slice(at + ref.service.length);
  return {
    title: `Change ${ref.service} to ${near.name}`,
    safety: 'unsafe' as const,
    edits: () => [setIn(obj, path, { value: fixed })],
  };
}
