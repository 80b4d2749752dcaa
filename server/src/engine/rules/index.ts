// The rule registry. Adding a rule: a folder with rule.ts, its tests and fixtures, and one line here.
import type { Rule } from '../rule';
import { PARSER_RULES } from './parser';
import { rule as hpaTargetMissing } from './hpa-target-missing/rule';
import { rule as missingLivenessProbe } from './missing-liveness-probe/rule';
import { rule as missingPdb } from './missing-pdb/rule';
import { rule as missingReadinessProbe } from './missing-readiness-probe/rule';
import { rule as noPodSpread } from './no-pod-spread/rule';
import { rule as pdbBlocksEviction } from './pdb-blocks-eviction/rule';
import { rule as recreateStrategy } from './recreate-strategy/rule';
import { rule as selectorTemplateMismatch } from './selector-template-mismatch/rule';
import { rule as serviceSelectsNothing } from './service-selects-nothing/rule';
import { rule as singleReplica } from './single-replica/rule';
import { rule as replicasWithHpa } from './replicas-with-hpa/rule';
import { rule as hpaMinReplicasLow } from './hpa-min-replicas-low/rule';
import { rule as hpaMaxNotAboveMin } from './hpa-max-not-above-min/rule';
import { rule as hpaMissingRequests } from './hpa-missing-requests/rule';
import { rule as pdbNoPolicy } from './pdb-no-policy/rule';
import { rule as pdbSelectsNothing } from './pdb-selects-nothing/rule';
import { rule as pdbUnhealthyEviction } from './pdb-unhealthy-eviction/rule';
import { rule as spreadSelectorMismatch } from './spread-selector-mismatch/rule';
import { rule as nodePinned } from './node-pinned/rule';
import { rule as rolloutTakesAllDown } from './rollout-takes-all-down/rule';
import { rule as rwoVolumeShared } from './rwo-volume-shared/rule';
import { rule as identicalProbes } from './identical-probes/rule';
import { rule as probePortUndeclared } from './probe-port-undeclared/rule';
import { rule as barePod } from './bare-pod/rule';
import { rule as unmanagedReplicaset } from './unmanaged-replicaset/rule';
import { rule as missingPrestopHook } from './missing-prestop-hook/rule';
import { rule as servicePortMismatch } from './service-port-mismatch/rule';
import { rule as statefulsetHeadlessService } from './statefulset-headless-service/rule';
import { rule as missingResourceRequests } from './missing-resource-requests/rule';
import { rule as missingMemoryLimit } from './missing-memory-limit/rule';
import { rule as removedApiVersion } from './removed-api-version/rule';
import { rule as imageTagMutable } from './image-tag-mutable/rule';
import { rule as ingressBackendMissing } from './ingress-backend-missing/rule';
import { rule as pdbOverlap } from './pdb-overlap/rule';
import { rule as shutdownGraceTooShort } from './shutdown-grace-too-short/rule';
import { rule as publishNotReady } from './publish-not-ready/rule';
import { rule as daemonsetOnDelete } from './daemonset-on-delete/rule';
import { rule as serviceReferenceDangling } from './service-reference-dangling/rule';

export const RULES: readonly Rule[] = [
  hpaTargetMissing,
  missingLivenessProbe,
  missingPdb,
  missingReadinessProbe,
  noPodSpread,
  pdbBlocksEviction,
  recreateStrategy,
  selectorTemplateMismatch,
  serviceSelectsNothing,
  singleReplica,
  replicasWithHpa,
  hpaMinReplicasLow,
  hpaMaxNotAboveMin,
  hpaMissingRequests,
  pdbNoPolicy,
  pdbSelectsNothing,
  pdbUnhealthyEviction,
  spreadSelectorMismatch,
  nodePinned,
  rolloutTakesAllDown,
  rwoVolumeShared,
  identicalProbes,
  probePortUndeclared,
  barePod,
  unmanagedReplicaset,
  missingPrestopHook,
  servicePortMismatch,
  statefulsetHeadlessService,
  missingResourceRequests,
  missingMemoryLimit,
  removedApiVersion,
  imageTagMutable,
  ingressBackendMissing,
  pdbOverlap,
  shutdownGraceTooShort,
  publishNotReady,
  daemonsetOnDelete,
  serviceReferenceDangling,
].sort((a, b) => a.id.localeCompare(b.id));

export { PARSER_RULES } from './parser';

export const RULE_IDS: ReadonlySet<string> = new Set([...PARSER_RULES.map((r) => r.id), ...RULES.map((r) => r.id)]);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
