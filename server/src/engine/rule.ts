// What a rule module exports, and the context it checks an object in.
import type { Config, FileEdit, FixSafety, KObject, Path, Severity } from './types';
import type { WorkspaceIndex } from './workspace';

export interface FixSpec {
  title: string;
  preferred?: boolean;
  /** rules.md "Fix safety": safe = exactly what the rule asks for, no placeholder or guess;
   *  unsafe = it writes a placeholder, a `# TODO` or a guess (a probe handler, a port, a name). */
  safety: FixSafety;
  edits(): FileEdit[];
}

export interface Report {
  /** Where to underline: the first path that exists wins; else the object's name. */
  at: Path | Path[];
  message: string;
  /** Overrides the rule's default severity for this finding (config still wins). */
  severity?: Severity;
  related?: { object: KObject; at?: Path; message: string }[];
  fixes?: FixSpec[];
}

export interface RuleContext {
  index: WorkspaceIndex;
  config: Config;
  report(r: Report): void;
}

export interface Rule {
  id: string;
  severity: Severity;
  title: string;
  /** One line for the docs (the rule table and the page header): what goes wrong. */
  summary: string;
  /** The severity as the docs state it, when findings may override the default (e.g. `warning / info`). */
  severityNote?: string;
  /** True when the rule offers a quick fix (rules.md's quick-fix column). */
  fixable: boolean;
  /** The safety of every fix the rule may offer (empty when it offers none): what
   *  `kube-ha rules` and the docs say; a test checks the fixes on the fixtures against it. */
  fixSafety: readonly FixSafety[];
  /** Peer checks whose ignore annotations suppress this rule (rules.md, Suppression). */
  peers?: { kubeLinter?: string[]; kubeScore?: string[]; polaris?: string[] };
  /** Does the rule read other objects? Such findings change when other files change. */
  crossObject?: boolean;
  /** Pod- or container-level: the pod template's annotations can suppress it too. */
  podLevel?: boolean;
  /** 'ha-workloads': checked only on workloads that are not Jobs or CronJobs (rules.md: batch
   *  workloads are exempt from every HA rule but image-tag-mutable). Default: every object. */
  appliesTo?: 'ha-workloads';
  check(obj: KObject, ctx: RuleContext): void;
}
