// `kube-ha cluster drain-check --node N | --zone Z | --any-node | --any-zone [--namespace NS]
//  [--context C] [--format text|json] [--kubeconfig FILE] [--request-timeout SECONDS]`:
// the what-if model (whatif.ts) over the live state, for upgrade pipelines.
// Exit 0: nothing goes dark and no eviction blocks; 1: something goes dark or an eviction blocks;
// 2: the cluster could not be read (one line naming what: e.g. a 403 on nodes).
import { ClusterError } from './errors';
import type { NamespaceView } from './model';
import { describeDisruption, whatIf, type Disruption, type WhatIfResult } from './whatif';
import { withCliModel, type CliIo } from './cli-health';

interface Args { context?: string; namespace?: string; format: 'text' | 'json'; kubeconfig?: string; timeoutMs: number; disruption?: Disruption }

const USAGE = 'usage: kube-ha cluster drain-check (--node N | --zone Z | --any-node | --any-zone) [--namespace NS] [--context C] [--format text|json] [--kubeconfig FILE] [--request-timeout SECONDS]';

function parse(argv: string[]): Args | string {
  const a: Args = { format: 'text', timeoutMs: 15_000 };
  const rest = [...argv];
  if (rest[0] === 'cluster') rest.shift();
  if (rest[0] === 'drain-check') rest.shift();
  const set = (d: Disruption): string | undefined => {
    if (a.disruption) return 'give one of --node, --zone, --any-node, --any-zone';
    a.disruption = d;
    return undefined;
  };
  while (rest.length) {
    const arg = rest.shift()!;
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? rest.shift();
    let err: string | undefined;
    switch (flag) {
      case '--node': { const v = value(); err = v ? set({ kind: 'node', node: v }) : '--node needs a node name'; break; }
      case '--zone': { const v = value(); err = v ? set({ kind: 'zone', zone: v }) : '--zone needs a zone'; break; }
      case '--any-node': err = set({ kind: 'any-node' }); break;
      case '--any-zone': err = set({ kind: 'any-zone' }); break;
      case '--context': a.context = value(); if (!a.context) err = '--context needs a value'; break;
      case '-n': case '--namespace': a.namespace = value(); if (!a.namespace) err = '--namespace needs a value'; break;
      case '--kubeconfig': a.kubeconfig = value(); if (!a.kubeconfig) err = '--kubeconfig needs a value'; break;
      case '-o': case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json') err = `--format must be text or json, not ${f ?? 'nothing'}`;
        else a.format = f;
        break;
      }
      case '--request-timeout': {
        const s = Number(value());
        if (!(s > 0)) err = '--request-timeout needs a number of seconds';
        else a.timeoutMs = s * 1000;
        break;
      }
      case '-h': case '--help': return 'help';
      default: err = `unknown argument ${arg}`;
    }
    if (err) return err;
  }
  if (!a.disruption) return 'give one of --node, --zone, --any-node, --any-zone';
  return a;
}

const SECTION_WHAT = { services: 'Services and EndpointSlices', workloads: 'workloads', pdbs: 'PodDisruptionBudgets and Pods' } as const;

export function formatDrainText(context: string, r: WhatIfResult): string {
  const out: string[] = [`context: ${context}`, `what if: ${describeDisruption(r.disruption)}${r.scenarios.length > 1 ? ` (${r.scenarios.length} ${r.disruption.kind === 'any-node' ? 'nodes' : 'zones'} tried: ${r.scenarios.join(', ')})` : ''}`];
  if (r.alreadyLost.length) out.push(`already lost: ${r.alreadyLost.map((l) => `${l.node} (${l.why})`).join(', ')}`);
  const dark = r.services.filter((s) => s.verdict === 'dark');
  const degraded = r.services.filter((s) => s.verdict === 'degraded');
  const blocked = r.pdbs.filter((p) => p.blocks);
  const waits = r.pdbs.filter((p) => !p.blocks && !p.allowedNow);
  const svc = (s: WhatIfResult['services'][number]) => `  ${s.namespace}/${s.name}  ${s.before} → ${s.after} ready${s.where ? ` (${s.where})` : ''}: ${s.reason}`;
  if (dark.length) out.push(`GOES DARK (${dark.length}):`, ...dark.map(svc));
  if (degraded.length) out.push(`degraded (${degraded.length}):`, ...degraded.map(svc));
  if (blocked.length) {
    out.push(`EVICTIONS BLOCK (${blocked.length} PodDisruptionBudget${blocked.length > 1 ? 's' : ''}):`);
    for (const p of blocked) {
      out.push(`  ${p.namespace}/${p.name}${p.workloads.length ? ` (${p.workloads.join(', ')})` : ''}${p.where ? ` on ${p.where}` : ''}: ${p.reason}`);
      for (const e of p.evictions) out.push(`    ${e.order}. ${e.pod} on ${e.node}: ${e.when} — ${e.reason}`);
    }
  }
  if (waits.length) out.push(`evictions that wait for replacements (${waits.length}):`, ...waits.map((p) => `  ${p.namespace}/${p.name}${p.where ? ` on ${p.where}` : ''}: ${p.reason}`));
  const keeps = r.services.filter((s) => s.verdict === 'keeps').length;
  out.push(`${r.summary.safe ? 'SAFE' : 'NOT SAFE'}: ${dark.length} go dark, ${degraded.length} degraded, ${keeps} keep serving, ${blocked.length} PDBs block`);
  return out.join('\n') + '\n';
}

export async function runDrainCheck(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv);
  if (args === 'help') { io.stdout(USAGE + '\n'); return 0; }
  if (typeof args === 'string') { io.stderr(`kube-ha: ${args}\n${USAGE}\n`); return 2; }
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
    const d = args.disruption!;
    if (d.kind === 'node' && !nodes.items.some((n) => n.name === d.node)) throw new ClusterError('config', `no node named "${d.node}" in context "${context}"`);
    if (d.kind === 'zone' && !nodes.items.some((n) => n.zone === d.zone)) throw new ClusterError('config', `no node is in zone "${d.zone}" (topology.kubernetes.io/zone) in context "${context}"`);
    const result = whatIf(model.whatIfInput([ns]), args.disruption!);
    if (args.format === 'json') io.stdout(JSON.stringify({ context, namespace: args.namespace ?? null, ...result }, null, 2) + '\n');
    else io.stdout(formatDrainText(context, result));
    return result.summary.safe ? 0 : 1;
  });
}

function named(what: string, e: ClusterError, hintNamespace: boolean): ClusterError {
  const hint = e.kind === 'forbidden' && hintNamespace && what !== 'nodes' ? ' (try --namespace)' : '';
  return new ClusterError(e.kind, `cannot read ${what}: ${e.message}${hint}`, e.status);
}
