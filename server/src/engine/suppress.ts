// Suppression (rules.md): the kube-ha/ignore annotation, `# kube-ha-ignore` comments and the
// peers' ignore annotations (kube-linter, kube-score, Polaris).
import type { Rule } from './rule';
import type { KObject, SourceFile } from './types';
import { podAnnotations } from './k8s';
import type { AnalysisContext } from './context';

export interface CommentIgnores {
  /** line (0-based) of a node → rule ids ignored for findings on that line */
  byLine: Map<number, Set<string>>;
  /** document index → rule ids ignored in the whole document */
  byDoc: Map<number, Set<string>>;
}

const COMMENT = /(?:^|\s)#\s*kube-ha-ignore(-document)?\b[ \t]*([^\r\n]*)/;

function ruleList(s: string): Set<string> {
  return new Set(
    s
      .split(/[\s,]+/)
      .map((x) => x.trim())
      .filter((x) => x && !x.startsWith('#')),
  );
}

/** No comments: shared by every source without one (most), so they keep no maps of their own. */
const NO_IGNORES: CommentIgnores = Object.freeze({ byLine: new Map(), byDoc: new Map() });

function commentIgnores(cx: AnalysisContext, source: SourceFile): CommentIgnores {
  let c = cx.commentIgnores.get(source);
  if (c) return c;
  const text = source.text;
  if (!text.includes('kube-ha-ignore')) {
    cx.commentIgnores.set(source, NO_IGNORES);
    return NO_IGNORES;
  }
  c = { byLine: new Map(), byDoc: new Map() };
  let from = 0;
  for (;;) {
    const at = text.indexOf('kube-ha-ignore', from);
    if (at < 0) break;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = text.length;
    from = lineEnd + 1;
    const m = COMMENT.exec(text.slice(lineStart, lineEnd));
    if (!m) continue;
    const rules = ruleList(m[2]);
    const line = source.lineCounter.linePos(lineStart).line - 1;
    if (m[1]) {
      const docIndex = source.docs.findIndex((d) => lineStart < d.end); // a leading comment sits before the first node
      if (docIndex < 0) continue;
      const set = c.byDoc.get(docIndex) ?? new Set();
      rules.forEach((r) => set.add(r));
      c.byDoc.set(docIndex, set);
    } else {
      // The comment names the node on the next line.
      const set = c.byLine.get(line + 1) ?? new Set();
      rules.forEach((r) => set.add(r));
      c.byLine.set(line + 1, set);
    }
  }
  cx.commentIgnores.set(source, c);
  return c;
}

function annotationIgnores(annotations: Record<string, unknown>, rule: Rule): boolean {
  const own = annotations['kube-ha/ignore'];
  if (typeof own === 'string') {
    const ids = ruleList(own);
    if (ids.has('all') || ids.has(rule.id)) return true;
  }
  // Polaris's exempt means every rule, those without a Polaris peer too (rules.md, Suppression).
  if (isTrue(annotations['polaris.fairwinds.com/exempt'])) return true;
  const peers = rule.peers;
  if (!peers) return false;
  for (const check of peers.kubeLinter ?? []) {
    if (annotations[`ignore-check.kube-linter.io/${check}`] !== undefined) return true;
  }
  const ks = annotations['kube-score/ignore'];
  if (typeof ks === 'string') {
    const ids = ruleList(ks);
    if ((peers.kubeScore ?? []).some((c) => ids.has(c))) return true;
  }
  for (const check of peers.polaris ?? []) {
    if (isTrue(annotations[`polaris.fairwinds.com/${check}-exempt`])) return true;
  }
  return false;
}

function isTrue(v: unknown): boolean {
  return v === true || v === 'true';
}

function objectAnnotations(obj: KObject): Record<string, unknown> {
  const a = obj.value?.metadata?.annotations;
  return a && typeof a === 'object' && !Array.isArray(a) ? a : {};
}

/** Is a finding of `rule` on `obj` at `line` suppressed? */
export function isSuppressed(
  cx: AnalysisContext,
  obj: KObject | null,
  source: SourceFile,
  docIndex: number,
  line: number,
  rule: Rule & { podLevel?: boolean },
): boolean {
  const c = commentIgnores(cx, source);
  const doc = c.byDoc.get(docIndex);
  if (doc && (doc.has(rule.id) || doc.has('all'))) return true;
  const onLine = c.byLine.get(line);
  if (onLine && (onLine.has(rule.id) || onLine.has('all'))) return true;
  if (!obj) return false;
  // An object's value never changes (an edited document is a new object): its answer per rule is
  // kept, for objects with annotations to read (an object without any is never suppressed by them).
  if (!hasAnnotations(obj, rule)) return false;
  let byRule = cx.annotationIgnores.get(obj);
  if (!byRule) cx.annotationIgnores.set(obj, (byRule = new Map()));
  let ignored = byRule.get(rule.id);
  if (ignored === undefined) {
    // Pod- and container-level rules also honour the pod template's annotations.
    ignored =
      annotationIgnores(objectAnnotations(obj), rule) ||
      (!!rule.podLevel && obj.kind !== 'Pod' && annotationIgnores(podAnnotations(obj), rule));
    byRule.set(rule.id, ignored);
  }
  return ignored;
}

/** Does the object (or, for a pod-level rule, its pod template) have annotations at all? */
function hasAnnotations(obj: KObject, rule: Rule): boolean {
  for (const _ in objectAnnotations(obj)) return true;
  if (rule.podLevel && obj.kind !== 'Pod') for (const _ in podAnnotations(obj)) return true;
  return false;
}
