// One small typed error for everything that can go wrong talking to a cluster, with a one-line
// message fit for a tree item, a status line or a CLI's stderr. Messages are scrubbed of
// credentials: they never contain a bearer token, a password or key material.

export type ClusterErrorKind =
  | 'config' // no kubeconfig, unknown context, unusable file
  | 'untrusted' // the kubeconfig needs an exec/auth-provider plugin we will not run here
  | 'unreachable' // connection refused, DNS, reset, network down
  | 'certificate' // TLS verification failed; we never fall back to an insecure connection
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'gone' // 410: resourceVersion too old (handled by relisting, rarely shown)
  | 'server' // 5xx or an unexpected answer
  | 'timeout'; // no answer in time

export class ClusterError extends Error {
  readonly kind: ClusterErrorKind;
  readonly status?: number;
  constructor(kind: ClusterErrorKind, message: string, status?: number) {
    super(oneLine(message));
    this.name = 'ClusterError';
    this.kind = kind;
    this.status = status;
  }
}

const secrets = new Set<string>();

/** Registers strings (tokens, passwords) that must never appear in a message. */
export function registerSecret(s: string | undefined | null): void {
  if (s && s.length >= 4) secrets.add(s);
}

/** Removes anything that looks like a credential from a message. */
export function redact(s: string): string {
  let out = s;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return (
    out
      .replace(/(bearer\s+)[^\s"',]+/gi, '$1[redacted]')
      .replace(/(basic\s+)[A-Za-z0-9+/=]{6,}/gi, '$1[redacted]')
      .replace(
        /((?:token|password|secret|client-key-data|access-token|id-token)["']?\s*[:=]\s*["']?)[^\s"',]+/gi,
        '$1[redacted]',
      )
      .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted key]')
      // userinfo in URLs: https://user:pass@host
      .replace(/(\w+:\/\/)[^/\s:@]+:[^/\s@]+@/g, '$1[redacted]@')
  );
}

export function oneLine(s: string): string {
  const line = redact(s)
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim();
  return line.length > 300 ? line.slice(0, 297) + '...' : line;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
]);
const CERT =
  /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH|ERR_SSL/i;

/** A ClusterError for an HTTP status answered by the API server, using its Status message when there is one. */
export function statusError(status: number, body: string, server: string): ClusterError {
  let message = '';
  try {
    const parsed = JSON.parse(body) as { kind?: string; message?: string };
    if (parsed && parsed.kind === 'Status' && typeof parsed.message === 'string') message = parsed.message;
  } catch {
    /* not JSON: a proxy or load balancer answered */
  }
  if (status === 401)
    return new ClusterError(
      'unauthorized',
      `401 Unauthorized from ${server}: the credentials of this context were rejected (expired token?)`,
      401,
    );
  if (status === 403) return new ClusterError('forbidden', `403 Forbidden: ${message || 'access denied'}`, 403);
  if (status === 410) return new ClusterError('gone', `410 Gone: ${message || 'resource version too old'}`, 410);
  return new ClusterError('server', `API server ${server} answered ${status}${message ? `: ${message}` : ''}`, status);
}

/** Classifies anything thrown while talking to the cluster. */
export function classifyError(err: unknown, server: string): ClusterError {
  if (err instanceof ClusterError) return err;
  const e = err as { code?: string; name?: string; message?: string; cause?: unknown } | undefined;
  const code = e?.code ?? '';
  const msg = e?.message ?? String(err);
  if (e?.name === 'TimeoutError' || (code === 'ETIMEDOUT' && /timed out/.test(msg))) {
    return new ClusterError('timeout', `no answer from ${server} in time`);
  }
  if (CERT.test(code) || /certificate|self.signed|SSL routines/i.test(msg)) {
    return new ClusterError(
      'certificate',
      `certificate of ${server} rejected (${code || msg}); check the cluster's certificate-authority in the kubeconfig`,
    );
  }
  if (UNREACHABLE.has(code)) {
    return new ClusterError('unreachable', `cluster ${server} unreachable (${code})`);
  }
  if (e?.cause) return classifyError(e.cause, server);
  return new ClusterError('unreachable', `cannot talk to ${server}: ${msg}`);
}
