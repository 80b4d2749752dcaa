// Engine types. The engine is pure: it imports nothing from LSP or VS Code, so the language
// server, the CLI and the tests share it.
import type { Document } from 'yaml';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** A path into a YAML document: map keys and sequence indexes. */
export type Path = readonly (string | number)[];

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
}

/** One Kubernetes object (a YAML document with apiVersion + kind) with its source. */
export interface KObject extends ObjectRef {
  /** The file as the caller named it (relative path in the CLI, URI in the server). */
  file: string;
  /** Index of the YAML document in its file. */
  docIndex: number;
  doc: Document.Parsed;
  /** The plain value of the document. */
  value: any;
  source: SourceFile;
}

/** Where a file's lines start, and the line and column of an offset, both 1-based, with line 0
 *  before the first line start (as yaml's LineCounter, which satisfies it). */
export interface LineIndex {
  readonly lineStarts: readonly number[];
  linePos(offset: number): { line: number; col: number };
}

/** The parsed form of one file, shared by all the objects it holds. */
export interface SourceFile {
  file: string;
  text: string;
  lineCounter: LineIndex;
  /** Offset ranges [start, end) of each YAML document, in document order. */
  docs: { start: number; end: number; doc: Document.Parsed; object: KObject | null }[];
  /** Findings produced while parsing (yaml-syntax and visible skips). */
  parseFindings: Finding[];
}

/** A text edit on one file, in offsets of that file's current text. */
export interface FileEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

export type FixSafety = 'safe' | 'unsafe';

export interface Fix {
  title: string;
  /** The main fix of a finding; `kube-ha lint --fix` and fix-all apply only preferred fixes (and only safe ones). */
  preferred: boolean;
  /** rules.md "Fix safety": `--fix` and fix-all apply safe fixes only, `--unsafe-fixes` adds the rest. */
  safety: FixSafety;
  /** Computed on demand: most findings are never fixed. */
  edits(): FileEdit[];
}

export interface RelatedInfo {
  file: string;
  range: Range;
  message: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  /** Offsets of range in the file, kept for suppression and fixes. */
  offset: { start: number; end: number };
  object?: ObjectRef;
  related: RelatedInfo[];
  fixes: Fix[];
}

export interface Config {
  minReplicas: number;
  rules: Record<string, SeveritySetting>;
  /** Files larger than this are reported (analysis-skipped), not analysed. */
  maxFileBytes?: number;
  /** Per-file analysis time budget; what runs over stops and is reported. */
  timeBudgetMs?: number;
}
