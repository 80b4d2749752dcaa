// Running the real renderers: `kubectl kustomize` / `kustomize build` and `helm template`. Never
// with plugin, exec-function or helm-inflation flags; never through a shell; with a time limit.
import { execFile } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface RenderOptions {
  /** argv prefix to which the directory is appended; null: look on PATH. */
  kustomizeCommand: string[] | null;
  helmCommand: string[] | null;
  /** Extra values files for every chart (absolute paths). */
  helmValues: string[];
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
}

export const DEFAULT_RENDER_TIMEOUT_MS = 10_000;

export type RenderResult =
  { ok: true; output: string; baseDir: string } | { ok: false; reason: string; advice: string };

/** An executable of that name on PATH, or null (no process is started to find it). */
export function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* next */
    }
  }
  return null;
}

/** The Kustomize command: the configured one, else kubectl kustomize, else kustomize build. */
export function kustomizeCommand(opts: RenderOptions): string[] | null {
  if (opts.kustomizeCommand?.length) return opts.kustomizeCommand;
  const kubectl = onPath('kubectl', opts.env);
  if (kubectl) return [kubectl, 'kustomize'];
  const kustomize = onPath('kustomize', opts.env);
  return kustomize ? [kustomize, 'build'] : null;
}

export function helmCommand(opts: RenderOptions): string[] | null {
  if (opts.helmCommand?.length) return opts.helmCommand;
  const helm = onPath('helm', opts.env);
  return helm ? [helm] : null;
}

/** A command from a setting: words split on white space (no shell, no quoting). */
export function splitCommand(s: string | undefined | null): string[] | null {
  const words = (s ?? '').trim().split(/\s+/).filter(Boolean);
  return words.length ? words : null;
}

/** The renderers are Go programs that allocate a lot and exit soon: a 400% GC target (Go's default
 *  100%) spends less CPU on collections for a bounded, short-lived heap. A GOGC of the user's stays. */
export function rendererEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env.GOGC === undefined ? { ...env, GOGC: '400' } : env;
}

function run(
  argv: string[],
  cwd: string,
  opts: RenderOptions,
  signal?: AbortSignal,
): Promise<{ ok: true; stdout: string } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    execFile(
      argv[0],
      argv.slice(1),
      {
        cwd,
        env: rendererEnv(opts.env),
        timeout: opts.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 256 * 1024 * 1024,
        signal,
      },
      (err, stdout, stderr) => {
        if (!err) {
          resolve({ ok: true, stdout });
          return;
        }
        const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
        if (e.name === 'AbortError') resolve({ ok: false, reason: 'cancelled' });
        else if (e.code === 'ENOENT') resolve({ ok: false, reason: `${argv[0]} not found` });
        else if (e.killed || e.signal === 'SIGKILL')
          resolve({ ok: false, reason: `timed out after ${opts.timeoutMs} ms` });
        else resolve({ ok: false, reason: lastLines(String(stderr || e.message)) });
      },
    );
  });
}

/** kubectl's log header (`E1203 06:01:09.830106    6248 run.go:72] `): a time and a thread id that
 *  would make every run's message differ. */
const KLOG_HEADER = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ [\w.-]+:\d+\] /;

function lastLines(s: string): string {
  const lines = s
    .trim()
    .split('\n')
    .map((l) => l.trim().replace(KLOG_HEADER, ''))
    .filter(Boolean);
  return lines.slice(-2).join(' ').slice(0, 400) || 'failed';
}

/**
 * Render a kustomization with origin annotations: a wrapper kustomization in a temporary folder
 * lists the root as its only resource (Kustomize wants a relative path) and sets buildMetadata.
 * Origin paths in the output are relative to `baseDir`, the wrapper's folder.
 */
export async function renderKustomization(
  root: string,
  opts: RenderOptions,
  signal?: AbortSignal,
): Promise<RenderResult> {
  const cmd = kustomizeCommand(opts);
  if (!cmd)
    return {
      ok: false,
      reason: 'neither kubectl nor kustomize was found on PATH',
      advice:
        'install kubectl (it includes Kustomize) or kustomize, or set kubeHa.kustomize.command / --kustomize-command',
    };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-kustomize-'));
  try {
    const rel = path.relative(tmp, root).split(path.sep).join('/');
    fs.writeFileSync(
      path.join(tmp, 'kustomization.yaml'),
      `resources:\n- ${JSON.stringify(rel)}\nbuildMetadata: [originAnnotations]\n`,
    );
    const r = await run([...cmd, tmp], tmp, opts, signal);
    if (!r.ok)
      return {
        ok: false,
        // The wrapper is kube-ha's: name the root, not the wrapper or the path from it.
        reason: r.reason.split(`'${rel}'`).join(`'${root}'`).split(tmp).join('<wrapper>'),
        advice: `run \`${path.basename(cmd[0])} ${cmd.slice(1).join(' ')} ${root}\` to see the error`,
      };
    return { ok: true, output: r.stdout, baseDir: tmp };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The annotation a group render marks each root's objects with (a nonce: no workspace uses it). */
export function groupMarker(): string {
  return `kube-ha-${randomBytes(6).toString('hex')}.invalid/root`;
}

/**
 * Render several kustomizations in one process (one start-up and one OpenAPI load instead of one
 * per root): the wrapper lists a folder per root, each a kustomization of that root alone that
 * adds the `marker` annotation (value `r<index>`) to its objects' metadata only. Origin paths in
 * the output are relative to `baseDir`, in `within` when given. Only roots whose builds cannot affect each other may be
 * grouped (batch.ts decides), since Kustomize fixes name references for the whole build.
 */
export async function renderKustomizationGroup(
  roots: string[],
  marker: string,
  opts: RenderOptions,
  signal?: AbortSignal,
  within?: string,
): Promise<{ ok: true; output: string; baseDir: string } | { ok: false; reason: string }> {
  const cmd = kustomizeCommand(opts);
  if (!cmd) return { ok: false, reason: 'no kustomize' };
  // In `within` (the staged copy's folder) the origin paths are the same from one run to the next.
  const tmp = within
    ? fs.mkdtempSync(path.join(within, 'wrapper-'))
    : fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-kustomize-'));
  try {
    roots.forEach((root, i) => {
      const dir = path.join(tmp, `r${i}`);
      fs.mkdirSync(dir);
      const rel = path.relative(dir, root).split(path.sep).join('/');
      fs.writeFileSync(
        path.join(dir, 'kustomization.yaml'),
        `resources:\n- ${JSON.stringify(rel)}\ntransformers:\n- marker.yaml\n`,
      );
      fs.writeFileSync(
        path.join(dir, 'marker.yaml'),
        'apiVersion: builtin\nkind: AnnotationsTransformer\nmetadata:\n  name: kube-ha-root\n' +
          `annotations:\n  ${JSON.stringify(marker)}: r${i}\nfieldSpecs:\n- path: metadata/annotations\n  create: true\n`,
      );
    });
    fs.writeFileSync(
      path.join(tmp, 'kustomization.yaml'),
      `resources:\n${roots.map((_, i) => `- r${i}\n`).join('')}buildMetadata: [originAnnotations]\n`,
    );
    const r = await run([...cmd, tmp], tmp, opts, signal);
    return r.ok ? { ok: true, output: r.stdout, baseDir: tmp } : r;
  } finally {
    // In `within` it goes with the staged copy (removed off the main thread).
    if (!within) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Chart dependencies that are not in charts/ (helm template would fail; we never download them). */
export function missingDependencies(chartDir: string, chartYaml: any): string[] {
  const deps = Array.isArray(chartYaml?.dependencies) ? chartYaml.dependencies : [];
  let present: string[] = [];
  try {
    present = fs.readdirSync(path.join(chartDir, 'charts'));
  } catch {
    /* none */
  }
  return deps
    .filter(
      (d: any) =>
        d &&
        typeof d.name === 'string' &&
        !(
          typeof d.repository === 'string' &&
          d.repository.startsWith('file://') &&
          fs.existsSync(path.resolve(chartDir, d.repository.slice(7)))
        ),
    )
    .filter((d: any) => !present.some((p) => p === d.name || p.startsWith(`${d.name}-`)))
    .map((d: any) => d.name as string);
}

/** `helm template` of a chart with its own values.yaml and the configured values files. */
export async function renderChart(chartDir: string, opts: RenderOptions, signal?: AbortSignal): Promise<RenderResult> {
  const cmd = helmCommand(opts);
  if (!cmd)
    return {
      ok: false,
      reason: 'helm was not found on PATH',
      advice: 'install helm, or set kubeHa.helm.command / --helm-command',
    };
  const values = [path.join(chartDir, 'values.yaml'), ...opts.helmValues].filter((f) => fs.existsSync(f));
  const argv = [...cmd, 'template', 'kube-ha', chartDir, ...values.flatMap((v) => ['--values', v])];
  const r = await run(argv, chartDir, opts, signal);
  if (!r.ok) return { ok: false, reason: r.reason, advice: `run \`helm template ${chartDir}\` to see the error` };
  return { ok: true, output: r.stdout, baseDir: path.dirname(chartDir) };
}
