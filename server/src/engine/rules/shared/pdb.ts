// PodDisruptionBudget helpers shared by the PDB rules.
import type { KObject } from '../../types';
import { asSelector, selects, type LabelSelector } from '../../selectors';
import { getIn, isReplicated, podLabels } from '../../k8s';
import type { WorkspaceIndex } from '../../workspace';
import type { AnalysisContext } from '../../context';

/** A PDB's selector; a PDB without `spec.selector` selects nothing (policy/v1). */
export function pdbSelector(pdb: KObject): LabelSelector | null {
  return asSelector(getIn(pdb.value, ['spec', 'selector']));
}

/** Does the PDB select the workload's pods? (The predicate behind the index's answers.) */
export function pdbSelectsWorkload(pdb: KObject, workload: KObject, cx: AnalysisContext): boolean {
  const sel = pdbSelector(pdb);
  return !!sel && selects(sel, podLabels(workload, cx));
}

/** PDBs of the workload's namespace that select its pods (from the index's label postings). */
export function pdbsSelecting(index: WorkspaceIndex, workload: KObject): KObject[] {
  return index.selecting('PodDisruptionBudget', workload);
}

/** Workloads of the PDB's namespace whose pods it selects. */
export function workloadsOfPdb(index: WorkspaceIndex, pdb: KObject, onlyReplicated = false): KObject[] {
  const sel = pdbSelector(pdb);
  return sel
    ? index.workloadsMatching(
        pdb.namespace,
        sel,
        (o) => (!onlyReplicated || isReplicated(o)) && pdbSelectsWorkload(pdb, o, index.context),
      )
    : [];
}
