import type { Rule } from '../../rule';
import { containers, displayName } from '../../k8s';
import { setEntries } from '../../edits';
import { containerName } from '../shared/containers';

/** Placeholder requests; the fix marks them TODO. */
const PLACEHOLDER: Record<'cpu' | 'memory', string> = { cpu: '100m', memory: '128Mi' };

function has(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

export const rule: Rule = {
  id: 'missing-resource-requests',
  severity: 'warning',
  title: 'Container without CPU and memory requests',
  summary: 'Pods without requests land on overcommitted nodes and are the first evicted under pressure.',
  fixable: true,
  fixSafety: ['unsafe'],
  podLevel: true,
  peers: {
    kubeLinter: ['unset-cpu-requirements', 'unset-memory-requirements'],
    kubeScore: ['container-resources'],
    polaris: ['cpuRequestsMissing', 'memoryRequestsMissing'],
  },
  appliesTo: 'ha-workloads',
  check(obj, ctx) {
    // Jobs, CronJobs and init containers are exempt (rules.md v1.2): they run to completion.
    for (const { container, path } of containers(obj)) {
      const requests = container.resources?.requests;
      const missing = (['cpu', 'memory'] as const).filter(
        (r) => !has(requests && typeof requests === 'object' ? requests[r] : undefined),
      );
      if (missing.length === 0) continue;
      const name = containerName(container);
      const what =
        missing.length === 2 ? 'CPU and memory requests' : `${missing[0] === 'cpu' ? 'CPU' : 'memory'} request`;
      const value: Record<string, string> = {};
      for (const r of missing) value[r] = PLACEHOLDER[r];
      ctx.report({
        at: [[...path, 'resources', 'requests'], [...path, 'resources'], [...path, 'name'], path],
        message: `Container ${name} of ${displayName(obj)} has no ${what}: the scheduler may pack its pods onto an overcommitted node, where they are the first to be evicted under pressure.`,
        fixes: [
          {
            title: `Add ${missing.join(' and ')} request${missing.length === 2 ? 's' : ''} to container ${name}`,
            safety: 'unsafe', // placeholders marked TODO
            edits: () =>
              setEntries(obj, [...path, 'resources', 'requests'], {
                value,
                todo: missing.map((r) => ({
                  path: [r],
                  note: `placeholder: set to the container's measured ${r === 'cpu' ? 'CPU' : 'memory'} use`,
                })),
              }),
          },
        ],
      });
    }
  },
};
