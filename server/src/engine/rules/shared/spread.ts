// Pod anti-affinity terms and topology spread constraints of a workload, with their paths
// (shared by no-pod-spread and spread-selector-mismatch).
import type { KObject, Path } from '../../types';
import { podSpecPath, podSpec } from '../../k8s';

export const SPREAD_TOPOLOGY_KEYS = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
]);

export interface SpreadTerm {
  kind: 'anti-affinity' | 'spread';
  term: Record<string, any>;
  path: Path;
}

export function spreadTerms(obj: KObject): SpreadTerm[] {
  const spec = podSpec(obj);
  const base = podSpecPath(obj);
  const out: SpreadTerm[] = [];
  const anti = spec.affinity?.podAntiAffinity;
  if (anti && typeof anti === 'object') {
    const req = anti.requiredDuringSchedulingIgnoredDuringExecution;
    if (Array.isArray(req))
      req.forEach((t, i) => {
        if (t && typeof t === 'object')
          out.push({
            kind: 'anti-affinity',
            term: t,
            path: [...base, 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', i],
          });
      });
    const pref = anti.preferredDuringSchedulingIgnoredDuringExecution;
    if (Array.isArray(pref))
      pref.forEach((t, i) => {
        if (t && typeof t === 'object' && t.podAffinityTerm && typeof t.podAffinityTerm === 'object') {
          out.push({
            kind: 'anti-affinity',
            term: t.podAffinityTerm,
            path: [
              ...base,
              'affinity',
              'podAntiAffinity',
              'preferredDuringSchedulingIgnoredDuringExecution',
              i,
              'podAffinityTerm',
            ],
          });
        }
      });
  }
  const tsc = spec.topologySpreadConstraints;
  if (Array.isArray(tsc))
    tsc.forEach((t, i) => {
      if (t && typeof t === 'object')
        out.push({ kind: 'spread', term: t, path: [...base, 'topologySpreadConstraints', i] });
    });
  return out;
}

/** Does an anti-affinity term apply to the workload's own namespace? */
export function appliesToOwnNamespace(term: Record<string, any>, ns: string): boolean {
  const nss = term.namespaces;
  if (Array.isArray(nss) && nss.length > 0 && !nss.includes(ns)) return false;
  const nsSel = term.namespaceSelector;
  if (nsSel !== undefined && nsSel !== null) {
    if (typeof nsSel !== 'object' || Array.isArray(nsSel)) return false;
    const empty = Object.keys(nsSel).every((k) => {
      const v = nsSel[k];
      return v === null || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v).length === 0);
    });
    if (!empty) return false;
  }
  return true;
}
