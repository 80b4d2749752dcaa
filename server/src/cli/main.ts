// The kube-ha command line: lint, rules, lsp, cluster.
import { parseArgs } from 'util';
import { RULES, PARSER_RULES } from '../engine';
import { UsageError } from './files';
import type { CliIO } from './io';
import { LINT_USAGE, runLint } from './lint';
import { rulesTable } from './rule-docs';

const USAGE = `usage: kube-ha <command>
  lint [paths…]                   report HA anti-patterns (--format text|json|sarif|github|gitlab|junit, --config FILE, --fail-on LEVEL, --fix, --unsafe-fixes)
  rules [--format json|markdown]  list every rule (markdown: the table of docs/rules/README.md)
  lsp --stdio                     start the language server on stdin/stdout (for any LSP editor)
  cluster health                  per-Service endpoint health of a live cluster (--context, --namespace, --format)
  cluster drain-check             which Services go dark and which PDBs block if a node is drained or a zone lost
                                  (--node N | --zone Z | --any-node | --any-zone; exit 0 safe, 1 not, 2 unreadable)`;

function runRules(argv: string[], io: CliIO): number {
  const { format } = parseArgs({
    args: argv,
    options: { format: { type: 'string', default: 'text' } },
    strict: true,
  }).values;
  if (!['text', 'json', 'markdown'].includes(format))
    throw new UsageError(`--format must be text, json or markdown, got "${format}"`);
  const json = format === 'json';
  // The rule table of docs/rules/README.md, from the rules' metadata.
  if (format === 'markdown') {
    io.stdout(rulesTable() + '\n');
    return 0;
  }
  // fixSafety: the safety of each kind of fix the rule may offer (rules.md "Fix safety").
  const rows = [...PARSER_RULES, ...RULES].map((r) => ({
    id: r.id,
    severity: r.severity,
    title: r.title,
    fixable: r.fixable,
    fixSafety: 'fixSafety' in r ? r.fixSafety : [],
  }));
  if (json) io.stdout(JSON.stringify(rows) + '\n');
  else
    io.stdout(
      rows
        .map(
          (r) =>
            `${r.id.padEnd(30)} ${r.severity.padEnd(8)} ${(r.fixSafety.length ? `fix: ${r.fixSafety.join('/')}` : '').padEnd(16)} ${r.title}`,
        )
        .join('\n') + '\n',
    );
  return 0;
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'lint':
        return await runLint(rest, io);
      case 'rules':
        return runRules(rest, io);
      case 'cluster': {
        if (rest[0] === 'drain-check') {
          const { runDrainCheck } = await import('../../../cluster/src/cli-health');
          return await runDrainCheck(rest.slice(1), { stdout: io.stdout, stderr: io.stderr, env: io.env });
        }
        if (rest[0] !== 'health') throw new UsageError('usage: kube-ha cluster health|drain-check …');
        const { runClusterHealth } = await import('../../../cluster/src/cli-health');
        return await runClusterHealth(rest.slice(1), { stdout: io.stdout, stderr: io.stderr, env: io.env });
      }
      case '-h':
      case '--help':
      case 'help':
        io.stdout(USAGE + '\n');
        return 0;
      case '--version': {
        const { packageVersion } = await import('../package-root');
        io.stdout(packageVersion() + '\n');
        return 0;
      }
      default:
        throw new UsageError(cmd ? `unknown command "${cmd}"\n${USAGE}` : USAGE);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`kube-ha: ${err.message}\n`);
      return 2;
    }
    // parseArgs reports unknown options and missing values with ERR_PARSE_ARGS_* codes.
    const code = (err as NodeJS.ErrnoException)?.code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`kube-ha: ${(err as Error).message}\n${cmd === 'lint' ? LINT_USAGE : USAGE}\n`);
      return 2;
    }
    io.stderr(`kube-ha: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
