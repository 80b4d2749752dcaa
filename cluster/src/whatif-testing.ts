// Builders of hand-built states for the what-if model's table tests (whatif.test.ts, whatif-pdb.test.ts).
import { serviceHealth, type ServiceHealth } from './health';
import { nodeInfo, pdbInfo, podInfo, type NodeInfo, type PdbInfo, type PodInfo } from './disruption';
import type { Disruption, WhatIfInput } from './whatif';

/** node name → zone ('' = no zone label); flags: c = cordoned, n = NotReady. */
export function nodes(spec: Record<string, string>): NodeInfo[] {
  return Object.entries(spec).map(([name, z]) => {
    const [zone, flags = ''] = z.split(':');
    return nodeInfo({
      metadata: { name, labels: zone ? { 'topology.kubernetes.io/zone': zone } : {} },
      spec: flags.includes('c') ? { unschedulable: true } : {},
      status: { conditions: [{ type: 'Ready', status: flags.includes('n') ? 'False' : 'True' }] },
    });
  });
}
export const NODES = nodes({ a1: 'za', a2: 'za', b1: 'zb', c1: 'zc' });
const ZONE: Record<string, string> = { a1: 'za', a2: 'za', b1: 'zb', c1: 'zc' };

/** Endpoints as "node[!][~][?]": ! not ready, ~ terminating (and not ready), ? no zone on the endpoint. '-' = no node. */
export function svc(
  name: string,
  eps: string[],
  selector: Record<string, string> | null = { app: name },
): ServiceHealth {
  return serviceHealth({ metadata: { name, namespace: 'ns' }, spec: selector ? { selector } : {} }, [
    {
      metadata: { name: `${name}-x`, namespace: 'ns', labels: { 'kubernetes.io/service-name': name } },
      endpoints: eps.map((e, i) => {
        const node = e.replace(/[!~?]/g, '');
        const ready = !/[!~]/.test(e);
        return {
          addresses: [`10.0.0.${i + 1}`],
          conditions: { ready, serving: ready, terminating: e.includes('~') },
          targetRef: { kind: 'Pod', name: `${name}-${i}` },
          ...(node !== '-' ? { nodeName: node } : {}),
          ...(node !== '-' && !e.includes('?') && ZONE[node] ? { zone: ZONE[node] } : {}),
        };
      }),
    },
  ]);
}

/** Pods as "node[!][p]": ! not Ready, p Pending. */
export function pods(app: string, spec: string[]): PodInfo[] {
  return spec.map((s, i) =>
    podInfo({
      metadata: { name: `${app}-${i}`, namespace: 'ns', labels: { app } },
      spec: { nodeName: s.replace(/[!p]/g, '') },
      status: {
        phase: s.includes('p') ? 'Pending' : 'Running',
        conditions: [{ type: 'Ready', status: /[!p]/.test(s) ? 'False' : 'True' }],
      },
    }),
  );
}

export function pdb(
  app: string,
  spec: Record<string, unknown>,
  ps: PodInfo[],
  status?: Record<string, number>,
): PdbInfo {
  return pdbInfo(
    {
      metadata: { name: `${app}-pdb`, namespace: 'ns' },
      spec: { selector: { matchLabels: { app } }, ...spec },
      ...(status ? { status } : {}),
    },
    ps,
  );
}

export const input = (o: Partial<WhatIfInput>): WhatIfInput => ({
  services: [],
  nodes: NODES,
  pdbs: [],
  pods: [],
  ...o,
});
export const N = (node: string): Disruption => ({ kind: 'node', node });
export const Z = (zone: string): Disruption => ({ kind: 'zone', zone });
export const ANY_NODE: Disruption = { kind: 'any-node' };
export const ANY_ZONE: Disruption = { kind: 'any-zone' };
