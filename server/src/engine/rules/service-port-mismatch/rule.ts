import type { Rule } from '../../rule';
import type { KObject } from '../../types';
import { containers, displayName, getIn, podSpec, podSpecPath } from '../../k8s';
import { setIn } from '../../edits';
import { containerName, declaredPorts, type DeclaredPort } from '../shared/containers';
import { serviceSelector, workloadsSelectedBy } from '../shared/services';
import { hasTargetPort, servicePortTarget } from '../shared/served';

interface Served {
  workload: KObject;
  container: Record<string, any>;
  path: (string | number)[];
}

/** Containers that serve traffic: regular ones and sidecars (init containers with restartPolicy Always). */
function servingContainers(w: KObject): Served[] {
  const out: Served[] = containers(w).map((c) => ({ workload: w, container: c.container, path: [...c.path] }));
  const init = podSpec(w).initContainers;
  if (Array.isArray(init))
    init.forEach((c, i) => {
      if (c && typeof c === 'object' && c.restartPolicy === 'Always')
        out.push({ workload: w, container: c, path: [...podSpecPath(w), 'initContainers', i] });
    });
  return out;
}

export const rule: Rule = {
  id: 'service-port-mismatch',
  severity: 'error',
  title: 'Service targetPort not declared by the selected containers',
  summary: 'A Service port that targets a port no selected container declares.',
  fixable: true,
  fixSafety: ['unsafe'],
  crossObject: true,
  check(obj, ctx) {
    if (obj.kind !== 'Service' || !serviceSelector(obj)) return;
    const ports = getIn(obj.value, ['spec', 'ports']);
    if (!Array.isArray(ports)) return;
    // Selecting nothing is service-selects-nothing's finding, not ours.
    const served = workloadsSelectedBy(ctx.index, obj).flatMap(servingContainers);
    if (served.length === 0) return;
    const declared = served.map((s) => ({ s, ports: declaredPorts(s.container) }));
    ports.forEach((p, i) => {
      if (!p || typeof p !== 'object') return;
      // targetPort 0 is unset (rules.md v1.2): the API defaults it to port.
      const ref = servicePortTarget(p);
      if (!ref) return;
      const hasTarget = hasTargetPort(p);
      const protocol = typeof p.protocol === 'string' ? p.protocol.toUpperCase() : 'TCP';
      const field = hasTarget ? 'targetPort' : 'port';
      const shown = 'name' in ref ? ref.name : ref.number;
      if ('name' in ref) {
        if (declared.some((d) => d.ports.some((x) => x.name === ref.name))) return;
      } else {
        // Undeclared ports are legal: a number is only judged when every container declares its ports.
        if (declared.some((d) => d.ports.length === 0)) return;
        if (declared.some((d) => d.ports.some((x) => x.containerPort === ref.number))) return;
      }
      // The fix: the one declared port (of the Service port's protocol) the selected containers have.
      const seen = new Map<string, DeclaredPort>();
      for (const d of declared)
        for (const x of d.ports) if (x.protocol === protocol) seen.set(`${x.name ?? ''}|${x.containerPort ?? ''}`, x);
      const only = seen.size === 1 ? [...seen.values()][0] : undefined;
      const value = only
        ? 'name' in ref
          ? (only.name ?? only.containerPort)
          : (only.containerPort ?? only.name)
        : undefined;
      const first = declared.find((d) => d.ports.length > 0)?.s ?? served[0];
      const names = [...new Set(served.map((s) => displayName(s.workload)))].join(', ');
      ctx.report({
        at: [
          ['spec', 'ports', i, field],
          ['spec', 'ports', i],
        ],
        message: `Service ${obj.name} sends port ${p.port ?? shown} to ${'name' in ref ? 'port name' : 'port'} ${shown}, which no container of ${names} declares: its endpoints ${'name' in ref ? 'have no port for it, so every connection fails' : 'point at a port nothing is declared to listen on, so connections are likely refused'}.`,
        related: [
          {
            object: first.workload,
            at: [...first.path, 'ports'],
            message: `ports of container ${containerName(first.container)} in ${displayName(first.workload)}`,
          },
        ],
        fixes:
          value !== undefined
            ? [
                {
                  title: `Change targetPort to ${value}`,
                  safety: 'unsafe', // a guess: the one declared port may not be the one meant
                  edits: () => [setIn(obj, ['spec', 'ports', i, 'targetPort'], { value })],
                },
              ]
            : [],
      });
    });
  },
};
