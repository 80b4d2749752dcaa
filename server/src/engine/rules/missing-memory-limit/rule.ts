import type { Rule } from '../../rule';
import { containers, displayName } from '../../k8s';
import { setEntries } from '../../edits';
import { containerName } from '../shared/containers';

export const rule: Rule = {
  id: 'missing-memory-limit',
  severity: 'info',
  title: 'Container without a memory limit',
  summary: 'A memory leak can exhaust its node and get the other pods there evicted or OOM-killed.',
  fixable: true,
  fixSafety: ['unsafe'],
  podLevel: true,
  peers: {
    kubeLinter: ['unset-memory-requirements'],
    kubeScore: ['container-resources'],
    polaris: ['memoryLimitsMissing'],
  },
  appliesTo: 'ha-workloads',
  check(obj, ctx) {
    for (const { container, path } of containers(obj)) {
      const resources = container.resources;
      const limits = resources && typeof resources === 'object' ? resources.limits : undefined;
      const memory = limits && typeof limits === 'object' ? limits.memory : undefined;
      if (memory !== undefined && memory !== null && memory !== '') continue;
      const name = containerName(container);
      // The memory request, when there is one, is the natural starting point (Guaranteed memory).
      const request = resources?.requests?.memory;
      const placeholder = typeof request === 'string' || typeof request === 'number' ? request : '512Mi';
      ctx.report({
        at: [[...path, 'resources', 'limits'], [...path, 'resources'], [...path, 'name'], path],
        message: `Container ${name} of ${displayName(obj)} has no memory limit: a leak can exhaust its node's memory and get the other pods there evicted or OOM-killed.`,
        fixes: [
          {
            title: `Add a memory limit to container ${name}`,
            safety: 'unsafe', // a placeholder marked TODO
            edits: () =>
              setEntries(obj, [...path, 'resources', 'limits'], {
                value: { memory: placeholder },
                todo: [
                  {
                    path: ['memory'],
                    note:
                      request !== undefined
                        ? 'placeholder (the memory request): set above the peak use'
                        : "placeholder: set above the container's peak memory use",
                  },
                ],
              }),
          },
        ],
      });
    }
  },
};
