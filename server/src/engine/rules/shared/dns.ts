// Cluster DNS names in containers (service-reference-dangling), and the namespaces an object's
// findings may read Services of (the index's cross-namespace dependencies).
import type { AnalysisContext } from '../../context';
import type { KObject, Path } from '../../types';
import { isWorkload } from '../../k8s';
import { allContainers } from './containers';
import { backendRefs, isRoute } from './backends';

const LABEL = '[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?';
/**
 * A cluster DNS name: `<service>.<namespace>.svc`, optionally `.cluster.local`, optionally
 * `:<port>`, possibly under a pod or SRV prefix (`web-0.web.db.svc`, `_http._tcp.web.db.svc`). It
 * must stand on its own: not inside a longer host name (`x.ns.svc.example.com`).
 */
const DNS = new RegExp(
  `(?<![\\w.-])(?:[\\w-]+\\.)*?(${LABEL})\\.(${LABEL})\\.svc(?:\\.cluster\\.local)?\\.?(?::(\\d{1,5}))?(?![\\w.-])`,
  'g',
);

export interface DnsReference {
  service: string;
  namespace: string;
  port?: number;
  text: string;
  index: number;
}

/** The cluster DNS names in a string. */
export function dnsReferences(s: string): DnsReference[] {
  if (!s.includes('.svc')) return [];
  const out: DnsReference[] = [];
  for (const m of s.matchAll(DNS)) {
    out.push({ service: m[1], namespace: m[2], port: m[3] ? Number(m[3]) : undefined, text: m[0], index: m.index! });
  }
  return out;
}

/** The strings of a container that hold addresses: env values, args and command items. */
export function addressStrings(c: Record<string, any>, path: Path): { value: string; path: Path }[] {
  const out: { value: string; path: Path }[] = [];
  if (Array.isArray(c.env))
    c.env.forEach((e: any, i: number) => {
      if (e && typeof e.value === 'string') out.push({ value: e.value, path: [...path, 'env', i, 'value'] });
    });
  for (const key of ['args', 'command']) {
    if (Array.isArray(c[key]))
      c[key].forEach((v: unknown, i: number) => {
        if (typeof v === 'string') out.push({ value: v, path: [...path, key, i] });
      });
  }
  return out;
}

/**
 * Services the object's findings read by name, beyond its own namespace's: null when it names none
 * (most objects); else the other namespaces it names (a route's backendRef namespaces, the
 * namespaces of a workload's cluster DNS names), whose Services and existence it reads.
 */
export function serviceReads(o: KObject, cx: AnalysisContext): ReadonlySet<string> | null {
  // Only routes and workloads name Services: others are answered without an entry.
  if (!isRoute(o) && !isWorkload(o)) return null;
  let r = cx.serviceReads.get(o);
  if (r !== undefined) return r;
  let names: Set<string> | null = null;
  if (isRoute(o)) names = new Set(backendRefs(o).map((b) => b.namespace));
  else if (isWorkload(o)) {
    // The document's text first: most workloads hold no cluster DNS name at all.
    const d = o.source.docs[o.docIndex];
    if (d && o.source.text.slice(d.start, d.end).includes('.svc')) {
      names = new Set();
      for (const { container, path } of allContainers(o))
        for (const s of addressStrings(container, path))
          for (const ref of dnsReferences(s.value)) names.add(ref.namespace);
      if (names.size === 0) names = null;
    }
  }
  names?.delete(o.namespace);
  cx.serviceReads.set(o, (r = names));
  return r;
}
