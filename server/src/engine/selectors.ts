// Kubernetes label-selector semantics: matchLabels AND every matchExpressions term.

export type Labels = Record<string, string>;

export interface LabelSelector {
  matchLabels?: Record<string, unknown> | null;
  matchExpressions?: { key?: unknown; operator?: unknown; values?: unknown }[] | null;
}

const NO_LABELS: Labels = Object.freeze({}) as Labels;
/** labelsOf per value: rules match every Service against every workload of a namespace, and
 *  parsed values never change (an edited document is a new value). */
const labelsCache = new WeakMap<object, Labels>();

/**
 * Labels from a YAML value; non-string values are stringified as the API would coerce them.
 * The result is frozen and shared: the same value gives the same object, and a frozen object (a
 * result, or another label map this module's callers froze) is taken as it is. Parsed values are
 * never frozen.
 */
export function labelsOf(value: unknown): Labels {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return NO_LABELS;
  if (Object.isFrozen(value)) return value as Labels;
  let out = labelsCache.get(value);
  if (out) return out;
  out = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    out[k] = String(v);
  }
  Object.freeze(out);
  labelsCache.set(value, out);
  return out;
}

/** Do the labels have every pair of `required` (a label map: matchLabels, a Service's selector)? */
export function hasLabels(labels: Labels, required: Labels): boolean {
  for (const k in required) if (labels[k] !== required[k]) return false;
  return true;
}

/** Does the selector select these labels? An empty selector ({}) selects everything. */
export function selects(selector: LabelSelector, labels: Labels): boolean {
  if (!hasLabels(labels, labelsOf(selector.matchLabels))) return false;
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of exprs) {
    if (!e || typeof e !== 'object') return false;
    const key = String(e.key ?? '');
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false; // an unknown operator is rejected by the API: it selects nothing
    }
  }
  return true;
}

/** A Service's `spec.selector` (a plain map) as a label selector. */
export function mapSelector(value: unknown): LabelSelector {
  return { matchLabels: labelsOf(value) };
}

/** A value usable as a LabelSelector (object with matchLabels/matchExpressions), else null. */
export function asSelector(value: unknown): LabelSelector | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  return value as LabelSelector;
}

/** A selector that selects nothing useful: no matchLabels pairs and no expressions. */
export function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(labelsOf(sel.matchLabels)).length === 0
    && (!Array.isArray(sel.matchExpressions) || sel.matchExpressions.length === 0);
}
