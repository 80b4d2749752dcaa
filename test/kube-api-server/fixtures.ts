// Builders for realistic API objects, shared by the demo cluster and the tests.
import type { KubeObject } from './types';
import { computePdbStatus, coveredPods, podInfo, type IntOrPercent } from '../../cluster/src/disruption';

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
  return {
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export interface NodeOptions {
  cordoned?: boolean;
  notReady?: boolean;
  region?: string;
  ip?: string;
}

/** A Node as the kubelet reports it; zone '' leaves the topology labels off (kind, bare metal).
 *  Cordoned: spec.unschedulable plus the taint `kubectl cordon` leads to. */
export function node(name: string, zone: string, o: NodeOptions = {}): KubeObject {
  const region = o.region ?? (zone ? zone.replace(/[a-z]$/, '') : '');
  const now = '2026-01-01T00:00:00Z';
  return {
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        ...(zone ? { 'topology.kubernetes.io/zone': zone, 'topology.kubernetes.io/region': region } : {}),
      },
    },
    spec: {
      ...(o.cordoned
        ? {
            unschedulable: true,
            taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: now }],
          }
        : {}),
    },
    status: {
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
        {
          type: 'Ready',
          status: o.notReady ? 'Unknown' : 'True',
          reason: o.notReady ? 'NodeStatusUnknown' : 'KubeletReady',
          message: o.notReady ? 'Kubelet stopped posting node status.' : 'kubelet is posting ready status',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
      addresses: [
        { type: 'InternalIP', address: o.ip ?? '172.18.0.10' },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.31.0',
        containerRuntimeVersion: 'containerd://1.7.0',
        osImage: 'simulated',
        architecture: 'amd64',
        operatingSystem: 'linux',
      },
    },
  };
}

export interface PdbSpec {
  minAvailable?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
}

/** A PodDisruptionBudget with the status the disruption controller writes for these pods
 *  (`expected`: the pods' controllers' scale, the pod count otherwise). */
export function pdb(
  ns: string,
  name: string,
  selector: Record<string, string>,
  spec: PdbSpec,
  pods: KubeObject[],
  expected?: number,
): KubeObject {
  const obj: KubeObject = {
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: ns, generation: 1 },
    spec: { ...spec, selector: { matchLabels: selector } },
  };
  const covered = coveredPods(
    { namespace: ns, selector: { matchLabels: selector } },
    pods.map((p) => podInfo(p)),
  );
  return { ...obj, status: pdbStatus(computePdbStatus(spec, covered, expected)) };
}

/** A PDB status with the controller's condition, from the numbers. */
export function pdbStatus(
  n: { disruptionsAllowed: number; currentHealthy: number; desiredHealthy: number; expectedPods: number },
  observedGeneration = 1,
): Record<string, unknown> {
  return {
    ...n,
    observedGeneration,
    conditions: [
      {
        type: 'DisruptionAllowed',
        status: n.disruptionsAllowed > 0 ? 'True' : 'False',
        reason: n.disruptionsAllowed > 0 ? 'SufficientPods' : 'InsufficientPods',
        message: '',
        observedGeneration,
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ],
  };
}

/** selector null: a Service without selector (endpoints managed by hand). */
export function service(
  ns: string,
  name: string,
  selector: Record<string, string> | null = { app: name },
  port = 80,
): KubeObject {
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
      name: `${svc}-${suffix}`,
      namespace: ns,
      labels: {
        'kubernetes.io/service-name': svc,
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      },
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Service', name: svc, uid: 'simulated', controller: true, blockOwnerDeletion: true },
      ],
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

/** `labels`: the pod's labels ({app} by default). */
export function pod(ns: string, e: EndpointSpec, app: string, labels: Record<string, string> = { app }): KubeObject {
  const ready = e.ready !== false;
  return {
    kind: 'Pod',
    metadata: { name: e.pod, namespace: ns, labels },
    spec: { nodeName: e.node, containers: [{ name: app, image: `example/${app}:1.0` }] },
    status: {
      phase: 'Running',
      podIP: e.ip,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

/** `labels`: selector and pod template labels ({app: name} by default). */
export function deployment(
  ns: string,
  name: string,
  replicas: number,
  ready: number,
  labels: Record<string, string> = { app: name },
): KubeObject {
  return {
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name, image: `example/${name}:1.0` }] } },
    },
    status: {
      replicas,
      readyReplicas: ready || undefined,
      availableReplicas: ready || undefined,
      updatedReplicas: replicas,
    },
  };
}

export function statefulSet(
  ns: string,
  name: string,
  replicas: number,
  ready: number,
  labels: Record<string, string> = { app: name },
): KubeObject {
  return {
    kind: 'StatefulSet',
    metadata: { name, namespace: ns, labels },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name, image: `example/${name}:1.0` }] } },
    },
    status: { replicas, readyReplicas: ready || undefined, currentReplicas: replicas },
  };
}

export function daemonSet(ns: string, name: string, desired: number, ready: number): KubeObject {
  return {
    kind: 'DaemonSet',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `example/${name}:1.0` }] } },
    },
    status: {
      desiredNumberScheduled: desired,
      currentNumberScheduled: desired,
      numberReady: ready,
      numberMisscheduled: 0,
    },
  };
}
