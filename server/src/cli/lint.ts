// `kube-ha lint [paths…]`: the same engine the editor runs, over files and directories.
import * as fs from 'fs';
import { parseArgs } from 'util';
import { analyzeSource, createIndex, type Finding, type Severity } from '../engine';
import { collectFiles, UsageError } from './files';
import { loadConfig } from './config-file';
import { formatJson, formatSarif, formatText, type LintResult } from './format';
import type { CliIO } from './io';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export const LINT_USAGE = `usage: kube-ha lint [paths…] [--format text|json|sarif] [--config FILE] [--fail-on error|warning|info]
  paths: files, directories (searched recursively for *.yaml, *.yml) or - for stdin`;

export async function runLint(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      config: { type: 'string' },
      'fail-on': { type: 'string', default: 'warning' },
    },
  });
  const format = values.format!;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, got "${format}"`);
  const failOn = values['fail-on']! as Severity;
  if (!(failOn in RANK)) throw new UsageError(`--fail-on must be error, warning or info, got "${failOn}"`);
  const paths = positionals.length ? positionals : ['.'];
  const { config } = loadConfig(values.config ?? null, io.cwd);

  const files = collectFiles(paths, io.cwd, (msg) => io.stderr(`kube-ha: ${msg}\n`));
  const index = createIndex();
  const sources = [];
  for (const f of files) {
    let text: string;
    if (f.abs === null) text = await io.readStdin();
    else {
      try {
        text = fs.readFileSync(f.abs, 'utf8');
      } catch (err) {
        throw new UsageError(`${f.display}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    }
    sources.push(index.setFile(f.display, text));
  }
  const findings: Finding[] = [];
  let objects = 0;
  for (const s of sources) {
    objects += s.docs.filter((d) => d.object).length;
    findings.push(...analyzeSource(index, s, config, {
      onInternalError: (rule, obj, err) => io.stderr(`kube-ha: ${obj.file}: rule ${rule} failed on ${obj.kind} ${obj.name}: ${err instanceof Error ? err.message : String(err)}\n`),
    }));
  }
  const result: LintResult = { findings, files: files.length, objects };
  const out = format === 'json' ? formatJson(result) : format === 'sarif' ? formatSarif(result) : formatText(result);
  io.stdout(out + '\n');
  return findings.some((f) => RANK[f.severity] >= RANK[failOn]) ? 1 : 0;
}
