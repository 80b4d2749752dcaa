// Builders for realistic API objects, shared by the demo cluster and the tests.
import type { KubeObject } from './server';

export interface EndpointSpec {
  ip: string;
  pod: string;
  node?: string;
  zone?: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

export function namespace(name: string): KubeObject {
  return { kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}

export function node(name: string, zone: string): KubeObject {
  return {
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone } },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** selector null: a Service without selector (endpoints managed by hand). */
export function service(ns: string, name: string, selector: Record<string, string> | null = { app: name }, port = 80): KubeObject {
  return {
    kind: 'Service',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: {
      ...(selector ? { selector } : {}),
      type: 'ClusterIP',
      clusterIP: `10.96.${(name.length * 7) % 250}.${(ns.length * 13) % 250}`,
      ports: [{ name: 'http', port, targetPort: port, protocol: 'TCP' }],
    },
  };
}

/** An EndpointSlice as the EndpointSlice controller writes it. Conditions left undefined are omitted,
 *  so tests exercise the API's defaults. */
export function endpointSlice(ns: string, svc: string, eps: EndpointSpec[], suffix = 'abcde', port = 80): KubeObject {
  return {
    kind: 'EndpointSlice',
    metadata: {
      name: `${svc}-${suffix}`, namespace: ns,
      labels: { 'kubernetes.io/service-name': svc, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc, uid: 'simulated', controller: true, blockOwnerDeletion: true }],
    },
    addressType: 'IPv4',
    endpoints: eps.map((e) => ({
      addresses: [e.ip],
      conditions: {
        ...(e.ready !== undefined ? { ready: e.ready } : {}),
        ...(e.serving !== undefined ? { serving: e.serving } : {}),
        ...(e.terminating !== undefined ? { terminating: e.terminating } : {}),
      },
      targetRef: { kind: 'Pod', namespace: ns, name: e.pod, uid: `uid-${e.pod}` },
      ...(e.node ? { nodeName: e.node } : {}),
      ...(e.zone ? { zone: e.zone } : {}),
    })),
    ports: [{ name: 'http', port, protocol: 'TCP' }],
  };
}

export function pod(ns: string, e: EndpointSpec, app: string): KubeObject {
  const ready = e.ready !== false;
  return {
    kind: 'Pod',
    metadata: { name: e.pod, namespace: ns, labels: { app } },
    spec: { nodeName: e.node, containers: [{ name: app, image: `example/${app}:1.0` }] },
    status: {
      phase: 'Running', podIP: e.ip,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

export function deployment(ns: string, name: string, replicas: number, ready: number): KubeObject {
  return {
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `example/${name}:1.0` }] } } },
    status: { replicas, readyReplicas: ready || undefined, availableReplicas: ready || undefined, updatedReplicas: replicas },
  };
}

export function statefulSet(ns: string, name: string, replicas: number, ready: number): KubeObject {
  return {
    kind: 'StatefulSet',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { replicas, serviceName: name, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `example/${name}:1.0` }] } } },
    status: { replicas, readyReplicas: ready || undefined, currentReplicas: replicas },
  };
}

export function daemonSet(ns: string, name: string, desired: number, ready: number): KubeObject {
  return {
    kind: 'DaemonSet',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `example/${name}:1.0` }] } } },
    status: { desiredNumberScheduled: desired, currentNumberScheduled: desired, numberReady: ready, numberMisscheduled: 0 },
  };
}
