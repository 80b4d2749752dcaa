// Info diagnostics with the live health of Services an open manifest defines, and for its
// PodDisruptionBudgets that allow no disruption now, from the cluster view's model (sent by the
// client; the server never talks to a cluster itself).
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { LiveHealthParams } from '../../common/src/protocol';
import { rangeAt, type SourceFile } from './engine';
import { spanOf } from './engine/locate';

const WORD: Record<string, string> = {
  green: 'healthy',
  yellow: 'degraded',
  red: 'down',
  grey: 'not managed by a selector',
};

export function liveHealthDiagnostics(source: SourceFile, live: LiveHealthParams): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of source.docs) {
    const o = d.object;
    if (o?.kind === 'PodDisruptionBudget') {
      const p = live.pdbs?.find((x) => x.name === o.name && x.namespace === o.namespace);
      if (!p || p.disruptionsAllowed > 0) continue;
      const span = spanOf(o, ['metadata', 'name']) ?? { start: d.start, end: d.start };
      const what = p.workloads.length ? ` (${p.workloads.join(', ')})` : '';
      out.push({
        range: rangeAt(source.lineCounter, span.start, span.end),
        severity: DiagnosticSeverity.Information,
        source: 'kube-ha',
        code: 'live-pdb',
        message: `Live${live.context ? ` in ${live.context}` : ''}: ${p.currentHealthy} of ${p.expectedPods} healthy, ${p.budget}: 0 disruptions allowed, so a drain of any node running these pods${what} blocks.`,
      });
      continue;
    }
    if (!o || o.kind !== 'Service') continue;
    const h = live.services.find((s) => s.name === o.name && s.namespace === o.namespace);
    if (!h) continue;
    const span = spanOf(o, ['metadata', 'name']) ?? { start: d.start, end: d.start };
    out.push({
      range: rangeAt(source.lineCounter, span.start, span.end),
      severity: DiagnosticSeverity.Information,
      source: 'kube-ha',
      code: 'live-health',
      message: `Live${live.context ? ` in ${live.context}` : ''}: ${h.ready}/${h.total} endpoints ready — ${WORD[h.health] ?? h.health}${h.reason ? ` (${h.reason})` : ''}.`,
    });
  }
  return out;
}
