// Kubernetes label-selector semantics: matchLabels AND every matchExpressions term.

export type Labels = Record<string, string>;

export interface LabelSelector {
  matchLabels?: Record<string, unknown> | null;
  matchExpressions?: { key?: unknown; operator?: unknown; values?: unknown }[] | null;
}

const NO_LABELS: Labels = Object.freeze({}) as Labels;

/**
 * Labels from a YAML value; non-string values are stringified as the API would coerce them.
 * The result is frozen, and a frozen object (a result, or another label map this module's
 * callers froze) is taken as it is. A map of strings — almost every label map — is its own
 * result, frozen in place: rules match every Service against every workload of a namespace, and
 * a copy per value (or a cache of copies) would be kept for each. Parsed values never change (an
 * edited document is a new value). Other maps are copied on every call.
 */
export function labelsOf(value: unknown): Labels {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return NO_LABELS;
  if (Object.isFrozen(value)) return value as Labels;
  const v = value as Record<string, unknown>;
  let strings = Object.getPrototypeOf(v) === Object.prototype && !Object.prototype.hasOwnProperty.call(v, '__proto__');
  for (const k in v)
    if (typeof v[k] !== 'string') {
      strings = false;
      break;
    }
  if (strings) return Object.freeze(v) as Labels;
  const out: Labels = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || x === undefined) continue;
    out[k] = String(x);
  }
  return Object.freeze(out);
}

/**
 * Labels a controller adds to every pod it creates (rules.md, Terms "Pod labels"): hash labels,
 * whose value is unknown until run time and so match any value, and a StatefulSet's per-pod
 * `statefulset.kubernetes.io/pod-name: <name>-<i>` and `apps.kubernetes.io/pod-index: <i>`.
 */
export interface ControllerLabels {
  anyValue: readonly string[];
  statefulSet?: { name: string; replicas: number };
}

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** Kept on a pod label map as a non-enumerable property: for-in, Object.keys/entries, spread and
 *  JSON never see it, so fixes that copy pod labels copy only the template's. */
const CONTROLLER = Symbol('controller labels');

/** A frozen pod label map: `labels` plus what the controller adds. */
export function withControllerLabels(labels: Labels, ctl: ControllerLabels): Labels {
  const out: Labels = { ...labels };
  Object.defineProperty(out, CONTROLLER, { value: ctl, enumerable: false });
  return Object.freeze(out);
}

/** What the controller adds to a pod label map made by withControllerLabels (undefined for others). */
export function controllerOf(labels: Labels): ControllerLabels | undefined {
  return (labels as { [CONTROLLER]?: ControllerLabels })[CONTROLLER];
}

/** Do the labels have every pair of `required` (a label map: matchLabels, a Service's selector)? */
export function hasLabels(labels: Labels, required: Labels): boolean {
  // Hot: every Service against every workload of its namespace. Controller labels are consulted
  // only on a mismatch, and only for pod label maps that carry them.
  for (const k in required) if (labels[k] !== required[k]) return controllerHas(labels, required);
  return true;
}

function controllerHas(labels: Labels, required: Labels): boolean {
  const ctl = (labels as { [CONTROLLER]?: ControllerLabels })[CONTROLLER];
  if (!ctl) return false;
  // Most mismatches are on a template label: rejected here, without the per-pod evaluation.
  for (const k in required) {
    if (labels[k] === required[k]) continue;
    if (!ctl.anyValue.includes(k) && !(ctl.statefulSet && (k === POD_NAME_LABEL || k === POD_INDEX_LABEL)))
      return false;
  }
  return selectsPods(ctl, labels, required, []);
}

/** Does the selector select these labels? An empty selector ({}) selects everything. */
export function selects(selector: LabelSelector, labels: Labels): boolean {
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  const ctl = (labels as { [CONTROLLER]?: ControllerLabels })[CONTROLLER];
  if (ctl) return selectsPods(ctl, labels, labelsOf(selector.matchLabels), exprs);
  if (!hasLabels(labels, labelsOf(selector.matchLabels))) return false;
  return exprs.every((e) =>
    holds(
      e,
      labels[String(e?.key ?? '')] as string | undefined,
      Object.prototype.hasOwnProperty.call(labels, String(e?.key ?? '')),
    ),
  );
}

type Expression = NonNullable<LabelSelector['matchExpressions']>[number];
/** A value that stands for any value (a hash label's). */
const ANY = Symbol('any value');

/** Does one matchExpressions term hold for a label's value (`has`: the label is present)? */
function holds(e: Expression, value: string | typeof ANY | undefined, has: boolean): boolean {
  if (!e || typeof e !== 'object') return false;
  const values = Array.isArray(e.values) ? e.values.map(String) : [];
  switch (e.operator) {
    case 'In':
      return has && (value === ANY || values.includes(value as string));
    case 'NotIn':
      return !has || value === ANY || !values.includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false; // an unknown operator is rejected by the API: it selects nothing
  }
}

/** Most pods a per-pod selector is tried against: a StatefulSet's pods differ only by index. */
const MAX_PODS = 10_000;

/** Does the selector select some pod of a controller (its labels plus the controller's)? */
function selectsPods(
  ctl: ControllerLabels,
  labels: Labels,
  matchLabels: Labels,
  exprs: readonly Expression[],
): boolean {
  const sts = ctl.statefulSet;
  const perPod =
    !!sts &&
    (POD_NAME_LABEL in matchLabels ||
      POD_INDEX_LABEL in matchLabels ||
      exprs.some((e) => e && (e.key === POD_NAME_LABEL || e.key === POD_INDEX_LABEL)));
  const get = (key: string, i: number): string | typeof ANY | undefined => {
    if (sts && i >= 0 && key === POD_NAME_LABEL) return `${sts.name}-${i}`;
    if (sts && i >= 0 && key === POD_INDEX_LABEL) return String(i);
    if (Object.prototype.hasOwnProperty.call(labels, key)) return labels[key];
    return ctl.anyValue.includes(key) ? ANY : undefined;
  };
  const pod = (i: number) => {
    for (const k in matchLabels) {
      const v = get(k, i);
      if (v !== ANY && v !== matchLabels[k]) return false;
    }
    return exprs.every((e) => {
      const v = get(String(e?.key ?? ''), i);
      return holds(e, v, v !== undefined);
    });
  };
  if (!perPod) return pod(-1);
  const n = Math.min(sts!.replicas, MAX_PODS);
  for (let i = 0; i < n; i++) if (pod(i)) return true;
  return false;
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
  return (
    Object.keys(labelsOf(sel.matchLabels)).length === 0 &&
    (!Array.isArray(sel.matchExpressions) || sel.matchExpressions.length === 0)
  );
}
