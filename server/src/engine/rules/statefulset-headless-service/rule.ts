import type { Rule } from '../../rule';
import type { FileEdit } from '../../types';
import { containers, displayName, getIn, podLabels } from '../../k8s';
import { appendDocument, mergeInserts, setIn } from '../../edits';
import { labelsOf } from '../../selectors';
import { declaredPorts } from '../shared/containers';
import { serviceSelects } from '../shared/services';

export const rule: Rule = {
  id: 'statefulset-headless-service',
  severity: 'error',
  title: 'StatefulSet without a headless governing Service',
  summary: 'A StatefulSet without its headless governing Service: its pods get no stable DNS names.',
  severityNote:
    'error (a Service of that name exists but is not headless or selects other pods) / warning (no such Service, or no serviceName)',
  fixable: true,
  fixSafety: ['safe', 'unsafe'],
  crossObject: true,
  peers: { kubeScore: ['statefulset-has-servicename'] },
  check(obj, ctx) {
    if (obj.kind !== 'StatefulSet') return;
    const serviceName = getIn(obj.value, ['spec', 'serviceName']);
    const named = typeof serviceName === 'string' && serviceName ? serviceName : undefined;
    const same = named ? ctx.index.named(obj.namespace, 'Service', named) : [];
    const headless = (s: typeof obj) => getIn(s.value, ['spec', 'clusterIP']) === 'None';
    if (same.some((s) => headless(s) && serviceSelects(s, obj, ctx.index.context))) return;
    const existing = same[0];
    const why = !named
      ? 'has no serviceName'
      : !existing
        ? `names Service ${named}, which does not exist in namespace ${obj.namespace}`
        : !headless(existing)
          ? `names Service ${named}, which is not headless (clusterIP: None)`
          : `names Service ${named}, which does not select its pods`;
    // The new Service: named after serviceName (or the StatefulSet); a name already taken by a
    // Service that does not qualify gets a -headless suffix, and serviceName follows it.
    const base = named ?? obj.name;
    const newName = ctx.index.named(obj.namespace, 'Service', base).length > 0 ? `${base}-headless` : base;
    ctx.report({
      at: [
        ['spec', 'serviceName'],
        ['metadata', 'name'],
      ],
      // No such Service at all is common and harmless for pods that never address each other by
      // name (Argo CD's controller); a Service that exists but does not qualify is a real mistake.
      severity: existing ? 'error' : 'warning',
      message: `StatefulSet ${obj.name || '(unnamed)'} ${why}: its pods get no stable DNS names, so peers that address each other by name cannot find each other after a restart.`,
      related: existing
        ? [
            {
              object: existing,
              at: headless(existing) ? ['spec', 'selector'] : ['metadata', 'name'],
              message: `${displayName(existing)}${headless(existing) ? " does not select the StatefulSet's pods" : ' is not headless'}`,
            },
          ]
        : [],
      fixes: [
        {
          title: `Add headless Service ${newName} for ${obj.name || 'the StatefulSet'}`,
          // spec.serviceName is immutable: changing it fails on a StatefulSet that already exists.
          safety: newName === named ? 'safe' : 'unsafe',
          edits: () => {
            const matchLabels = labelsOf(getIn(obj.value, ['spec', 'selector', 'matchLabels']));
            const selector = Object.keys(matchLabels).length > 0 ? matchLabels : podLabels(obj, ctx.index.context);
            const metadata: Record<string, unknown> = { name: newName };
            if (getIn(obj.value, ['metadata', 'namespace'])) metadata.namespace = obj.namespace;
            const ports: Record<string, unknown>[] = [];
            for (const { container } of containers(obj)) {
              for (const p of declaredPorts(container)) {
                if (
                  p.containerPort === undefined ||
                  ports.some((x) => x.port === p.containerPort && (x.protocol ?? 'TCP') === p.protocol)
                )
                  continue;
                const port: Record<string, unknown> = {};
                if (p.name) port.name = p.name;
                port.port = p.containerPort;
                port.targetPort = p.name ?? p.containerPort;
                if (p.protocol !== 'TCP') port.protocol = p.protocol;
                ports.push(port);
              }
            }
            // More than one Service port must be named.
            if (ports.length > 1)
              ports.forEach((p) => {
                p.name ??= `port-${p.port}`;
              });
            const spec: Record<string, unknown> = { clusterIP: 'None', publishNotReadyAddresses: true, selector };
            if (ports.length > 0) spec.ports = ports;
            const edits: FileEdit[] = [];
            if (newName !== named) edits.push(setIn(obj, ['spec', 'serviceName'], { value: newName }));
            edits.push(appendDocument(obj, { value: { apiVersion: 'v1', kind: 'Service', metadata, spec } }));
            return mergeInserts(edits);
          },
        },
      ],
    });
  },
};
