// Rendered output → documents with where each came from: Kustomize's origin annotation
// (`config.kubernetes.io/origin`, from buildMetadata: [originAnnotations]) or Helm's `# Source:`
// comment. Pure. The annotation is removed, so rules see the object as it would be applied.
import { parse, parseDocument, stringify } from 'yaml';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

export interface Origin {
  /** The file named, as written (Kustomize: relative to the built directory; Helm: `chart/templates/x.yaml`). */
  path: string;
  /** `path`: a resource document; `configuredIn`: made by a generator configured in that kustomization;
   *  `source`: a Helm template. */
  kind: 'path' | 'configuredIn' | 'source';
  /** Kustomize says it came from a remote repository. */
  remote: boolean;
}

export interface RenderedDoc {
  value: Record<string, any>;
  origin: Origin | null;
}

export interface RenderedOutput {
  docs: RenderedDoc[];
  /** The documents without origin annotations, one per `---` section, in order. */
  text: string;
}

const DOC_SPLIT = /^---[ \t]*(?:#.*)?$/m;
const SOURCE_LINE = /^#\s*Source:\s*(\S.*?)\s*$/m;

function originFromAnnotation(v: Record<string, any>): Origin | null {
  const ann = v.metadata?.annotations;
  if (!ann || typeof ann !== 'object' || typeof ann[ORIGIN_ANNOTATION] !== 'string') return null;
  let o: any;
  try {
    o = parse(ann[ORIGIN_ANNOTATION]);
  } catch {
    return null;
  }
  const remote = typeof o?.repo === 'string' && o.repo !== '';
  if (typeof o?.path === 'string') return { path: o.path, kind: 'path', remote };
  if (typeof o?.configuredIn === 'string') return { path: o.configuredIn, kind: 'configuredIn', remote };
  return null;
}

/** Split rendered YAML into its objects and their origins. Sections that hold no object are dropped. */
export function parseRendered(output: string): RenderedOutput {
  const { docs, texts } = parseSections(output, null);
  return { docs, text: joinTexts(texts) };
}

/**
 * The output of a group render (render.ts renderKustomizationGroup) split by root: each object
 * goes to the root its `marker` annotation names, the annotation removed as the origin one is, so
 * each root's part is what parseRendered gives for that root rendered alone. Null when an object
 * carries no marker (it cannot be told whose it is).
 */
export function parseRenderedGroup(
  output: string,
  marker: string,
  cache?: SectionCache,
): Map<string, RenderedOutput> | null {
  const { docs, texts, marks } = parseSections(output, marker, cache);
  if (marks.some((m) => m === null)) return null;
  const parts = new Map<string, { docs: RenderedDoc[]; texts: string[] }>();
  marks.forEach((m, i) => {
    const part = parts.get(m!) ?? { docs: [], texts: [] };
    part.docs.push(docs[i]);
    part.texts.push(texts[i]);
    parts.set(m!, part);
  });
  return new Map([...parts].map(([m, p]) => [m, { docs: p.docs, text: joinTexts(p.texts) }]));
}

const joinTexts = (texts: string[]) => texts.map((t) => (t.endsWith('\n') ? t : t + '\n')).join('---\n');

interface Section {
  doc: RenderedDoc;
  text: string;
  mark: string | null;
}

/** Sections parsed by earlier runs, by their text: a base edit changes few of a group's sections.
 *  `parseSections` leaves it holding this run's sections only. Their values are shared: read only. */
export type SectionCache = Map<string, Section | null>;

function parseSections(
  output: string,
  marker: string | null,
  cache?: SectionCache,
): { docs: RenderedDoc[]; texts: string[]; marks: (string | null)[] } {
  const docs: RenderedDoc[] = [];
  const texts: string[] = [];
  const marks: (string | null)[] = [];
  const seen: SectionCache = new Map();
  for (const section of output.split(DOC_SPLIT)) {
    const known = cache?.get(section) ?? seen.get(section);
    const parsed = known !== undefined ? known : parseSection(section, marker);
    if (cache) seen.set(section, parsed);
    if (!parsed) continue;
    docs.push(parsed.doc);
    texts.push(parsed.text);
    marks.push(parsed.mark);
  }
  if (cache) {
    cache.clear();
    for (const [k, v] of seen) cache.set(k, v);
  }
  return { docs, texts, marks };
}

/** One `---` section: its object with the origin (and marker) annotations removed, or null. */
function parseSection(section: string, marker: string | null): Section | null {
  if (!/^\s*[^\s#]/m.test(section)) return null; // comments only
  const doc = parseDocument(section);
  if (doc.errors.length) return null;
  const value = doc.toJS({ maxAliasCount: 100 });
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const source = SOURCE_LINE.exec(section);
  let origin = originFromAnnotation(value);
  const ann = value.metadata?.annotations;
  const mark = marker !== null && ann && typeof ann === 'object' ? ann[marker] : undefined;
  const remove = [...(origin ? [ORIGIN_ANNOTATION] : []), ...(typeof mark === 'string' ? [marker!] : [])];
  for (const key of remove) {
    doc.deleteIn(['metadata', 'annotations', key]);
    delete value.metadata.annotations[key];
  }
  if (remove.length && Object.keys(value.metadata.annotations).length === 0) {
    doc.deleteIn(['metadata', 'annotations']);
    delete value.metadata.annotations;
  }
  if (!origin && source) origin = { path: source[1], kind: 'source', remote: false };
  return {
    doc: { value, origin },
    text: origin?.kind === 'source' ? section.replace(/^\n+/, '') : stringify(doc.contents, { lineWidth: 0 }),
    mark: typeof mark === 'string' ? mark : null,
  };
}

/** Does rendered output name its sources (so stdin can be reported on them)? */
export function namesSources(output: string): boolean {
  return output.includes(ORIGIN_ANNOTATION) || SOURCE_LINE.test(output);
}
