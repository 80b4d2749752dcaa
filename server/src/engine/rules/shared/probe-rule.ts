// One factory for missing-readiness-probe and missing-liveness-probe: same scope, same fix
// builder, different field. Readiness only matters for served containers (rules.md v1.2); a hung
// process needs restarting whether or not a Service sends it traffic, so liveness asks every one.
import type { Rule } from '../../rule';
import type { Severity } from '../../types';
import { containers, displayName, isBatch, isWorkload } from '../../k8s';
import { setIn } from '../../edits';
import { buildProbe, type ProbeKind } from './probes';
import { servedContainers } from './served';
import { containerName } from './containers';

export function probeRule(opts: {
  id: string;
  kind: ProbeKind;
  severity: Severity;
  title: string;
  summary: string;
  why: string;
  peers: Rule['peers'];
  servedOnly?: boolean;
}): Rule {
  const field = `${opts.kind}Probe`;
  return {
    id: opts.id,
    severity: opts.severity,
    title: opts.title,
    summary: opts.summary,
    fixable: true,
    fixSafety: ['unsafe'],
    podLevel: true,
    crossObject: opts.servedOnly,
    peers: opts.peers,
    check(obj, ctx) {
      if (!isWorkload(obj) || isBatch(obj)) return;
      for (const { container, path } of opts.servedOnly ? servedContainers(ctx.index, obj) : containers(obj)) {
        if (container[field]) continue;
        const name = containerName(container);
        ctx.report({
          at: [[...path, 'name'], path],
          message: `Container ${name} of ${displayName(obj)} has no ${field}: ${opts.why}`,
          // A guessed handler (and a TODO path or command): never applied without --unsafe-fixes.
          fixes: [
            {
              title: `Add a ${field} to container ${name}`,
              safety: 'unsafe',
              edits: () => [setIn(obj, [...path, field], buildProbe(container, opts.kind))],
            },
          ],
        });
      }
    },
  };
}
