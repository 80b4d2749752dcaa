// The rule registry. Adding a rule: a folder with rule.ts, its tests and fixtures, and one line here.
import type { Rule } from '../rule';
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
].sort((a, b) => a.id.localeCompare(b.id));

/** yaml-syntax is produced by the parser, not by a rule module, but is listed and configured like one. */
export const YAML_SYNTAX = { id: 'yaml-syntax', severity: 'error' as const, title: 'YAML that does not parse', fixable: false };

export const RULE_IDS: ReadonlySet<string> = new Set([YAML_SYNTAX.id, ...RULES.map((r) => r.id)]);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
