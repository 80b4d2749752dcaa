import type { Rule } from '../../rule';
import { displayName } from '../../k8s';
import { setIn } from '../../edits';
import { allContainers, containerName, declaredPorts, portRef, type DeclaredPort } from '../shared/containers';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

/** The one declared port the probe most likely meant, if there is exactly one. */
function replacement(ports: DeclaredPort[], udpNamed: DeclaredPort | undefined): DeclaredPort | undefined {
  const tcp = ports.filter((p) => p.protocol === 'TCP');
  if (udpNamed) {
    const same = tcp.filter((p) => p.containerPort !== undefined && p.containerPort === udpNamed.containerPort);
    if (same.length === 1) return same[0];
  }
  return tcp.length === 1 ? tcp[0] : undefined;
}

export const rule: Rule = {
  id: 'probe-port-undeclared',
  severity: 'error',
  title: 'Probe targets a port the container does not declare',
  summary: 'A probe on a port name the container does not declare (or declares as UDP) always fails.',
  fixable: true,
  fixSafety: ['unsafe'],
  podLevel: true,
  peers: { kubeLinter: ['liveness-port', 'readiness-port', 'startup-port'] },
  appliesTo: 'ha-workloads',
  check(obj, ctx) {
    for (const { container, path } of allContainers(obj)) {
      const ports = declaredPorts(container);
      const name = containerName(container);
      for (const probe of PROBES) {
        const p = container[probe];
        if (!p || typeof p !== 'object') continue;
        for (const handler of HANDLERS) {
          const h = p[handler];
          if (!h || typeof h !== 'object') continue;
          const ref = portRef(h.port);
          // Numbered ports never fire (rules.md v1.2): containerPort lists are informational,
          // and a probe on an undeclared number reaches whatever listens there.
          if (!ref || !('name' in ref)) continue;
          const at = [...path, probe, handler, 'port'];
          const kind = probe.replace('Probe', '');
          const declared = ports.filter((x) => x.name === ref.name);
          if (declared.some((x) => x.protocol !== 'UDP')) continue;
          const udpNamed: DeclaredPort | undefined = declared[0];
          const message = udpNamed
            ? `The ${kind} probe of container ${name} in ${displayName(obj)} targets port ${ref.name}, which is declared as UDP: the probe can never connect, so it always fails.`
            : `The ${kind} probe of container ${name} in ${displayName(obj)} targets port ${ref.name}, which the container does not declare: the kubelet cannot resolve it, so the probe always fails.`;
          const to = replacement(ports, udpNamed);
          const value = to ? (to.name ?? to.containerPort) : undefined;
          ctx.report({
            at: [at, [...path, probe, handler], [...path, probe]],
            message,
            // A guess: the one declared port may not be the one the probe meant.
            fixes:
              value !== undefined
                ? [
                    {
                      title: `Change the ${kind} probe's port to ${value}`,
                      safety: 'unsafe',
                      edits: () => [setIn(obj, at, { value })],
                    },
                  ]
                : [],
          });
        }
      }
    }
  },
};
