import type { Rule } from '../../rule';
import { displayName } from '../../k8s';
import { setIn } from '../../edits';
import { containerName } from '../shared/containers';
import { servedContainers, trafficServices } from '../shared/served';

export const rule: Rule = {
  id: 'missing-prestop-hook',
  severity: 'info',
  title: 'Service-backed container without a preStop hook',
  summary: 'A served container without a preStop hook drops in-flight requests on every rollout and drain.',
  fixable: true,
  fixSafety: ['unsafe'],
  crossObject: true,
  podLevel: true,
  appliesTo: 'ha-workloads',
  check(obj, ctx) {
    // Served containers only (rules.md v1.2): a sidecar or worker no Service routes to drops nothing.
    const served = servedContainers(ctx.index, obj);
    if (served.length === 0) return;
    const services = trafficServices(ctx.index, obj);
    const svc = services[0];
    for (const { container, path } of served) {
      const preStop = container.lifecycle?.preStop;
      if (preStop !== undefined && preStop !== null) continue;
      const name = containerName(container);
      ctx.report({
        at: [[...path, 'lifecycle'], [...path, 'name'], path],
        message: `Container ${name} of ${displayName(obj)} has no preStop hook: it stops accepting connections while Service ${svc.name} still routes requests to it, so every rollout and drain drops some of them.`,
        related: services.map((s) => ({
          object: s,
          at: ['spec', 'selector'],
          message: `Service ${s.name} selects ${displayName(obj)}`,
        })),
        fixes: [
          {
            title: `Add a preStop sleep to container ${name}`,
            // A guess: exec needs a `sleep` binary in the image (distroless images have none).
            safety: 'unsafe',
            edits: () => [
              setIn(obj, [...path, 'lifecycle', 'preStop'], { value: { exec: { command: ['sleep', '5'] } } }),
            ],
          },
        ],
      });
    }
  },
};
