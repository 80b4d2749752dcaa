// The command line of the cluster commands (cli-health.ts, cli-drain.ts): node:util parseArgs
// with the options every one of them takes, plus a command's own.
import { parseArgs } from 'node:util';

export interface CliArgs {
  context?: string;
  namespace?: string;
  format: 'text' | 'json';
  kubeconfig?: string;
  timeoutMs: number;
}

type Options = Record<string, { type: 'string' | 'boolean'; short?: string }>;
type Values = Record<string, string | boolean | undefined>;

const COMMON: Options = {
  context: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  kubeconfig: { type: 'string' },
  format: { type: 'string', short: 'o' },
  'request-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export type Parsed = { help: true } | { error: string } | { args: CliArgs; values: Values };

/** Parses `argv` (with or without the leading `cluster <command>` words). */
export function parseCliArgs(argv: string[], command: string, own: Options = {}): Parsed {
  const rest = [...argv];
  if (rest[0] === 'cluster') rest.shift();
  if (rest[0] === command) rest.shift();
  let values: Values;
  try {
    ({ values } = parseArgs({ args: rest, options: { ...COMMON, ...own }, strict: true, allowPositionals: false }) as {
      values: Values;
    });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (values.help) return { help: true };
  const str = (k: string) => values[k] as string | undefined;
  const format = str('format') ?? 'text';
  if (format !== 'text' && format !== 'json') return { error: `--format must be text or json, not ${format}` };
  let timeoutMs = 15_000;
  if (values['request-timeout'] !== undefined) {
    const s = Number(values['request-timeout']);
    if (!(s > 0)) return { error: '--request-timeout needs a number of seconds' };
    timeoutMs = s * 1000;
  }
  for (const k of ['context', 'namespace', 'kubeconfig']) if (str(k) === '') return { error: `--${k} needs a value` };
  return {
    args: { context: str('context'), namespace: str('namespace'), kubeconfig: str('kubeconfig'), format, timeoutMs },
    values,
  };
}
