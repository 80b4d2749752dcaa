// Exec credential plugins (users[].user.exec), run by kube-ha itself rather than client-node:
// with a timeout, in a process group of their own that is killed whole when the plugin overruns
// or the request is abandoned, so nothing a plugin leaves running keeps kube-ha alive. The
// plugin's output is bounded; its token is registered as a secret (never printed).
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import { ClusterError, registerSecret } from './errors';

export interface ExecConfig {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[] | null;
  apiVersion?: string;
}

export interface ExecCredential {
  token?: string;
  /** PEM client certificate and key, when the plugin gives them. */
  cert?: string;
  key?: string;
  /** When to run the plugin again (ms since the epoch); undefined: on every new connection setup. */
  expiresAt?: number;
}

/** Output larger than this is not a credential. */
const MAX_OUTPUT = 1024 * 1024;
// How long output may trail the plugin's exit while something it left behind holds the pipes.
const EXIT_DRAIN_MS = 500;

export function runExecPlugin(
  exec: ExecConfig,
  o: { timeoutMs: number; signal?: AbortSignal; env?: NodeJS.ProcessEnv },
): Promise<ExecCredential> {
  const name = basename(exec.command);
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...(o.env ?? process.env) };
    for (const e of exec.env ?? []) env[e.name] = e.value;
    env.KUBERNETES_EXEC_INFO = JSON.stringify({
      apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      spec: { interactive: false },
    });
    let child: ReturnType<typeof spawn>;
    try {
      // detached: the plugin leads a process group, so a kill reaches whatever it started.
      child = spawn(exec.command, exec.args ?? [], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      reject(
        new ClusterError(
          'config',
          `credential plugin "${name}" cannot be started (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
        ),
      );
      return;
    }
    let out = Buffer.alloc(0),
      errLine = '',
      settled = false;
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone already */
      }
    };
    const finish = (err: Error | null, cred?: ExecCredential) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      killGroup();
      if (err) reject(err);
      else resolve(cred!);
    };
    const timer = setTimeout(
      () =>
        finish(
          new ClusterError(
            'timeout',
            `credential plugin "${name}" did not answer within ${Math.round(o.timeoutMs / 100) / 10}s`,
          ),
        ),
      o.timeoutMs,
    );
    const onAbort = () => finish(new ClusterError('timeout', `credential plugin "${name}" stopped`));
    if (o.signal?.aborted) {
      onAbort();
      return;
    }
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e: NodeJS.ErrnoException) =>
      finish(new ClusterError('config', `credential plugin "${name}" cannot be run (${e.code ?? 'error'})`)),
    );
    child.stdout!.on('data', (c: Buffer) => {
      out = Buffer.concat([out, c]);
      if (out.length > MAX_OUTPUT)
        finish(
          new ClusterError('config', `credential plugin "${name}" wrote more than ${MAX_OUTPUT / 1024 / 1024} MB`),
        );
    });
    child.stderr!.on('data', (c: Buffer) => {
      if (errLine.length < 200) errLine += c.toString('utf8');
    });
    let ended = 0;
    const drained: Array<() => void> = [];
    for (const stream of [child.stdout!, child.stderr!])
      stream.once('end', () => {
        if (++ended === 2) for (const d of drained.splice(0)) d();
      });
    // On exit, not on close: a process the plugin left behind may hold its pipes open. What was
    // written before the exit can arrive after it: wait for both pipes to end, or briefly.
    child.on('exit', (code, signal) => {
      afterDrain(() => {
        if (code !== 0) {
          const first = errLine
            .split('\n')
            .find((l) => l.trim())
            ?.trim()
            .slice(0, 200);
          finish(
            new ClusterError(
              'unauthorized',
              `credential plugin "${name}" failed (${signal ?? `exit ${code}`})${first ? `: ${first}` : ''}`,
            ),
          );
          return;
        }
        try {
          finish(null, parseCredential(out.toString('utf8'), name));
        } catch (e) {
          finish(e as Error);
        }
      });
    });
    function afterDrain(then: () => void) {
      if (ended === 2) return then();
      const grace = setTimeout(run, EXIT_DRAIN_MS);
      drained.push(run);
      let ran = false;
      function run() {
        if (ran) return;
        ran = true;
        clearTimeout(grace);
        then();
      }
    }
  });
}

function parseCredential(text: string, name: string): ExecCredential {
  let status:
    | { token?: unknown; clientCertificateData?: unknown; clientKeyData?: unknown; expirationTimestamp?: unknown }
    | undefined;
  try {
    status = (JSON.parse(text) as { status?: typeof status }).status;
  } catch {
    /* below */
  }
  if (!status || typeof status !== 'object')
    throw new ClusterError('config', `credential plugin "${name}" did not print an ExecCredential`);
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const cred: ExecCredential = {
    token: str(status.token),
    cert: str(status.clientCertificateData),
    key: str(status.clientKeyData),
  };
  registerSecret(cred.token);
  registerSecret(cred.key);
  const exp = str(status.expirationTimestamp) ? Date.parse(status.expirationTimestamp as string) : NaN;
  if (!Number.isNaN(exp)) cred.expiresAt = exp;
  return cred;
}
