// Dangling rules (rules.md, Terms): a finding that something points at nothing is an error only
// when the analysis saw everything; with a skipped file or an unrendered source it is a hint.
import type { Report, RuleContext } from '../../rule';

export const MAY_BE_SKIPPED = 'the analysis skipped some files or sources, so the match may be in what was skipped';

/** Report a dangling finding: at info, saying so, while the analysis is incomplete. */
export function reportDangling(ctx: RuleContext, r: Report): void {
  if (!ctx.index.isIncomplete()) {
    ctx.report(r);
    return;
  }
  ctx.report({ ...r, severity: 'info', message: `${r.message.replace(/\.$/, '')} (${MAY_BE_SKIPPED}).` });
}
