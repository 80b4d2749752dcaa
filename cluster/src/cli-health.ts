// `kube-ha cluster health [--context C] [--namespace N] [--format text|json] [--kubeconfig FILE]
//  [--request-timeout SECONDS]`: the per-Service health the tree shows, from the same model.
// Exit 0 when the cluster could be read (whatever the health), 2 with a one-line reason when not.
// Without --namespace every namespace is read through the all-namespaces paths.
import { ClusterError } from './errors';
import type { ServiceHealth } from './health';
import { createClusterModel, type ClusterModel } from './model';
import { parseCliArgs } from './cli-args';

// `cluster drain-check` lives in its own file and ships in this bundle (dist/cluster-cli.js).
export { runDrainCheck } from './cli-drain';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

const USAGE =
  'usage: kube-ha cluster health [--context C] [--namespace N] [--format text|json] [--kubeconfig FILE] [--request-timeout SECONDS]';

export function formatText(context: string, services: ServiceHealth[]): string {
  const rows = [['NAMESPACE', 'SERVICE', 'HEALTH', 'READY', 'NODES', 'ZONES', 'REASON']];
  for (const s of services) {
    rows.push([
      s.namespace,
      s.name,
      s.health,
      `${s.ready}/${s.total}`,
      s.nodes.join(',') || '-',
      s.zones.join(',') || '-',
      s.reason,
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
  return `context: ${context}\n${services.length ? lines.join('\n') : 'no Services'}\n`;
}

/** The cluster arguments every one-shot command takes. */
export interface CliClusterArgs {
  context?: string;
  namespace?: string;
  kubeconfig?: string;
  timeoutMs: number;
}

/** Run a one-shot command against the model of the chosen context: any failure is one line on
 *  stderr and exit 2, and the model is disposed whatever happens. */
export async function withCliModel(
  args: CliClusterArgs,
  io: CliIo,
  body: (model: ClusterModel, context: string, ns: string) => Promise<number>,
): Promise<number> {
  const model = createClusterModel({
    source: { path: args.kubeconfig, env: io.env },
    context: args.context,
    // A CLI runs what the user's kubeconfig says, like kubectl: exec plugins are allowed here.
    untrusted: false,
    timeoutMs: args.timeoutMs,
    // The CLI stops right after the first list; a short backoff never comes into play.
    backoff: { initialMs: 200, maxMs: 1000 },
  });
  try {
    const configError = model.configError();
    if (configError) throw configError;
    if (args.context && model.context() !== args.context)
      throw new ClusterError('config', `context "${args.context}" is not in the kubeconfig`);
    return await body(model, model.context() ?? '', args.namespace ?? '');
  } catch (e) {
    const err = e instanceof ClusterError ? e : new ClusterError('server', e instanceof Error ? e.message : String(e));
    io.stderr(`kube-ha: cannot read the cluster (${err.kind}): ${err.message}\n`);
    return 2;
  } finally {
    model.dispose();
  }
}

export async function runClusterHealth(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCliArgs(argv, 'health');
  if ('help' in parsed) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`kube-ha: ${parsed.error}\n${USAGE}\n`);
    return 2;
  }
  const { args } = parsed;
  return withCliModel(args, io, async (model, context, ns) => {
    model.watchNamespace(ns, ['services']);
    // Every call already has its own timeout; this bounds the whole run (TLS + list of two resources).
    const view = await model.whenSettled(ns, args.timeoutMs * 2 + 1000);
    const state = view.services.state;
    if (state.phase === 'error') {
      const e = state.error;
      const hint = e.kind === 'forbidden' && !args.namespace ? ' (try --namespace)' : '';
      throw new ClusterError(e.kind, e.message + hint, e.status);
    }
    const services = view.services.items;
    if (args.format === 'json') {
      io.stdout(
        JSON.stringify(
          {
            context,
            services: services.map((s) => ({
              namespace: s.namespace,
              name: s.name,
              health: s.health,
              ready: s.ready,
              total: s.total,
              nodes: s.nodes,
              zones: s.zones,
              reason: s.reason,
            })),
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      io.stdout(formatText(context, services));
    }
    return 0;
  });
}
