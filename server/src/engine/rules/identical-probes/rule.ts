import type { Rule } from '../../rule';
import type { FileEdit, Path } from '../../types';
import { displayName } from '../../k8s';
import { removeKeyKeepingComments, renameKey, setIn } from '../../edits';
import { locate } from '../../locate';
import { httpPort, probeHandler } from '../shared/probes';
import { allContainers, containerName, declaredPorts } from '../shared/containers';

/** A port to fall back on when the probes have none (exec): the `http` port, else the first TCP port. */
function containerPort(c: Record<string, any>): string | number | undefined {
  const p = httpPort(c) ?? declaredPorts(c).find((x) => x.protocol === 'TCP');
  return p ? (typeof p.name === 'string' && p.name ? p.name : p.containerPort) : undefined;
}

/** Edits turning the liveness probe's handler at `probe` into `tcpSocket` on `port`. */
function toTcpSocket(
  obj: Parameters<typeof locate>[0] & Parameters<typeof setIn>[0],
  probe: Path,
  handler: string,
  handlerValue: unknown,
  port: unknown,
): FileEdit[] {
  const at = [...probe, handler];
  const node = locate(obj, at)?.node;
  const keepPort = handler === 'httpGet' || handler === 'grpc';
  if (keepPort && node && (node as any).flow !== true && handlerValue && typeof handlerValue === 'object') {
    // Block map: rename the key and drop what tcpSocket does not have, line by line (comments on other lines stay).
    const keep = new Set(['port', 'host']);
    return [
      renameKey(obj, at, 'tcpSocket'),
      ...Object.keys(handlerValue)
        .filter((k) => !keep.has(k))
        .map((k) => removeKeyKeepingComments(obj, [...at, k])),
    ];
  }
  if (
    handler === 'exec' &&
    node &&
    (node as any).flow !== true &&
    handlerValue &&
    typeof handlerValue === 'object' &&
    Object.keys(handlerValue).length === 1 &&
    'command' in handlerValue
  ) {
    // exec: {command: …} → tcpSocket: {port: …}, in place, so a comment on the command line stays.
    return [
      renameKey(obj, at, 'tcpSocket'),
      renameKey(obj, [...at, 'command'], 'port'),
      setIn(obj, [...at, 'command'], { value: port }),
    ];
  }
  const value: Record<string, unknown> = { port };
  const host =
    keepPort && handlerValue && typeof handlerValue === 'object'
      ? (handlerValue as Record<string, unknown>).host
      : undefined;
  if (host !== undefined) value.host = host;
  return [renameKey(obj, at, 'tcpSocket'), setIn(obj, at, { value })];
}

export const rule: Rule = {
  id: 'identical-probes',
  severity: 'warning',
  title: 'Liveness and readiness probes are identical',
  summary: 'Identical liveness and readiness probes restart slow pods instead of taking them out of the Service.',
  fixable: true,
  podLevel: true,
  fixSafety: ['safe', 'unsafe'],
  peers: { kubeScore: ['pod-probes-identical'] },
  appliesTo: 'ha-workloads',
  check(obj, ctx) {
    for (const { container, path } of allContainers(obj)) {
      const live = probeHandler(container.livenessProbe);
      const ready = probeHandler(container.readinessProbe);
      if (!live || !ready) continue;
      const norm = (h: NonNullable<typeof live>) =>
        JSON.stringify({ ...h, port: h.port === undefined ? undefined : String(h.port) });
      if (norm(live) !== norm(ready)) continue;
      const name = containerName(container);
      const port = live.port ?? containerPort(container);
      const fixable = live.type !== 'tcpSocket' && port !== undefined;
      ctx.report({
        at: [[...path, 'livenessProbe'], [...path, 'name'], path],
        message: `Container ${name} of ${displayName(obj)} has identical liveness and readiness probes: when it is slow under load the kubelet restarts it, instead of only taking it out of the Service, and every replica can restart at once.`,
        fixes: fixable
          ? [
              {
                title: `Change the liveness probe of container ${name} to tcpSocket on port ${port}`,
                // An exec probe has no port: the container's first port is a guess at where it listens.
                safety: live.port !== undefined ? 'safe' : 'unsafe',
                edits: () =>
                  toTcpSocket(obj, [...path, 'livenessProbe'], live.type, container.livenessProbe[live.type], port),
              },
            ]
          : [],
      });
    }
  },
};
