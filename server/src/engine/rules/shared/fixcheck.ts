// Assertions shared by the rule tests (imported only by *.test.ts files): where a finding is
// underlined, and that a quick fix is a minimal, format-preserving edit (rules.md, issue 3).
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { applyEdits } from '../../edits';
import { lint, ofRule } from '../../testing';
import type { Config, Finding } from '../../types';

/** The findings of one rule in a single-file text. */
export function findings(text: string, rule: string, config: Partial<Config> = {}): Finding[] {
  return ofRule(lint(text, config), rule);
}

/** The text a finding underlines. */
export function underlined(text: string, f: Finding): string {
  return text.slice(f.offset.start, f.offset.end);
}

/** 0-based line of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line with ${needle}`);
  return i;
}

function splitDocs(text: string): string[] {
  return text.split(/^---[ \t]*\r?$/m);
}

function comments(text: string): string[] {
  return text.split('\n').flatMap((l) => {
    const m = /(?:^|\s)(#.*)$/.exec(l);
    return m ? [m[1].trimEnd()] : [];
  });
}

export interface FixCheck {
  /** Fix title; default the preferred fix. */
  title?: string;
  /** Which finding of the rule (default the first). */
  index?: number;
  /** How many lines of the original may change or go (default 1). */
  changedLines?: number;
  /** Indexes of the documents the fix may change (default the finding's own document). */
  docs?: number[];
  /** Rules whose new findings the fix implies (rules.md cascades), named by the test. */
  cascades?: string[];
  config?: Partial<Config>;
}

/**
 * Apply one fix and check: the text parses, the finding is gone, no other rule's finding appears
 * (except the named cascades), every comment is kept, only the expected lines and documents
 * changed, and fixing again changes nothing. Returns the fixed text.
 */
export function checkFix(text: string, rule: string, opts: FixCheck = {}): string {
  const before = lint(text, opts.config);
  const f = ofRule(before, rule)[opts.index ?? 0];
  assert.ok(f, `no ${rule} finding`);
  const fix = opts.title ? f.fixes.find((x) => x.title === opts.title) : f.fixes.find((x) => x.preferred);
  assert.ok(fix, `no fix ${opts.title ?? '(preferred)'}; have ${f.fixes.map((x) => x.title).join(' | ')}`);
  const out = applyEdits(text, fix.edits());
  assert.notEqual(out, text, 'the fix changed nothing');
  for (const d of parseAllDocuments(out))
    assert.deepEqual(
      d.errors.map((e) => e.message),
      [],
      out,
    );

  const after = lint(out, opts.config);
  const same = (x: Finding) =>
    x.object?.kind === f.object?.kind && x.object?.name === f.object?.name && x.message === f.message;
  assert.deepEqual(
    ofRule(after, rule)
      .filter(same)
      .map((x) => x.message),
    [],
    `the finding is still there:\n${out}`,
  );
  const key = (x: Finding) => `${x.rule} ${x.object?.kind}/${x.object?.name}`;
  const had = new Set(before.map(key));
  const fresh = after.filter((x) => x.rule !== rule && !had.has(key(x)) && !(opts.cascades ?? []).includes(x.rule));
  assert.deepEqual(
    fresh.map((x) => `${key(x)}: ${x.message}`),
    [],
    `the fix caused new findings:\n${out}`,
  );

  for (const c of comments(text)) assert.ok(out.includes(c), `comment lost: ${c}\n${out}`);

  const a = text.split('\n');
  const b = out.split('\n');
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  assert.ok(
    a.length - p - s <= (opts.changedLines ?? 1),
    `the fix changed ${a.length - p - s} original lines:\n${out}`,
  );

  const da = splitDocs(text);
  const db = splitDocs(out);
  const own = opts.docs ?? [f.object && before.length ? docIndexOf(text, f) : 0];
  for (let i = 0; i < da.length; i++) {
    if (own.includes(i)) continue;
    // Documents after an appended one shift by the number of new documents.
    const j = i > Math.max(...own) ? i + (db.length - da.length) : i;
    assert.equal(db[j], da[i], `document ${i} changed:\n${out}`);
  }

  // Fixing again changes nothing: no finding of the rule on that object offers this fix any more.
  const again = ofRule(after, rule).filter(
    (x) =>
      x.object?.kind === f.object?.kind &&
      x.object?.name === f.object?.name &&
      x.fixes.some((y) => y.title === fix.title),
  );
  assert.deepEqual(
    again.map((x) => x.message),
    [],
    'fixing again would change the text',
  );
  return out;
}

function docIndexOf(text: string, f: Finding): number {
  const upTo = text.slice(0, f.offset.start);
  return splitDocs(upTo).length - 1;
}
