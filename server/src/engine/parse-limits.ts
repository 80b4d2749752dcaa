// What is not parsed, and why: the limits (size, nesting, documents) and the skip checks that
// run before the parser, each giving the message of a visible skip (rules.md, Robustness).

export interface ParseLimits {
  /** Files larger than this are reported, not analysed. */
  maxBytes: number;
  /** Deeper flow nesting or indentation is reported, not parsed (the parser recurses). */
  maxDepth: number;
  /** Is this file (as the index names it) under a Helm chart's `templates/`? The caller knows the
   *  file system; such a file is never analysed as YAML (rules.md, Rendered sources). */
  chartTemplate?: (file: string) => boolean;
  /** Files of more documents are reported, not parsed: an empty document is 4 bytes (`---\n`) of
   *  text but a whole Document parsed, so a file of them would take hundreds of times its size. */
  maxDocuments?: number;
}
export const DEFAULT_LIMITS: ParseLimits = { maxBytes: 10 * 1024 * 1024, maxDepth: 1000, maxDocuments: 10_000 };

export const TEMPLATE_MESSAGE =
  'templated YAML (Helm/Go template `{{ … }}`): not analysed; lint the rendered manifests (helm template … | kube-ha lint -)';

/** Why a whole text is not parsed at all, or null. Cheap checks that run before the parser. */
export function skipReason(text: string, limits: ParseLimits): string | null {
  if (text.length > limits.maxBytes) return overLimitMessage(text.length, limits.maxBytes);
  return contentSkipReason(text);
}

/** The content checks of skipReason. Line-based, so a text passes iff each of its documents does. */
export function contentSkipReason(text: string): string | null {
  if (text.includes('\u0000')) return 'binary content (NUL bytes): not analysed';
  return null;
}

/** Why a file is not parsed: more documents than the limit. A file cut into chunks has about one
 *  document per chunk; one that is not cut (directives, `...` lines) has its markers counted. */
export function tooManyDocuments(text: string, points: readonly number[], limits: ParseLimits): string | null {
  const cap = limits.maxDocuments ?? DEFAULT_LIMITS.maxDocuments!;
  let n = points.length;
  if (n === 1) {
    n = 0;
    for (const m of ['---', '...']) {
      if (text.startsWith(m)) n++;
      for (let i = text.indexOf('\n' + m); i >= 0 && n <= cap; i = text.indexOf('\n' + m, i + 4)) n++;
    }
  }
  return n > cap ? `more than ${cap.toLocaleString('en-US')} documents in one file: not analysed` : null;
}

/** Why one document is not parsed: nesting the (recursive) parser must not see, or null. */
export function tooDeep(text: string, limits: ParseLimits): string | null {
  // Flow nesting, counted from the first bracket: most documents have few or none.
  const square = text.indexOf('['),
    curly = text.indexOf('{');
  const first = square < 0 ? curly : curly < 0 ? square : Math.min(square, curly);
  let depth = 0,
    maxFlow = 0;
  for (let i = Math.max(0, first); first >= 0 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > maxFlow) maxFlow = depth;
    } // [ {
    else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } // ] }
  }
  if (maxFlow > limits.maxDepth) return `nesting deeper than ${limits.maxDepth} levels: document not analysed`;
  const columns = limits.maxDepth * 2;
  if (hasLineOf(text, columns) && deepIndent(columns).test(text))
    return `indentation deeper than ${columns} columns: document not analysed`;
  return null;
}

/** Is some line (between line feeds) at least `n` characters long? Any line the multiline regex
 *  below sees lies within one of these, so this only skips texts it could not match. */
function hasLineOf(text: string, n: number): boolean {
  for (let start = 0; start < text.length;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start >= n) return true;
    start = end + 1;
  }
  return false;
}

/** Lines indented `columns` or more (spaces and sequence dashes); made only for texts with such long lines. */
function deepIndent(columns: number): RegExp {
  return new RegExp(`^[ -]{${columns},}`, 'm');
}

/** A `.json` file whose value is no Kubernetes object (rules.md, Files: a JSON manifest is one
 *  object or a List). Broken JSON that names apiVersion and kind is parsed, for its errors. */
export function notAManifest(file: string, text: string): boolean {
  if (!/\.json$/i.test(file)) return false;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return !(text.includes('"apiVersion"') && text.includes('"kind"'));
  }
  return (
    !v ||
    typeof v !== 'object' ||
    Array.isArray(v) ||
    typeof (v as Record<string, unknown>).apiVersion !== 'string' ||
    typeof (v as Record<string, unknown>).kind !== 'string'
  );
}

/** The message for a file over the size limit (shared by the parser and by readers that stat first). */
export function overLimitMessage(bytes: number, limit: number): string {
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
  return `file is ${mb(bytes)} MB, over the size limit of ${mb(limit)} MB: not analysed`;
}
