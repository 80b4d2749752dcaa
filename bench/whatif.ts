// The what-if model (cluster/src/whatif.ts) over a big cluster, in process: 5,000 Services with
// 3 endpoints each over 500 nodes in 3 zones, their 15,000 pods and 2,500 PDBs, 5 nodes cordoned.
// Times each disruption kind; the input is built through the same functions the live model uses.
import { serviceHealth, type ServiceHealth } from '../cluster/src/health';
import { nodeInfo, pdbInfo, podInfo, type NodeInfo, type PdbInfo, type PodInfo } from '../cluster/src/disruption';
import { whatIf, type Disruption, type WhatIfInput } from '../cluster/src/whatif';
import { hr } from './stats';

export interface WhatIfBench {
  services: number;
  nodes: number;
  pods: number;
  pdbs: number;
  times: Record<string, number[]>;
  cpu: Record<string, number[]>;
  dark: Record<string, number>;
}

/** A small deterministic PRNG, so every run measures the same cluster. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function buildInput(services: number, nodeCount: number): WhatIfInput {
  const rand = rng(18);
  const zones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
  const nodes: NodeInfo[] = Array.from({ length: nodeCount }, (_, i) =>
    nodeInfo({
      metadata: { name: `node-${String(i).padStart(3, '0')}`, labels: { 'topology.kubernetes.io/zone': zones[i % 3] } },
      spec: i % 100 === 7 ? { unschedulable: true } : {},
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    }),
  );
  const svcs: ServiceHealth[] = [];
  const pods: PodInfo[] = [];
  const pdbs: PdbInfo[] = [];
  for (let i = 0; i < services; i++) {
    const ns = `team-${String(i % 50).padStart(3, '0')}`;
    const app = `svc-${i}`;
    // One Service in ten has all its pods on one node; the rest spread over random nodes.
    const first = Math.floor(rand() * nodeCount);
    const at = [0, 1, 2].map(() => (i % 10 === 0 ? first : Math.floor(rand() * nodeCount)));
    const myPods = at.map((n, k) =>
      podInfo({
        metadata: { name: `${app}-${k}`, namespace: ns, labels: { app } },
        spec: { nodeName: nodes[n].name },
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
      }),
    );
    pods.push(...myPods);
    svcs.push(
      serviceHealth({ metadata: { name: app, namespace: ns }, spec: { selector: { app } } }, [
        {
          metadata: { name: `${app}-abcde`, namespace: ns, labels: { 'kubernetes.io/service-name': app } },
          endpoints: myPods.map((p, k) => ({
            addresses: [`10.${(i >> 8) & 255}.${i & 255}.${k}`],
            conditions: { ready: true },
            nodeName: p.node,
            zone: nodes[at[k]].zone,
            targetRef: { kind: 'Pod', name: p.name },
          })),
        },
      ]),
    );
    if (i % 2 === 0) {
      pdbs.push(
        pdbInfo(
          {
            metadata: { name: `${app}-pdb`, namespace: ns },
            spec: {
              selector: { matchLabels: { app } },
              ...(i % 6 === 0 ? { maxUnavailable: 0 } : { maxUnavailable: 1 }),
            },
            status: {
              disruptionsAllowed: i % 6 === 0 ? 0 : 1,
              currentHealthy: 3,
              desiredHealthy: i % 6 === 0 ? 3 : 2,
              expectedPods: 3,
            },
          },
          myPods,
        ),
      );
    }
  }
  return { services: svcs, nodes, pods, pdbs };
}

export function benchWhatIf(services: number, nodeCount: number, runs: number): WhatIfBench {
  const input = buildInput(services, nodeCount);
  const kinds: Record<string, Disruption> = {
    'drain one node': { kind: 'node', node: 'node-001' },
    'lose one zone': { kind: 'zone', zone: 'eu-west-1b' },
    'any one node': { kind: 'any-node' },
    'any one zone': { kind: 'any-zone' },
  };
  const times: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  const dark: Record<string, number> = {};
  for (const [label, d] of Object.entries(kinds)) {
    for (let w = 0; w < 3; w++) whatIf(input, d); // warm-up: JIT
    times[label] = [];
    cpu[label] = [];
    for (let r = 0; r < runs; r++) {
      const c = process.cpuUsage();
      const t = hr();
      const res = whatIf(input, d);
      times[label].push(hr() - t);
      const used = process.cpuUsage(c);
      // This thread's CPU time (user+system, µs): what the answer costs without the other processes' share.
      cpu[label].push((used.user + used.system) / 1000);
      dark[label] = res.summary.dark;
    }
  }
  return { services, nodes: nodeCount, pods: input.pods.length, pdbs: input.pdbs.length, times, cpu, dark };
}
