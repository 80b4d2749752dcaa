// One rendered scope (a Kustomize root or a Helm chart): its objects in an engine index of their
// own, analysed, and each finding moved to the source document it came from. Pure apart from
// reading source files through `read`.
import * as path from 'path';
import { analyzeSource, createIndex, type Config, type Finding, type Range } from '../engine';
import type { Origin, RenderedOutput } from './origin';
import {
  pathAtOffset,
  parseSourceText,
  sourceDocIndex,
  sourceRange,
  templateRange,
  translatePath,
  type SourceText,
} from './mapback';

/** A finding placed on a source file (absolute path), before roots are joined. */
export interface Placed {
  rule: string;
  severity: Finding['severity'];
  message: string;
  /** Absolute path of the source file. */
  file: string;
  range: Range;
  object?: Finding['object'];
  related: { file: string; range: Range; message: string }[];
  /** The message with rendered names (namePrefix…) put back to the source documents' names: the
   *  same finding from two roots of one base says the same thing. */
  sourceMessage: string;
}

/** Source files parsed for mapping back, by kind and path: shared by the scopes of one run. */
export type SourceTexts = Map<string, SourceText | string | null>;

export interface ScopeInput {
  /** The rendered output, parsed (parseRendered). */
  rendered: RenderedOutput;
  /** Absolute path an origin's path is relative to. */
  resolveOrigin(o: Origin): string;
  /** Where findings on objects with no source document go (the kustomization / Chart.yaml). */
  fallbackFile: string;
  /** A source file's text, or null when it cannot be read. */
  read(file: string): string | null;
  /** Parsed source files, shared with other scopes that read the same text (default: this scope's own). */
  texts?: SourceTexts;
  config: Config;
  /** Strategic-merge patch files of the scope's tree (absolute): related information points into
   *  the one that sets the key a finding is about. */
  patches?: string[];
  onInternalError?: (rule: string, obj: { file: string; kind: string; name: string }, err: unknown) => void;
}

const VIRTUAL = 'kube-ha-rendered.yaml';

/** Analyse one scope's rendered objects and place every finding on its source. No fixes: a fix
 *  computed on rendered output is not an edit of any file. */
export function analyzeScope(input: ScopeInput): Placed[] {
  const index = createIndex();
  const source = index.setFile(VIRTUAL, input.rendered.text);
  const findings = analyzeSource(index, source, input.config, { cache: false, onInternalError: input.onInternalError });
  const texts: SourceTexts = input.texts ?? new Map();
  const sourceOf = (file: string, yaml: boolean): SourceText | string | null => {
    const key = `${yaml ? 'y' : 't'}${file}`;
    if (!texts.has(key)) {
      const t = input.read(file);
      texts.set(key, t === null ? null : yaml ? parseSourceText(t) : t);
    }
    return texts.get(key)!;
  };
  const docAt = (offset: number) => source.docs.findIndex((d) => d.start <= offset && offset <= d.end);

  /** Where an offset of the rendered text is in the sources, or null. */
  const place = (offset: number): { file: string; range: Range; exact: boolean } | null => {
    const i = docAt(offset);
    const entry = source.docs[i];
    const rd = input.rendered.docs[i];
    if (!entry || !rd?.origin || rd.origin.remote) return null;
    const file = input.resolveOrigin(rd.origin);
    const p = pathAtOffset(entry.doc, offset);
    if (rd.origin.kind === 'configuredIn') return null;
    // A source that cannot be read (rendered output on stdin, built elsewhere) is still named.
    const unread = { file, range: firstLine(null), exact: false };
    if (rd.origin.kind === 'source') {
      const t = sourceOf(file, false);
      return typeof t === 'string' ? { file, range: templateRange(t, p, rd.value), exact: true } : unread;
    }
    const src = sourceOf(file, true);
    if (!src || typeof src === 'string') return unread;
    const di = sourceDocIndex(src, String(rd.value.kind ?? ''), String(rd.value.metadata?.name ?? ''));
    if (di < 0) return null;
    return { file, ...sourceRange(src, di, rd.value, p) };
  };

  // Rendered name → source name, longest first, for every object whose source document is known.
  const names = new Map<string, string>();
  input.rendered.docs.forEach((rd) => {
    const name = rd.value.metadata?.name;
    if (typeof name !== 'string' || rd.origin?.kind !== 'path') return;
    const src = sourceOf(input.resolveOrigin(rd.origin), true);
    if (!src || typeof src === 'string') return;
    const di = sourceDocIndex(src, String(rd.value.kind ?? ''), name);
    const srcName = di < 0 ? null : (src.values[di] as any)?.metadata?.name;
    if (typeof srcName === 'string' && srcName !== name) names.set(name, srcName);
  });
  const renamed = [...names].sort((a, b) => b[0].length - a[0].length);
  const sourceMessage = (m: string) => renamed.reduce((acc, [r, s]) => acc.split(r).join(s), m);
  /** Patches of this tree that set the rendered path on this object: "set by <patch>". */
  const setBy = (offset: number): Placed['related'] => {
    const i = docAt(offset);
    const rd = input.rendered.docs[i];
    const entry = source.docs[i];
    if (!rd || !entry || rd.origin?.kind !== 'path') return [];
    const p = pathAtOffset(entry.doc, offset);
    // A key's value, not a list item (a patch names a container to merge into it) nor the
    // identity a patch is matched by.
    if (
      !p ||
      p.length < 2 ||
      typeof p[p.length - 1] !== 'string' ||
      (p[0] === 'metadata' && (p[1] === 'name' || p[1] === 'namespace'))
    )
      return [];
    const origin = sourceOf(input.resolveOrigin(rd.origin), true);
    const di =
      origin && typeof origin !== 'string'
        ? sourceDocIndex(origin, String(rd.value.kind ?? ''), String(rd.value.metadata?.name ?? ''))
        : -1;
    const srcName = di >= 0 ? ((origin as SourceText).values[di] as any)?.metadata?.name : null;
    const out: Placed['related'] = [];
    for (const file of input.patches ?? []) {
      const patch = sourceOf(file, true);
      if (!patch || typeof patch === 'string') continue;
      patch.values.forEach((v: any, j) => {
        if (
          !v ||
          v.kind !== rd.value.kind ||
          (v.metadata?.name !== srcName && v.metadata?.name !== rd.value.metadata?.name)
        )
          return;
        const t = translatePath(rd.value, v, p);
        if (!t) return;
        const r = sourceRange(patch, j, rd.value, p);
        if (r.exact)
          out.push({
            file,
            range: r.range,
            message: `${p.filter((x) => typeof x === 'string').join('.')} set by this patch`,
          });
      });
    }
    return out;
  };

  const out: Placed[] = [];
  for (const f of findings) {
    if (f.file !== VIRTUAL) continue;
    const at = place(f.offset.start);
    const i = docAt(f.offset.start);
    const rd = input.rendered.docs[i];
    const related = f.related.flatMap((r) => {
      if (r.file !== VIRTUAL) return [];
      const p = place(offsetOf(source.text, r.range.start.line, r.range.start.character));
      return p ? [{ file: p.file, range: p.range, message: r.message }] : [];
    });
    if (at) {
      related.push(...setBy(f.offset.start));
      out.push({
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        sourceMessage: sourceMessage(f.message),
        file: at.file,
        range: at.range,
        object: f.object,
        related,
      });
    } else {
      // A generated object (configMapGenerator), a remote one, or one whose document cannot be told apart.
      const what = rd ? `${rd.value.kind} ${rd.value.metadata?.name ?? ''}`.trim() : 'a rendered object';
      const why = rd?.origin?.remote
        ? 'from a remote base'
        : rd?.origin?.kind === 'configuredIn'
          ? 'generated'
          : 'no source document found';
      out.push({
        rule: f.rule,
        severity: f.severity,
        message: `${f.message} (${what}: ${why})`,
        sourceMessage: `${f.message} (${what}: ${why})`,
        file: input.fallbackFile,
        range: firstLine(input.read(input.fallbackFile)),
        object: f.object,
        related,
      });
    }
  }
  return out;
}

export function offsetOf(text: string, line: number, character: number): number {
  let o = 0;
  for (let l = 0; l < line; l++) {
    const n = text.indexOf('\n', o);
    if (n < 0) return text.length;
    o = n + 1;
  }
  return o + character;
}

export function firstLine(text: string | null): Range {
  const l = (text ?? '').split('\n')[0] ?? '';
  return { start: { line: 0, character: 0 }, end: { line: 0, character: l.trimEnd().length } };
}

/** Display name of a root: relative to `base`, POSIX separators. */
export function rootName(dir: string, base: string): string {
  const rel = path.relative(base, dir);
  return (rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? dir : rel).split(path.sep).join('/');
}
