// `kube-ha lint [paths…]`: the same engine the editor runs, over files and directories.
import { parseArgs } from 'util';
import { analyzeSource, createIndex, DEFAULT_LIMITS, type Finding, type Severity, type SourceFile } from '../engine';
import { collectFiles, UsageError } from './files';
import { loadConfig } from './config-file';
import { fromBytes, fromParsed, indexFileFromDiskSync, readNamedFile } from '../read-file';
import { fixInputs } from './fix-files';
import { createEarlyAnalysis, type EarlyAnalysis } from './early-analysis';
import { createParsePool, eachLimited } from '../parse-pool';
import type { InputFile } from './files';
import { chartTemplatePredicate } from '../chart-templates';
import { FORMAT_LIST, formatReport, isFormat, type LintResult } from './format';
import type { CliIO } from './io';
import { displayPath } from './files';
import { RENDER_OPTIONS, RENDER_USAGE, renderOptions, renderedPhase, stdinRendered } from '../rendered/cli-phase';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export const LINT_USAGE = `usage: kube-ha lint [paths…] [--format text|json|sarif|github|gitlab|junit] [--config FILE] [--fail-on error|warning|info] [--fix | --fix-dry-run] [--unsafe-fixes]
  paths: files, directories (searched recursively for *.yaml, *.yml, *.json as the editor does: docs/configuration.md) or - for stdin
  --fix           apply every safe preferred quick fix in place, then report what is left
  --fix-dry-run   print the fixes as a unified diff; change nothing
  --unsafe-fixes  with --fix or --fix-dry-run: also apply unsafe fixes (placeholders, TODOs, guesses)
${RENDER_USAGE}`;

export async function runLint(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      config: { type: 'string' },
      'fail-on': { type: 'string', default: 'warning' },
      fix: { type: 'boolean', default: false },
      'fix-dry-run': { type: 'boolean', default: false },
      'unsafe-fixes': { type: 'boolean', default: false },
      ...RENDER_OPTIONS,
    },
  });
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be combined');
  if (values['unsafe-fixes'] && !values.fix && !values['fix-dry-run'])
    throw new UsageError('--unsafe-fixes needs --fix or --fix-dry-run');
  const format = values.format!;
  if (!isFormat(format)) throw new UsageError(`--format must be ${FORMAT_LIST}, got "${format}"`);
  const failOn = values['fail-on']! as Severity;
  if (!(failOn in RANK)) throw new UsageError(`--fail-on must be error, warning or info, got "${failOn}"`);
  const paths = positionals.length ? positionals : ['.'];
  const { config, file: configFile } = loadConfig(values.config ?? null, io.cwd);

  const collected = await collectFiles(paths, io.cwd, (msg) => io.stderr(`kube-ha: ${msg}\n`), configFile);
  // Names that are not valid UTF-8 are Buffers: no chart directory is judged by them.
  const absOf = new Map(collected.map((f) => [f.display, typeof f.abs === 'string' ? f.abs : null]));
  const index = createIndex({
    ...DEFAULT_LIMITS,
    maxBytes: config.maxFileBytes ?? DEFAULT_LIMITS.maxBytes,
    chartTemplate: chartTemplatePredicate((key) => absOf.get(key) ?? null),
  });
  // Kustomize roots and Helm charts are analysed as what they render to; their files leave the plain analysis.
  const rendered = await lintRendered(collected, index, config, values, io);
  const files = rendered.plain;
  if (rendered.stdinText !== null) io = { ...io, readStdin: async () => rendered.stdinText! };
  const kept = new Map<number, Uint8Array>();
  const onInternalError = (rule: string, obj: { file: string; kind: string; name: string }, err: unknown) =>
    io.stderr(
      `kube-ha: ${obj.file}: rule ${rule} failed on ${obj.kind} ${obj.name}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
  const fixing = values.fix || values['fix-dry-run'];
  // While workers read, this thread analyses the files read so far (kept where still valid at the end).
  const early =
    !fixing && files.length >= POOL_MIN_FILES
      ? createEarlyAnalysis(index, (s) => {
          // A rule's internal error is reported with the findings that are kept, not by an early run made stale.
          const errors: Parameters<typeof onInternalError>[] = [];
          const found = analyzeSource(index, s, config, { onInternalError: (...e) => errors.push(e), cache: false });
          return { found, errors };
        })
      : null;
  const sources = await readAll(files, index, io, kept, early);

  if (fixing)
    await fixInputs(files, sources, {
      index,
      config,
      dryRun: values['fix-dry-run']!,
      unsafe: values['unsafe-fixes']!,
      io,
      onInternalError,
      kept,
    });

  const findings: Finding[] = [...rendered.findings];
  let objects = rendered.objects;
  // Each object is analysed once (here, or early while reading): nothing to keep, unless fixing analysed it.
  for (const s of sources) {
    objects += s.docs.filter((d) => d.object).length;
    if (!early) {
      findings.push(...analyzeSource(index, s, config, { onInternalError, cache: fixing }));
      continue;
    }
    const { found, errors } = early.result(s);
    for (const e of errors) onInternalError(...e);
    findings.push(...found);
  }
  const result: LintResult = {
    findings,
    files: files.length + rendered.files,
    objects,
    paths: files.map((f) => f.display),
  };
  // A dry run's stdout is the patch; the report of what would remain goes nowhere.
  if (!values['fix-dry-run']) {
    io.stdout(formatReport(format, result) + '\n');
  }
  if (values['fail-on-skip'] && findings.some((f) => f.rule === 'analysis-skipped')) return 1;
  return findings.some((f) => RANK[f.severity] >= RANK[failOn]) ? 1 : 0;
}

/** The rendering phase (server/src/rendered): trees and charts rendered, rendered stdin mapped to its sources. */
async function lintRendered(
  files: InputFile[],
  index: ReturnType<typeof createIndex>,
  config: ReturnType<typeof loadConfig>['config'],
  values: Record<string, unknown>,
  io: CliIO,
) {
  let opts;
  try {
    opts = renderOptions(values, io.cwd, io.env);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const display = (abs: string) => displayPath(abs, io.cwd);
  const phase = await renderedPhase(files, index, config, opts, io.cwd, display);
  let stdinText: string | Uint8Array | null = null;
  if (phase.plain.some((f) => f.abs === null)) {
    // Read once here and replayed to the plain analysis when it is not rendered output.
    stdinText = await io.readStdin(index.limits.maxBytes);
    const text =
      typeof stdinText === 'string'
        ? stdinText
        : stdinText.length <= index.limits.maxBytes
          ? Buffer.from(stdinText).toString('utf8')
          : '';
    const mapped = stdinRendered(text, config, io.cwd, display);
    if (mapped)
      return {
        ...phase,
        plain: phase.plain.filter((f) => f.abs !== null),
        findings: [...phase.findings, ...mapped],
        files: phase.files + 1,
        stdinText,
      };
  }
  return { ...phase, stdinText };
}

/** From this many files on, parsing runs in worker threads: below it, starting them costs more than it saves. */
const POOL_MIN_FILES = 32;
/** Files in flight in the workers at once. */
const WINDOW = 64;

/** Read and index every input, in worker threads when there are many; in input order. The bytes of
 *  inputs that cannot be read twice (stdin, FIFOs) go to `kept`, for --fix-dry-run. */
async function readAll(
  files: InputFile[],
  index: ReturnType<typeof createIndex>,
  io: CliIO,
  kept: Map<number, Uint8Array>,
  early: EarlyAnalysis<unknown> | null,
): Promise<SourceFile[]> {
  const sources: SourceFile[] = new Array(files.length);
  const fromDisk = (i: number) => {
    const f = files[i];
    try {
      sources[i] = indexFileFromDiskSync(index, f.display, f.abs!);
    } catch (err) {
      throw new UsageError(
        `${f.display}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
  };
  const indexed = (i: number) => {
    early?.indexed(sources[i]);
    early?.step();
  };
  const pool = files.length >= POOL_MIN_FILES ? createParsePool() : null;
  try {
    await eachLimited(files.keys(), pool ? WINDOW : 1, async (i) => {
      const f = files[i];
      if (f.abs === null || f.special) {
        const read =
          f.abs === null
            ? await io.readStdin(index.limits.maxBytes)
            : await readNamedFile(f.abs, index.limits.maxBytes).catch((err: NodeJS.ErrnoException) => {
                throw new UsageError(`${f.display}: cannot read (${err.code ?? err.message})`);
              });
        const bytes = typeof read === 'string' ? Buffer.from(read, 'utf8') : read;
        if (bytes instanceof Uint8Array) kept.set(i, bytes);
        sources[i] = fromBytes(index, f.display, bytes);
        return indexed(i);
      }
      // A name that is not valid UTF-8 (a Buffer) is read here: workers take string paths.
      if (!pool || typeof f.abs !== 'string') {
        fromDisk(i);
        return indexed(i);
      }
      // A file a worker could not read or parse is read here: its error (or its findings) come from this thread.
      const r = await pool.parse(f.abs, index.limits.maxBytes).catch(() => null);
      if (r && !('error' in r)) sources[i] = fromParsed(index, f.display, r);
      else fromDisk(i);
      indexed(i);
    });
  } finally {
    await pool?.close();
  }
  return sources;
}
