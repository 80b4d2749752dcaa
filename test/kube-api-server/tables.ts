// Server-side printing (meta.k8s.io/v1 Table) for the kinds whose `kubectl get` columns carry
// status, with the columns a real apiserver prints: Nodes (STATUS Ready/SchedulingDisabled) and
// PodDisruptionBudgets (MIN AVAILABLE, MAX UNAVAILABLE, ALLOWED DISRUPTIONS). Other kinds answer
// plain JSON; kubectl then prints NAME and AGE itself.
import type { ResourceType } from './resources';
import type { KubeObject } from './types';

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

const col = (name: string, type = 'string', format = '', priority = 0): Column => ({
  name,
  type,
  format,
  description: name,
  priority,
});

function age(o: KubeObject): string {
  const created = Date.parse(String(o.metadata.creationTimestamp ?? ''));
  const s = Number.isFinite(created) ? Math.max(0, Math.round((Date.now() - created) / 1000)) : 0;
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

type Json = Record<string, any>;

const PRINTERS: Record<string, { columns: Column[]; cells(o: KubeObject): unknown[] }> = {
  Node: {
    columns: [
      col('Name', 'string', 'name'),
      col('Status'),
      col('Roles'),
      col('Age'),
      col('Version'),
      col('Internal-IP', 'string', '', 1),
    ],
    cells(o) {
      const st = (o.status ?? {}) as Json;
      const ready = (st.conditions ?? []).find((c: Json) => c.type === 'Ready');
      const status = [
        ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown',
        ...((o.spec as Json | undefined)?.unschedulable ? ['SchedulingDisabled'] : []),
      ].join(',');
      const roles = Object.keys(o.metadata.labels ?? {})
        .filter((k) => k.startsWith('node-role.kubernetes.io/'))
        .map((k) => k.split('/')[1])
        .sort();
      const ip = (st.addresses ?? []).find((a: Json) => a.type === 'InternalIP')?.address ?? '<none>';
      return [o.metadata.name, status, roles.join(',') || '<none>', age(o), st.nodeInfo?.kubeletVersion ?? '', ip];
    },
  },
  PodDisruptionBudget: {
    columns: [
      col('Name', 'string', 'name'),
      col('Min Available'),
      col('Max Unavailable'),
      col('Allowed Disruptions', 'integer'),
      col('Age'),
    ],
    cells(o) {
      const spec = (o.spec ?? {}) as Json;
      const show = (v: unknown) => (v === undefined || v === null ? 'N/A' : String(v));
      return [
        o.metadata.name,
        show(spec.minAvailable),
        show(spec.maxUnavailable),
        (o.status as Json | undefined)?.disruptionsAllowed ?? 0,
        age(o),
      ];
    },
  },
};

/** Does the Accept header ask for a Table (kubectl get sends `application/json;as=Table;v=v1;g=meta.k8s.io,…`)? */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

/** A Table of the objects, or undefined for kinds printed client-side. */
export function tableFor(r: ResourceType, objects: KubeObject[], resourceVersion: string): Json | undefined {
  const p = PRINTERS[r.kind];
  if (!p) return undefined;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: p.columns,
    rows: objects.map((o) => ({
      cells: p.cells(o),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
