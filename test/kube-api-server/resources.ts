// The resource types the test API server serves, with the REST coordinates a real apiserver uses.

export interface ResourceType {
  kind: string;
  apiVersion: string;
  /** URL prefix of the group version: /api/v1 or /apis/<group>/<version> */
  prefix: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
}

export const RESOURCES: readonly ResourceType[] = [
  {
    kind: 'Namespace',
    apiVersion: 'v1',
    prefix: '/api/v1',
    plural: 'namespaces',
    namespaced: false,
    shortNames: ['ns'],
  },
  { kind: 'Service', apiVersion: 'v1', prefix: '/api/v1', plural: 'services', namespaced: true, shortNames: ['svc'] },
  { kind: 'Pod', apiVersion: 'v1', prefix: '/api/v1', plural: 'pods', namespaced: true, shortNames: ['po'] },
  { kind: 'Node', apiVersion: 'v1', prefix: '/api/v1', plural: 'nodes', namespaced: false, shortNames: ['no'] },
  {
    kind: 'EndpointSlice',
    apiVersion: 'discovery.k8s.io/v1',
    prefix: '/apis/discovery.k8s.io/v1',
    plural: 'endpointslices',
    namespaced: true,
  },
  {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    prefix: '/apis/apps/v1',
    plural: 'deployments',
    namespaced: true,
    shortNames: ['deploy'],
  },
  {
    kind: 'StatefulSet',
    apiVersion: 'apps/v1',
    prefix: '/apis/apps/v1',
    plural: 'statefulsets',
    namespaced: true,
    shortNames: ['sts'],
  },
  {
    kind: 'DaemonSet',
    apiVersion: 'apps/v1',
    prefix: '/apis/apps/v1',
    plural: 'daemonsets',
    namespaced: true,
    shortNames: ['ds'],
  },
  {
    kind: 'PodDisruptionBudget',
    apiVersion: 'policy/v1',
    prefix: '/apis/policy/v1',
    plural: 'poddisruptionbudgets',
    namespaced: true,
    shortNames: ['pdb'],
  },
];

/** Kinds whose status is a subresource (…/<name>/status), as on a real apiserver. */
export const STATUS_SUBRESOURCE = new Set([
  'Node',
  'Pod',
  'Service',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'PodDisruptionBudget',
  'Namespace',
]);

export function resourceByKind(kind: string): ResourceType {
  const r = RESOURCES.find((x) => x.kind === kind);
  if (!r) throw new Error(`test API server does not serve kind ${kind}`);
  return r;
}

export function groupVersions(): string[] {
  return [...new Set(RESOURCES.map((r) => r.apiVersion))];
}
