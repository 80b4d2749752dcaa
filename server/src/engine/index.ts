// The engine's public surface: parse → index → rules → findings → fixes. Pure: no LSP, no VS Code.
export * from './types';
export { parseSource, parseFileData, releaseDocuments, objectsOf, positionAt, rangeAt, decodeUtf8, invalidUtf8Finding, skippedFinding, overLimitMessage, DEFAULT_LIMITS, type ParseLimits, type FileData } from './parse';
export { createIndex, effectiveReplicas, hpasTargeting, autoscalersTargeting, autoscalerOf, isScaledObject, type Autoscaler, type WorkspaceIndex, type IndexChanges } from './workspace';
export { analyzeFile, analyzeSource, analyzeSteps, type AnalyzeOptions } from './analyze';
export { runToEnd } from './steps';
export { applyEdits } from './edits';
export { DEFAULT_CONFIG, CONFIG_FILE_NAMES, mergeConfig, parseConfigText, readConfig, type ConfigProblem } from './config';
export { RULES, RULE_IDS, YAML_SYNTAX, ANALYSIS_SKIPPED, PARSER_RULES, ruleById } from './rules';
export type { Rule } from './rule';
export { autoFix, fixAll, fixTitle, fixAllText, minimalEdit, type FixAllOptions, type FixAllResult, type FixAnalysis } from './fix-all';
