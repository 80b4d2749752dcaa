// Probes built from the container's real ports (rules.md: missing-readiness-probe and
// missing-liveness-probe quick fixes). Shared by the probe rules.
import type { Rendered } from '../../edit-render';

interface Port {
  name?: string;
  containerPort?: number;
  protocol?: string;
}

function ports(container: Record<string, any>): Port[] {
  return Array.isArray(container.ports) ? container.ports.filter((p: unknown) => p && typeof p === 'object') : [];
}

function tcpPorts(container: Record<string, any>): Port[] {
  return ports(container).filter((p) => (p.protocol ?? 'TCP') !== 'UDP');
}

/** The port named `http` or `http-*`, if any. */
export function httpPort(container: Record<string, any>): Port | undefined {
  return tcpPorts(container).find(
    (p) => typeof p.name === 'string' && (p.name === 'http' || p.name.startsWith('http-')),
  );
}

function portRef(p: Port): string | number | undefined {
  return typeof p.name === 'string' && p.name ? p.name : p.containerPort;
}

export type ProbeKind = 'readiness' | 'liveness';

/** Handler of an existing probe, for comparing (identical-probes) and for choosing a different one. */
export function probeHandler(
  probe: unknown,
): { type: string; port?: unknown; path?: unknown; command?: unknown } | null {
  if (!probe || typeof probe !== 'object') return null;
  const p = probe as Record<string, any>;
  if (p.httpGet) return { type: 'httpGet', port: p.httpGet.port, path: p.httpGet.path ?? '/' };
  if (p.tcpSocket) return { type: 'tcpSocket', port: p.tcpSocket.port };
  if (p.grpc) return { type: 'grpc', port: p.grpc.port };
  if (p.exec) return { type: 'exec', command: p.exec.command };
  return null;
}

/**
 * A probe for the container: httpGet on its `http` port, else tcpSocket on its first port, else an
 * exec placeholder marked TODO. A liveness probe never repeats the readiness probe's handler.
 */
export function buildProbe(container: Record<string, any>, kind: ProbeKind): Rendered {
  const http = httpPort(container);
  const first = tcpPorts(container)[0];
  const readiness = probeHandler(container.readinessProbe);
  const timing =
    kind === 'readiness'
      ? { periodSeconds: 10, failureThreshold: 3 }
      : { initialDelaySeconds: 10, periodSeconds: 20, failureThreshold: 3 };
  if (kind === 'readiness') {
    if (http)
      return {
        value: { httpGet: { path: '/healthz', port: portRef(http) }, ...timing },
        todo: [{ path: ['httpGet', 'path'], note: 'the endpoint that says this pod can serve' }],
      };
    if (first) return { value: { tcpSocket: { port: portRef(first) }, ...timing } };
    return {
      value: { exec: { command: ['sh', '-c', 'test -f /tmp/ready'] }, ...timing },
      todo: [{ path: ['exec', 'command'], note: 'a command that succeeds when this container can serve' }],
    };
  }
  // Liveness: tcpSocket on the same port when readiness is (or would be) httpGet.
  const readinessType = readiness?.type ?? (http ? 'httpGet' : first ? 'tcpSocket' : 'exec');
  const port = http ?? first;
  if (port && readinessType !== 'tcpSocket') return { value: { tcpSocket: { port: portRef(port) }, ...timing } };
  if (http && readinessType === 'tcpSocket')
    return {
      value: { httpGet: { path: '/healthz', port: portRef(http) }, ...timing },
      todo: [{ path: ['httpGet', 'path'], note: 'an endpoint that fails only when the process must be restarted' }],
    };
  return {
    value: { exec: { command: ['sh', '-c', 'kill -0 1'] }, ...timing },
    todo: [{ path: ['exec', 'command'], note: 'a command that fails only when the process must be restarted' }],
  };
}
