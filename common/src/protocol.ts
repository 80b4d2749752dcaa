// Custom LSP requests shared by the client and the server. The client imports only this file
// from outside client/, never server code.

/** Method of the request that asks the server's workspace index where an object is defined. */
export const FIND_MANIFEST = 'kubeHa/findManifest';

export interface FindManifestParams {
  kind: string;
  name: string;
  namespace: string;
}

export interface ManifestLocation {
  /** file URI */
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export type FindManifestResult = ManifestLocation[];

/** Notification from the client with live Service health, for the optional live diagnostics. */
export const LIVE_HEALTH = 'kubeHa/liveHealth';

export interface LiveServiceHealth {
  namespace: string;
  name: string;
  health: 'green' | 'yellow' | 'red' | 'grey';
  ready: number;
  total: number;
  reason: string;
}

/** A live PodDisruptionBudget that allows no disruption now (only those are sent). */
export interface LivePdb {
  namespace: string;
  name: string;
  disruptionsAllowed: number;
  currentHealthy: number;
  expectedPods: number;
  /** "minAvailable 2", "maxUnavailable 0". */
  budget: string;
  /** Workloads it covers, "StatefulSet postgres". */
  workloads: string[];
}

export interface LiveHealthParams {
  context: string | null;
  services: LiveServiceHealth[];
  /** Optional: clients before issue 18 send none. */
  pdbs?: LivePdb[];
}

/** Notification the client sends when the user trusts the workspace (rendering Kustomize and Helm
 *  sources runs programs, so the server renders only in a trusted workspace). The initial state is
 *  `initializationOptions.trusted`. */
export const WORKSPACE_TRUSTED = 'kubeHa/workspaceTrusted';
