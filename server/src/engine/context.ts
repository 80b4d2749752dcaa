// The caches of an analysis, owned by whoever runs it: createIndex makes one for the index's
// lifetime (the language server's workspace, one CLI run) unless given one. Every entry is keyed by
// an object, a source or a configuration of that analysis (immutable while kept: an edited
// document is a new object, an edited file a new source), so it goes when its key does; dropping
// the context drops them all. Helpers that cache take the context as an argument.
import type { Config, Finding, KObject, SourceFile } from './types';
import type { Labels } from './selectors';
import type { Rule } from './rule';
import type { Reported } from './analyze';
import type { CommentIgnores } from './suppress';
import type { Autoscaler } from './autoscalers';

export interface AnalysisContext {
  /** k8s.ts podLabels: selectors test them for every Service, PDB and spread term. */
  readonly podLabels: WeakMap<KObject, Labels>;
  /** workspace.ts autoscalerOf (HPAs and ScaledObjects only). */
  readonly autoscalers: WeakMap<KObject, Autoscaler>;
  /** rules/shared/dns.ts serviceReads: the other namespaces whose Services an object names. */
  readonly serviceReads: WeakMap<KObject, ReadonlySet<string> | null>;
  /** suppress.ts: the comments of a source that has any, and annotation answers per object and rule. */
  readonly commentIgnores: WeakMap<SourceFile, CommentIgnores>;
  readonly annotationIgnores: WeakMap<KObject, Map<string, boolean>>;
  /** analyze.ts (with `cache`): reports per object, valid while its dependency key, the
   *  configuration and the rule list are the same; the findings made from them, and where its
   *  document and those of related entries were then; report spans relative to their document; configurations as JSON. */
  readonly reports: WeakMap<
    KObject,
    { dependency: string; config: string; rules: readonly Rule[]; reports: Reported[] }
  >;
  readonly findings: WeakMap<
    KObject,
    {
      reports: Reported[];
      start: number;
      line: number;
      col: number;
      related: { line: number; col: number }[];
      findings: Finding[];
    }
  >;
  readonly spans: WeakMap<object, { start: number; end: number }>;
  readonly configKeys: WeakMap<Config, string>;
}

export function createAnalysisContext(): AnalysisContext {
  return {
    podLabels: new WeakMap(),
    autoscalers: new WeakMap(),
    serviceReads: new WeakMap(),
    commentIgnores: new WeakMap(),
    annotationIgnores: new WeakMap(),
    reports: new WeakMap(),
    findings: new WeakMap(),
    spans: new WeakMap(),
    configKeys: new WeakMap(),
  };
}
