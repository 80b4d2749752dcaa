// The engine's public surface: parse → index → rules → findings → fixes. Pure: no LSP, no VS Code.
export * from './types';
export { releaseDocuments, objectsOf, rangeAt, DEFAULT_LIMITS } from './parse';
export {
  createIndex,
  effectiveReplicas,
  autoscalersTargeting,
  type WorkspaceIndex,
  type IndexChanges,
} from './workspace';
export { analyzeSource, analyzeSteps } from './analyze';
export { applyEdits } from './edits';
export {
  DEFAULT_CONFIG,
  CONFIG_FILE_NAMES,
  mergeConfig,
  parseConfigText,
  readConfig,
  type ConfigProblem,
} from './config';
export { RULES, RULE_IDS, PARSER_RULES, ruleById } from './rules';
export type { Rule } from './rule';
export { fixAll, fixTitle, type FixAnalysis } from './fix-all';
