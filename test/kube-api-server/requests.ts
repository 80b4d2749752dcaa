// What a request to the simulated API server asks for (its route), and the Status it fails with.
import { RESOURCES, STATUS_SUBRESOURCE, groupVersions, type ResourceType } from './resources';

export interface RequestInfo {
  method: string;
  path: string;
  query: URLSearchParams;
  verb: 'list' | 'watch' | 'get' | 'discovery' | 'other';
  resource?: ResourceType;
  namespace?: string;
  name?: string;
  /** 'status' for …/<name>/status. */
  subresource?: string;
  /** The client asked for a meta.k8s.io Table (kubectl get). */
  table?: boolean;
}

export function statusObject(code: number, reason: string, message: string): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

export const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  410: 'Expired',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

export function route(method: string, url: URL): RequestInfo {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const q = url.searchParams;
  const base: RequestInfo = { method, path, query: q, verb: 'other' };
  if (
    path === '/version' ||
    path === '/api' ||
    path === '/apis' ||
    groupVersions().some((gv) => path === (gv === 'v1' ? '/api/v1' : `/apis/${gv}`))
  ) {
    return { ...base, verb: 'discovery' };
  }
  for (const r of RESOURCES) {
    if (!path.startsWith(r.prefix + '/')) continue;
    const rest = path.slice(r.prefix.length + 1).split('/');
    const isWatch = q.get('watch') === 'true' || q.get('watch') === '1';
    // <plural>[/<name>[/status]] | namespaces/<ns>/<plural>[/<name>[/status]]
    const status = (s: string | undefined) =>
      s === 'status' && STATUS_SUBRESOURCE.has(r.kind) ? { subresource: 'status' } : s === undefined ? {} : undefined;
    if (rest[0] === r.plural && rest.length <= 3) {
      const sub = status(rest[2]);
      if (!sub) continue;
      if (rest.length >= 2) return { ...base, resource: r, verb: 'get', name: decodeURIComponent(rest[1]), ...sub };
      return { ...base, resource: r, verb: isWatch ? 'watch' : 'list' };
    }
    if (r.namespaced && rest[0] === 'namespaces' && rest[2] === r.plural && rest.length <= 5) {
      const namespace = decodeURIComponent(rest[1]);
      const sub = status(rest[4]);
      if (!sub) continue;
      if (rest.length >= 4)
        return { ...base, resource: r, namespace, verb: 'get', name: decodeURIComponent(rest[3]), ...sub };
      return { ...base, resource: r, namespace, verb: isWatch ? 'watch' : 'list' };
    }
  }
  return base;
}

export function faultMessage(status: number, info: RequestInfo): string {
  if (status === 403 && info.resource) {
    const group = info.resource.apiVersion.includes('/') ? info.resource.apiVersion.split('/')[0] : '';
    const scope = info.namespace ? `in the namespace "${info.namespace}"` : 'at the cluster scope';
    return `${info.resource.plural} is forbidden: User "system:serviceaccount:kube-ha:viewer" cannot ${info.verb} resource "${info.resource.plural}" in API group "${group}" ${scope}`;
  }
  if (status === 401) return 'Unauthorized';
  return status >= 500 ? 'Internal error occurred: simulated failure' : `simulated ${status}`;
}
