// `kube-ha cluster drain-check --node N | --zone Z | --any-node | --any-zone [--namespace NS]
//  [--context C] [--format text|json] [--kubeconfig FILE] [--request-timeout SECONDS]`:
// the what-if model (whatif.ts) over the live state, for upgrade pipelines.
// Exit 0: nothing goes dark and no eviction blocks; 1: something goes dark or an eviction blocks;
// 2: the cluster could not be read (one line naming what: e.g. a 403 on nodes).
import { ClusterError } from './errors';
import type { NamespaceView } from './namespace-view';
import { describeDisruption, whatIf, type Disruption, type WhatIfResult } from './whatif';
import { withCliModel, type CliIo } from './cli-health';
import { parseCliArgs, type Parsed } from './cli-args';

const USAGE =
  'usage: kube-ha cluster drain-check (--node N | --zone Z | --any-node | --any-zone) [--namespace NS] [--context C] [--format text|json] [--kubeconfig FILE] [--request-timeout SECONDS]';

const DISRUPTION_OPTIONS = {
  node: { type: 'string' },
  zone: { type: 'string' },
  'any-node': { type: 'boolean' },
  'any-zone': { type: 'boolean' },
} as const;

/** The one disruption the flags name, or why there is not one. */
function disruptionOf(v: Record<string, string | boolean | undefined>): Disruption | string {
  const given: Disruption[] = [];
  if (v.node !== undefined) given.push({ kind: 'node', node: String(v.node) });
  if (v.zone !== undefined) given.push({ kind: 'zone', zone: String(v.zone) });
  if (v['any-node']) given.push({ kind: 'any-node' });
  if (v['any-zone']) given.push({ kind: 'any-zone' });
  if (given.length !== 1) return 'give one of --node, --zone, --any-node, --any-zone';
  const d = given[0];
  if (d.kind === 'node' && !d.node) return '--node needs a node name';
  if (d.kind === 'zone' && !d.zone) return '--zone needs a zone';
  return d;
}

const SECTION_WHAT = {
  services: 'Services and EndpointSlices',
  workloads: 'workloads',
  pdbs: 'PodDisruptionBudgets and Pods',
} as const;

export function formatDrainText(context: string, r: WhatIfResult): string {
  const out: string[] = [
    `context: ${context}`,
    `what if: ${describeDisruption(r.disruption)}${r.scenarios.length > 1 ? ` (${r.scenarios.length} ${r.disruption.kind === 'any-node' ? 'nodes' : 'zones'} tried: ${r.scenarios.join(', ')})` : ''}`,
  ];
  if (r.alreadyLost.length) out.push(`already lost: ${r.alreadyLost.map((l) => `${l.node} (${l.why})`).join(', ')}`);
  const dark = r.services.filter((s) => s.verdict === 'dark');
  const degraded = r.services.filter((s) => s.verdict === 'degraded');
  const blocked = r.pdbs.filter((p) => p.blocks);
  const waits = r.pdbs.filter((p) => !p.blocks && !p.allowedNow);
  const svc = (s: WhatIfResult['services'][number]) =>
    `  ${s.namespace}/${s.name}  ${s.before} → ${s.after} ready${s.where ? ` (${s.where})` : ''}: ${s.reason}`;
  if (dark.length) out.push(`GOES DARK (${dark.length}):`, ...dark.map(svc));
  if (degraded.length) out.push(`degraded (${degraded.length}):`, ...degraded.map(svc));
  if (blocked.length) {
    out.push(`EVICTIONS BLOCK (${blocked.length} PodDisruptionBudget${blocked.length > 1 ? 's' : ''}):`);
    for (const p of blocked) {
      out.push(
        `  ${p.namespace}/${p.name}${p.workloads.length ? ` (${p.workloads.join(', ')})` : ''}${p.where ? ` on ${p.where}` : ''}: ${p.reason}`,
      );
      for (const e of p.evictions) out.push(`    ${e.order}. ${e.pod} on ${e.node}: ${e.when} — ${e.reason}`);
    }
  }
  if (waits.length)
    out.push(
      `evictions that wait for replacements (${waits.length}):`,
      ...waits.map((p) => `  ${p.namespace}/${p.name}${p.where ? ` on ${p.where}` : ''}: ${p.reason}`),
    );
  const keeps = r.services.filter((s) => s.verdict === 'keeps').length;
  out.push(
    `${r.summary.safe ? 'SAFE' : 'NOT SAFE'}: ${dark.length} go dark, ${degraded.length} degraded, ${keeps} keep serving, ${blocked.length} PDBs block`,
  );
  return out.join('\n') + '\n';
}

export async function runDrainCheck(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCliArgs(argv, 'drain-check', DISRUPTION_OPTIONS);
  if ('help' in parsed) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  const disruption = 'error' in parsed ? parsed.error : disruptionOf(parsed.values);
  if (typeof disruption === 'string') {
    io.stderr(`kube-ha: ${disruption}\n${USAGE}\n`);
    return 2;
  }
  const { args } = parsed as Extract<Parsed, { args: unknown }>;
  return withCliModel(args, io, async (model, context, ns) => {
    const sections = ['services', 'workloads', 'pdbs'] as const;
    model.watchNamespace(ns, sections);
    const wait = args.timeoutMs * 2 + 1000;
    const [view, nodes] = await Promise.all([model.whenSettled(ns, wait), model.whenNodesSettled(wait)]);
    // Nodes first: without them cordoned/NotReady nodes and zones are unknown, so no answer is given.
    if (nodes.state.phase === 'error') throw named('nodes', nodes.state.error, false);
    for (const s of sections) {
      const st = (view as NamespaceView)[s].state;
      if (st.phase === 'error') throw named(SECTION_WHAT[s], st.error, !args.namespace);
    }
    const d = disruption;
    if (d.kind === 'node' && !nodes.items.some((n) => n.name === d.node))
      throw new ClusterError('config', `no node named "${d.node}" in context "${context}"`);
    if (d.kind === 'zone' && !nodes.items.some((n) => n.zone === d.zone))
      throw new ClusterError(
        'config',
        `no node is in zone "${d.zone}" (topology.kubernetes.io/zone) in context "${context}"`,
      );
    const result = whatIf(model.whatIfInput([ns]), disruption);
    if (args.format === 'json')
      io.stdout(JSON.stringify({ context, namespace: args.namespace ?? null, ...result }, null, 2) + '\n');
    else io.stdout(formatDrainText(context, result));
    return result.summary.safe ? 0 : 1;
  });
}

function named(what: string, e: ClusterError, hintNamespace: boolean): ClusterError {
  const hint = e.kind === 'forbidden' && hintNamespace && what !== 'nodes' ? ' (try --namespace)' : '';
  return new ClusterError(e.kind, `cannot read ${what}: ${e.message}${hint}`, e.status);
}
