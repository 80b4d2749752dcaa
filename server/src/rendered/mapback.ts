// Where a finding on a rendered object goes in the files people edit (rules.md "Rendered
// sources"): the source document at the key the rule names when that key is there, else at the
// document's `kind`; for a Helm template, the line holding that key, else the first line. Pure.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { spanOf } from '../engine/locate';
import type { Path, Range } from '../engine/types';
import { rangeAt } from '../engine/parse';

/** The path of the node a span starting at `offset` underlines (the shallowest one starting there). */
export function pathAtOffset(doc: Document.Parsed, offset: number): Path | null {
  const walk = (node: unknown, at: (string | number)[]): Path | null => {
    if (isMap(node)) {
      for (const p of node.items) {
        if (!isPair(p) || !isScalar(p.key) || !p.key.range) continue;
        if (p.key.range[0] === offset) return [...at, String(p.key.value)];
        const v = p.value as Node | null;
        if (v?.range && v.range[0] <= offset && offset < v.range[2]) return walk(v, [...at, String(p.key.value)]);
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const item = node.items[i] as Node;
        if (!item?.range) continue;
        if (item.range[0] === offset) return [...at, i];
        if (item.range[0] <= offset && offset < item.range[2]) return walk(item, [...at, i]);
      }
    }
    return null;
  };
  return walk(doc.contents, []);
}

/** A parsed source file: its documents with absolute offsets. */
export interface SourceText {
  text: string;
  lineCounter: LineCounter;
  docs: Document.Parsed[];
  /** Each document's plain value (undefined when it cannot be built), computed once. */
  values: unknown[];
}

export function parseSourceText(text: string): SourceText {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter });
  const docs = Array.isArray(parsed) ? parsed : [];
  const values = docs.map((d) => {
    try {
      return d.toJS({ maxAliasCount: 100 });
    } catch {
      return undefined;
    }
  });
  return { text, lineCounter, docs, values };
}

/**
 * The document of a source file a rendered object came from: same kind, and of those, the one
 * whose name the rendered name contains (namePrefix/nameSuffix), the longest such. -1 when none
 * or when two fit equally well (said nothing rather than guess).
 */
export function sourceDocIndex(src: SourceText, kind: string, renderedName: string): number {
  const cands: { i: number; name: string }[] = [];
  src.values.forEach((v: any, i) => {
    if (v && typeof v === 'object' && v.kind === kind)
      cands.push({ i, name: typeof v.metadata?.name === 'string' ? v.metadata.name : '' });
  });
  if (cands.length === 1) return cands[0].i;
  const fits = cands
    .filter((c) => c.name !== '' && renderedName.includes(c.name))
    .sort((a, b) => b.name.length - a.name.length);
  if (fits.length === 0 || (fits.length > 1 && fits[0].name.length === fits[1].name.length)) return -1;
  return fits[0].i;
}

/** A rendered path in the source document's terms: list items matched by `name` when they have one
 *  (patches add and reorder containers), else by index. Null where the source lacks a step. */
export function translatePath(rendered: unknown, source: unknown, p: Path): Path | null {
  const out: (string | number)[] = [];
  let r: any = rendered,
    s: any = source;
  for (const step of p) {
    if (typeof step === 'number') {
      if (!Array.isArray(r) || !Array.isArray(s)) return null;
      const name = r[step]?.name;
      const j = typeof name === 'string' ? s.findIndex((x: any) => x?.name === name) : step < s.length ? step : -1;
      if (j < 0) return null;
      out.push(j);
      r = r[step];
      s = s[j];
    } else {
      if (!r || typeof r !== 'object' || !s || typeof s !== 'object' || !(step in s)) return null;
      out.push(step);
      r = r[step];
      s = s[step];
    }
  }
  return out;
}

/** Where to report in a source document: the translated path when present, else its `kind`. */
export function sourceRange(
  src: SourceText,
  docIndex: number,
  renderedValue: unknown,
  p: Path | null,
): { range: Range; exact: boolean } {
  const doc = src.docs[docIndex];
  const t = p ? translatePath(renderedValue, src.values[docIndex], p) : null;
  const span = (t && spanOf({ doc }, t)) || spanOf({ doc }, ['kind']);
  const at = span ?? { start: doc.range[0], end: doc.range[0] };
  return { range: rangeAt(src.lineCounter, at.start, at.end), exact: !!(t && span) };
}

/** In a Helm template (not YAML): the line holding the path's last step (a key, or a list item
 *  by its `name`), searched after the lines holding the steps before it (those not found are
 *  passed over), else the template's first line. `rendered` is the rendered object, for names. */
export function templateRange(text: string, p: Path | null, rendered?: unknown): Range {
  const lines = text.split('\n');
  const esc = (k: string) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const steps: RegExp[] = [];
  let v: any = rendered;
  for (const step of p ?? []) {
    if (typeof step === 'string') steps.push(new RegExp(`^\\s*(?:-\\s+)?["']?${esc(step)}["']?\\s*:`));
    else if (typeof v?.[step]?.name === 'string')
      steps.push(new RegExp(`^\\s*-\\s+name:\\s*["']?${esc(v[step].name)}["']?\\s*(?:#.*)?$`));
    v = v?.[step];
  }
  const find = (re: RegExp, from: number) => {
    for (let n = from; n < lines.length; n++) if (re.test(lines[n])) return n;
    return -1;
  };
  let from = 0,
    line = 0;
  steps.forEach((re, k) => {
    const i = find(re, from);
    if (k === steps.length - 1) line = i >= 0 ? i : 0;
    else if (i >= 0) from = i + 1;
  });
  const l = lines[line] ?? '';
  return { start: { line, character: l.length - l.trimStart().length }, end: { line, character: l.trimEnd().length } };
}
