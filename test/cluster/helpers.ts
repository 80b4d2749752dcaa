// Shared set-up for tests against the test API server.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApiServer } from '../kube-api-server/server';
import type { TestApiServerOptions } from '../kube-api-server/types';
import { makeCerts, type TestCerts } from '../kube-api-server/certs';
import { seedDemo } from '../kube-api-server/demo-state';
import type { ClusterModel } from '../../cluster/src/model';

let certs: Promise<TestCerts> | undefined;
/** Certificates are made once per test file: openssl is the slow part. */
export function sharedCerts(): Promise<TestCerts> {
  return (certs ??= makeCerts());
}

export interface Env {
  server: TestApiServer;
  dir: string;
  kubeconfig: string;
  cleanup(): Promise<void>;
}

export async function startEnv(opts: TestApiServerOptions = {}, seed = true): Promise<Env> {
  const server = await TestApiServer.start({ certs: await sharedCerts(), bookmarkIntervalMs: 200, ...opts });
  if (seed) seedDemo(server);
  const dir = await mkdtemp(join(tmpdir(), 'kube-ha-test-'));
  const kubeconfig = join(dir, 'config');
  await server.writeKubeconfig(kubeconfig, { context: 'sim' });
  return {
    server,
    dir,
    kubeconfig,
    async cleanup() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `cond` holds, re-checking on every model change; fails after timeoutMs. */
export function until<T>(
  model: ClusterModel,
  cond: () => T | undefined | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      let v: T | undefined | false;
      try {
        v = cond();
      } catch {
        v = undefined;
      }
      if (v) {
        finish();
        resolve(v);
        return true;
      }
      return false;
    };
    const off = model.onDidChange(() => {
      check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out waiting for: ${what}`));
    }, timeoutMs);
    function finish() {
      off();
      clearTimeout(timer);
    }
    check();
  });
}

/**
 * Re-reads `read()` on every change event until `cond` holds; fails after timeoutMs. An event
 * that arrives while a read is in flight starts one more read after it, so no change is missed.
 */
export function untilRead<T>(
  onDidChange: (listener: () => void) => () => void,
  read: () => Promise<T>,
  cond: (v: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let busy = false,
      again = false,
      done = false;
    const check = async (): Promise<void> => {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      try {
        const v = await read().then(
          (x) => ({ x }),
          () => undefined,
        );
        if (!done && v && cond(v.x)) {
          finish();
          resolve(v.x);
          return;
        }
      } finally {
        busy = false;
      }
      if (again && !done) {
        again = false;
        void check();
      }
    };
    const off = onDidChange(() => {
      void check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out waiting for: ${what}`));
    }, timeoutMs);
    function finish() {
      done = true;
      off();
      clearTimeout(timer);
    }
    void check();
  });
}

/** Polls a condition that is not tied to model events (server-side state) — bounded, no fixed sleeps. */
export async function eventually(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
