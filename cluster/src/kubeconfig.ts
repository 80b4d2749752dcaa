// Kubeconfig loading as kubectl does it: an explicit file wins; otherwise every file of
// KUBECONFIG (path-list separated) merged, the first file to define a name winning; otherwise
// ~/.kube/config. Parsing and credentials come from @kubernetes/client-node's KubeConfig.
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { ClusterError, registerSecret } from './errors';

export interface KubeconfigSource {
  /** An explicit file (CLI --kubeconfig, the kubeHa.kubeconfig setting). */
  path?: string;
  env: NodeJS.ProcessEnv;
}

export interface ContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
  current: boolean;
}

export interface LoadedKubeconfig {
  kc: KubeConfig;
  /** Files actually read, in merge order. */
  files: string[];
  contexts: ContextInfo[];
  currentContext?: string;
}

export function kubeconfigFiles(src: KubeconfigSource): string[] {
  if (src.path) return [src.path];
  const list = (src.env.KUBECONFIG ?? '')
    .split(delimiter)
    .map((p) => p.trim())
    .filter(Boolean);
  if (list.length > 0) return [...new Set(list)];
  const home = src.env.HOME || src.env.USERPROFILE || homedir();
  return [join(home, '.kube', 'config')];
}

/** A kubeconfig larger than this is refused unread (a real one is kilobytes, certificates included). */
const MAX_KUBECONFIG_BYTES = 16 * 1024 * 1024;

function readBounded(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new KubeconfigProblem('not a regular file');
    if (st.size > MAX_KUBECONFIG_BYTES)
      throw new KubeconfigProblem(`larger than ${MAX_KUBECONFIG_BYTES / 1024 / 1024} MB`);
    const buf = Buffer.alloc(st.size);
    for (let n = 0, r; n < st.size && (r = readSync(fd, buf, n, st.size - n, n)) > 0;) n += r;
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

class KubeconfigProblem extends Error {}

/**
 * Why a kubeconfig could not be loaded, without its content: the YAML parser's messages quote
 * the lines around the error (a token on the next line, a flow mapping on one line), so only its
 * line is given. client-node's own checks name fields by index ("users[0].name is missing").
 */
function whyInvalid(e: unknown): string {
  const mark = (e as { mark?: { line?: number } } | null)?.mark;
  if (e instanceof Error && e.name === 'YAMLException')
    return `not valid YAML${typeof mark?.line === 'number' ? ` at line ${mark.line + 1}` : ''}`;
  if (e instanceof KubeconfigProblem) return e.message;
  // client-node's validators throw plain Errors made of field names and indices only.
  if (e instanceof Error && e.constructor === Error) return e.message;
  return 'not a kubeconfig (expected a mapping with clusters, users and contexts)';
}

function mergeByName<T extends { name: string }>(into: T[], more: readonly T[]): void {
  for (const x of more) if (!into.some((y) => y.name === x.name)) into.push(x);
}

/** Loads and merges the kubeconfig files; throws a ClusterError('config') when there is nothing usable. */
export function loadKubeconfig(src: KubeconfigSource): LoadedKubeconfig {
  const files = kubeconfigFiles(src);
  const clusters: Cluster[] = [];
  const users: User[] = [];
  const contexts: Context[] = [];
  let current: string | undefined;
  const read: string[] = [];
  for (const file of files) {
    // KUBECONFIG may name files that do not exist; kubectl skips them. An explicit path must exist.
    if (!existsSync(file)) {
      if (src.path) throw new ClusterError('config', `kubeconfig ${file} does not exist`);
      continue;
    }
    const one = new KubeConfig();
    try {
      one.loadFromString(readBounded(file));
      one.makePathsAbsolute(dirname(file));
    } catch (e) {
      throw new ClusterError('config', `kubeconfig ${file} is not valid: ${whyInvalid(e)}`);
    }
    read.push(file);
    mergeByName(clusters, one.clusters);
    mergeByName(users, one.users);
    mergeByName(contexts, one.contexts);
    current ||= one.currentContext || undefined;
  }
  if (read.length === 0) {
    throw new ClusterError('config', `no kubeconfig found (looked at ${files.join(', ')})`);
  }
  for (const u of users) {
    registerSecret(u.token);
    registerSecret(u.password);
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters, users, contexts, currentContext: current ?? '' });
  return {
    kc,
    files: read,
    currentContext: current,
    contexts: contexts.map((c) => ({
      name: c.name,
      cluster: c.cluster,
      user: c.user,
      ...(c.namespace ? { namespace: c.namespace } : {}),
      ...(clusters.find((x) => x.name === c.cluster)?.server
        ? { server: clusters.find((x) => x.name === c.cluster)!.server }
        : {}),
      current: c.name === current,
    })),
  };
}

/** A KubeConfig whose current context is `context`, sharing the loaded clusters and users. */
export function forContext(
  loaded: LoadedKubeconfig,
  context: string | undefined,
  untrusted: boolean,
): { kc: KubeConfig; server: string; context: string } {
  const name = context ?? loaded.currentContext;
  if (!name) throw new ClusterError('config', 'the kubeconfig has no current-context; choose a context');
  const ctx = loaded.kc.getContextObject(name);
  if (!ctx) throw new ClusterError('config', `context "${name}" is not in the kubeconfig`);
  const cluster = loaded.kc.getCluster(ctx.cluster);
  if (!cluster?.server)
    throw new ClusterError('config', `context "${name}" names cluster "${ctx.cluster}" which has no server`);
  const user = loaded.kc.getUser(ctx.user);
  // In an untrusted workspace a kubeconfig must not make us run programs: exec credential plugins
  // and auth providers (gcp/azure/oidc helpers can run commands) are refused, never attempted.
  if (untrusted && (user?.exec || user?.authProvider)) {
    throw new ClusterError(
      'untrusted',
      `context "${name}" needs a credential plugin, which is not run in an untrusted workspace; trust the workspace to use it`,
    );
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: loaded.kc.clusters,
    users: loaded.kc.users,
    contexts: loaded.kc.contexts,
    currentContext: name,
  });
  return { kc, server: cluster.server.replace(/\/+$/, ''), context: name };
}
