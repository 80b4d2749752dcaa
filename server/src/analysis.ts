// Analysis jobs: every changed file gets one — parse (reusing unchanged documents), analyse,
// publish — run in slices by the scheduler, edits before the re-checks they cause, before the
// workspace scan, so typing never waits for the scan. A job whose document changed again while it
// ran starts over with the newer text.
import { analyzeSource, analyzeSteps, releaseDocuments, type Finding, type IndexChanges } from './engine';
import { toDiagnostic } from './language-service';
import { fingerprintJson } from './fingerprint';
import { withJson } from './batched-writer';
import { encodeDiagnostics } from './encoded-diagnostics';
import { liveHealthDiagnostics } from './live-health';
import { AFFECTED, BULK, EDIT } from './scheduler';
import { openDocument, uriOf, type ServerState } from './server-state';
import { DEFAULT_TIME_BUDGET_MS, isConfigFile, unappliedConfig } from './workspace-config';

/** A file's text changed (in the editor or in the index): analyse and publish it, as an edit. */
export function markDirty(s: ServerState, key: string) {
  s.rendering.changed(key); // any file of a rendered tree: re-render it (debounced; cancels the run in flight)
  const doc = openDocument(s, key);
  s.scheduler.add(key, EDIT, () => fileJob(s, key), { size: doc ? doc.getText().length : 0 });
}

function* fileJob(s: ServerState, key: string): Generator<void, void> {
  // A file of a rendered tree is published when its re-render (scheduled by markDirty) ends.
  if (s.rendering.claims(key)) return;
  for (;;) {
    const doc = openDocument(s, key);
    // The document object is updated in place by later changes: remember what this run saw.
    const version = doc?.version;
    // Parsing, once started, runs to its end (it moves reused documents in place).
    if (doc) yield* s.index.setFileSteps(key, doc.getText());
    const stale = () => !!doc && openDocument(s, key)?.version !== version;
    if (stale()) continue;
    const source = s.index.getFile(key);
    const findings = source ? yield* analyzeSteps(s.index, source, s.config.config, analyzeOptions(s, key)) : [];
    if (stale()) continue;
    publishFindings(s, key, findings, true, version);
    queueAffected(s, s.changes.take(), new Set([key]));
    return;
  }
}

/** Re-analyse and publish a file, at `priority` (AFFECTED: an edit caused it; BULK: all files). */
export function recheck(s: ServerState, file: string, priority: number) {
  s.scheduler.add(`check:${file}`, priority, () => publish(s, file));
}

export function reanalyzeAll(s: ServerState) {
  for (const f of s.index.files()) recheck(s, f, BULK);
}

/**
 * Other files whose findings may have changed: where a workload changed, the files the index
 * names (the Services and PDBs whose match set changed, and the objects that read every
 * workload); where anything else changed, every file of the namespace; when the set of kinds
 * changed, every file.
 */
export function queueAffected(s: ServerState, c: IndexChanges, except: Set<string>) {
  const add = (f: string) => {
    if (!except.has(f)) recheck(s, f, AFFECTED);
  };
  if (c.kinds) {
    s.index.files().forEach(add);
    return;
  }
  for (const ns of c.others) s.index.filesIn(ns).forEach(add);
  for (const f of c.files) add(f);
}

export function analyzeOptions(s: ServerState, key: string) {
  return {
    timeBudgetMs: s.config.config.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS,
    onInternalError: (rule: string, obj: { kind: string; name: string }, err: unknown) =>
      s.log(
        `rule ${rule} failed on ${obj.kind} ${obj.name} in ${key}: ${err instanceof Error ? err.stack : String(err)}`,
      ),
  };
}

function analyze(s: ServerState, key: string): Finding[] {
  const source = s.index.getFile(key);
  // An unopened file keeps no per-object report cache: the caches were most of the memory of an
  // indexed file (bench/index-memory.ts, bench/RESULTS.md), and such a file is re-analysed rarely.
  const open = !!openDocument(s, key);
  return source ? analyzeSource(s.index, source, s.config.config, { ...analyzeOptions(s, key), cache: open }) : [];
}

export function publish(s: ServerState, key: string, always = false) {
  publishFindings(s, key, analyze(s, key), always);
}

/** Publish findings; `version` is the document version they were computed from, when known. */
export function publishFindings(s: ServerState, key: string, findings: Finding[], always: boolean, version?: number) {
  // The files of a rendered tree get their diagnostics from the render (rendered/server-hooks.ts).
  if (s.rendering.claims(key)) findings = s.rendering.findingsFor(key);
  const doc = openDocument(s, key);
  if (doc) s.findingsByFile.set(key, findings);
  else s.findingsByFile.delete(key);
  const source = s.index.getFile(key);
  const live = source && s.liveHealth ? liveHealthDiagnostics(source, s.liveHealth) : [];
  // An open .kube-ha.yaml shows its configuration problems (or that it does not apply), not a manifest's findings.
  const problems = s.config.problems;
  const own = problems?.key !== key && !isConfigFile(key);
  // An open file's list is encoded anew only where it differs from the last (encoded-diagnostics.ts).
  const encoded =
    own && doc && live.length === 0 && s.sendsJson ? encodeDiagnostics(findings, s.encoded.get(key)) : null;
  if (encoded) s.encoded.set(key, encoded);
  else s.encoded.delete(key);
  const diagnostics = !own
    ? problems?.key === key
      ? problems.diagnostics
      : unappliedConfig(s.folders, key)
    : (encoded?.diagnostics ?? [...findings.map(toDiagnostic), ...live]);
  // A file not open in the editor keeps no yaml nodes once analysed (see parse.ts releaseDocuments).
  if (source && !doc) releaseDocuments(source);
  if (diagnostics.length === 0 && !s.published.has(key)) return; // no noise for files that never had any
  // Encoded once: for the fingerprint and (over stdio) as the message's diagnostics.
  const json = encoded ? encoded.json : always && !s.sendsJson ? null : JSON.stringify(diagnostics);
  // An edited document always gets an answer for its version; others only when it differs. The
  // edited one is not fingerprinted per keystroke: its next comparison just finds no record.
  if (always) s.lastSent.delete(key);
  else {
    const sent = fingerprintJson(json!);
    if (s.lastSent.get(key) === sent) return;
    s.lastSent.set(key, sent);
  }
  void s.connection.sendDiagnostics({
    uri: uriOf(s, key),
    version: version ?? doc?.version,
    // The list made here is not changed after; the configuration's lists are kept and may be.
    diagnostics: own && json !== null && s.sendsJson ? withJson(diagnostics, encoded?.bytes ?? json) : diagnostics,
  });
  if (diagnostics.length) s.published.add(key);
  else s.published.delete(key);
}

/** Forget a file deleted from disk, and clear its diagnostics. */
export function forget(s: ServerState, key: string) {
  s.index.removeFile(key);
  s.findingsByFile.delete(key);
  s.lastSent.delete(key);
  s.encoded.delete(key);
  if (s.published.delete(key)) void s.connection.sendDiagnostics({ uri: key, diagnostics: [] });
  queueAffected(s, s.changes.take(), new Set([key]));
}
