// Label and field selectors of list and watch requests, as far as the simulated API server reads them.
import type { RequestInfo } from './requests';
import type { KubeObject } from './types';

type LabelRequirement = { key: string; op: '=' | '!=' | 'exists' | '!exists'; value?: string };

function parseLabelSelector(s: string | null): LabelRequirement[] {
  if (!s) return [];
  return s
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t): LabelRequirement => {
      if (t.startsWith('!')) return { key: t.slice(1), op: '!exists' };
      const ne = t.indexOf('!=');
      if (ne > 0) return { key: t.slice(0, ne), op: '!=', value: t.slice(ne + 2) };
      const eq = t.indexOf('=');
      if (eq > 0) return { key: t.slice(0, eq), op: '=', value: t.slice(t[eq + 1] === '=' ? eq + 2 : eq + 1) };
      if (/\s/.test(t)) throw new Error(`unsupported label selector ${t}`);
      return { key: t, op: 'exists' };
    });
}

function labelsMatch(reqs: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    switch (r.op) {
      case '=':
        return l[r.key] === r.value;
      case '!=':
        return l[r.key] !== r.value;
      case 'exists':
        return r.key in l;
      case '!exists':
        return !(r.key in l);
    }
  });
}

function fieldName(s: string | null): string | undefined {
  if (!s) return undefined;
  const m = /^metadata\.name==?(.*)$/.exec(s);
  if (!m) throw new Error(`unsupported field selector ${s}`);
  return m[1];
}

/** What a list or watch request selects: objects of its kind, in its namespace, with its labels and name. */
export interface Selection {
  kind: string;
  namespace?: string;
  labels: LabelRequirement[];
  fieldName?: string;
}

/** The selection of a list or watch request; throws on a selector the server does not support. */
export function selectionOf(info: RequestInfo): Selection {
  return {
    kind: info.resource!.kind,
    namespace: info.namespace,
    labels: parseLabelSelector(info.query.get('labelSelector')),
    fieldName: fieldName(info.query.get('fieldSelector')),
  };
}

export function selects(s: Selection, o: KubeObject): boolean {
  return (
    o.kind === s.kind &&
    (!s.namespace || o.metadata.namespace === s.namespace) &&
    labelsMatch(s.labels, o.metadata.labels) &&
    (s.fieldName === undefined || o.metadata.name === s.fieldName)
  );
}
