// PodDisruptionBudget helpers shared by the PDB rules.
import type { KObject } from '../../types';
import { asSelector, selects, type LabelSelector } from '../../selectors';
import { getIn, isReplicated, podLabels } from '../../k8s';
import type { WorkspaceIndex } from '../../workspace';

/** A PDB's selector; a PDB without `spec.selector` selects nothing (policy/v1). */
export function pdbSelector(pdb: KObject): LabelSelector | null {
  return asSelector(getIn(pdb.value, ['spec', 'selector']));
}

export function pdbSelectsWorkload(pdb: KObject, workload: KObject): boolean {
  const sel = pdbSelector(pdb);
  return !!sel && selects(sel, podLabels(workload));
}

export function pdbsIn(index: WorkspaceIndex, ns: string): readonly KObject[] {
  return index.ofKind(ns, 'PodDisruptionBudget');
}

/** Workloads of the PDB's namespace whose pods it selects. */
export function workloadsOfPdb(index: WorkspaceIndex, pdb: KObject, onlyReplicated = false): KObject[] {
  return index.workloadsIn(pdb.namespace).filter((o) => (!onlyReplicated || isReplicated(o)) && pdbSelectsWorkload(pdb, o));
}
