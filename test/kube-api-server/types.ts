// The objects the simulated API server stores, and how a test starts and breaks it.
import type { TestCerts } from './certs';
import type { RequestInfo } from './requests';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    uid?: string;
    labels?: Record<string, string>;
    creationTimestamp?: string;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export interface FaultRule {
  status: number;
  /** Which requests fail; all of them when absent. */
  match?: (r: RequestInfo) => boolean;
}

export interface TestApiServerOptions {
  token?: string;
  /** Port to listen on; 0 (default) picks a free one, kept across stop()/start(). */
  port?: number;
  certs?: TestCerts;
  /** How often a watch that asked for bookmarks gets one. A real apiserver: about a minute. */
  bookmarkIntervalMs?: number;
  /** Answer a stale watch with a 410 HTTP status instead of an ERROR event (older apiservers). */
  watchGoneAsStatus?: boolean;
}
