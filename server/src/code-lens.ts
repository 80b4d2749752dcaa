// A code lens above each workload: a one-line HA posture summary — effective replicas, whether a
// PodDisruptionBudget covers it, whether its pods are spread, whether its containers have probes,
// and how many kube-ha problems it has. Pure: computed from the workspace index and the findings.
import type { CodeLens } from 'vscode-languageserver';
import {
  autoscalersTargeting,
  effectiveReplicas,
  objectsOf,
  rangeAt,
  type Finding,
  type KObject,
  type SourceFile,
  type WorkspaceIndex,
} from './engine';
import { containers, isBatch, isWorkload, podLabels } from './engine/k8s';
import { asSelector, selects } from './engine/selectors';
import { spreadTerms } from './engine/rules/shared/spread';
import { pdbsSelecting } from './engine/rules/shared/pdb';

export interface Posture {
  /** e.g. "3 replicas", "2–10 replicas (HPA)", "1 per node" */
  replicas: string;
  pdb: boolean | null; // null: not applicable (bare Pod, DaemonSet)
  spread: boolean | null;
  probes: { ready: number; live: number; containers: number };
  problems: number;
}

// From the label index: a lens per workload must not scan its namespace.
function pdbCovers(index: WorkspaceIndex, obj: KObject): boolean {
  return pdbsSelecting(index, obj).length > 0;
}

function spreads(index: WorkspaceIndex, obj: KObject): boolean {
  const labels = podLabels(obj, index.context);
  return spreadTerms(obj).some(({ term }) => {
    const sel = asSelector(term.labelSelector);
    return !!sel && selects(sel, labels);
  });
}

function replicasText(index: WorkspaceIndex, obj: KObject): string {
  if (obj.kind === 'DaemonSet') return '1 per node';
  if (obj.kind === 'Pod') return 'bare Pod (not rescheduled)';
  const scalers = autoscalersTargeting(index, obj);
  const n = effectiveReplicas(index, obj);
  if (scalers.length) {
    const max = Math.max(...scalers.map((a) => a.max ?? n));
    // A ScaledObject may scale to zero: the lens shows the floor as written, not as counted.
    const min = Math.min(...scalers.map((a) => a.min ?? n));
    const by = scalers.every((a) => a.kind === 'ScaledObject') ? 'KEDA' : 'HPA';
    return `${min}–${max} replicas (${by})`;
  }
  return `${n} ${n === 1 ? 'replica' : 'replicas'}`;
}

export function postureOf(index: WorkspaceIndex, obj: KObject, findings: readonly Finding[]): Posture {
  const cs = containers(obj);
  const pool = obj.kind === 'DaemonSet' || obj.kind === 'Pod';
  return {
    replicas: replicasText(index, obj),
    pdb: pool ? null : pdbCovers(index, obj),
    spread: pool ? null : spreads(index, obj),
    probes: {
      ready: cs.filter((c) => c.container.readinessProbe).length,
      live: cs.filter((c) => c.container.livenessProbe).length,
      containers: cs.length,
    },
    problems: findings.filter(
      (f) =>
        f.object && f.object.kind === obj.kind && f.object.name === obj.name && f.object.namespace === obj.namespace,
    ).length,
  };
}

const yesNo = (b: boolean) => (b ? '✓' : '✗');

export function postureTitle(p: Posture): string {
  const parts = [p.replicas];
  if (p.pdb !== null) parts.push(`PDB ${yesNo(p.pdb)}`);
  if (p.spread !== null) parts.push(`spread ${yesNo(p.spread)}`);
  const { ready, live, containers: n } = p.probes;
  if (n > 0) {
    const all = ready === n && live === n;
    parts.push(all ? 'probes ✓' : `probes ✗ (readiness ${ready}/${n}, liveness ${live}/${n})`);
  }
  parts.push(
    p.problems === 0 ? 'no kube-ha problems' : `${p.problems} kube-ha ${p.problems === 1 ? 'problem' : 'problems'}`,
  );
  return `HA: ${parts.join(' · ')}`;
}

/** One lens per workload (Jobs and CronJobs are exempt from the HA rules and get none), on its first line. */
export function codeLenses(index: WorkspaceIndex, source: SourceFile, findings: readonly Finding[]): CodeLens[] {
  const out: CodeLens[] = [];
  for (const obj of objectsOf(source)) {
    if (!isWorkload(obj) || isBatch(obj)) continue;
    const d = source.docs[obj.docIndex];
    // On the document's first content line (after a `---` and leading comments), so the lens sits above the object.
    const node = d.doc.contents;
    const at = node?.range ? node.range[0] : d.start;
    const range = rangeAt(source.lineCounter, at, at);
    out.push({ range, command: { title: postureTitle(postureOf(index, obj, findings)), command: '' } });
  }
  return out;
}
