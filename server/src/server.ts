// The kube-ha language server: thin LSP handlers over the engine. Diagnostics as you type,
// code actions, the workspace index across files, and the custom requests of common/protocol.
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { isDeepStrictEqual } from 'util';
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, FileChangeType,
  CodeActionKind, type InitializeParams, type CodeAction, type Diagnostic,
  type CodeActionParams, type CodeLensParams, type DidChangeWatchedFilesParams, type HoverParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  analyzeSource, analyzeSteps, releaseDocuments, CONFIG_FILE_NAMES, DEFAULT_LIMITS, rangeAt, createIndex, mergeConfig, readConfig, RULE_IDS,
  type Config, type Finding, type IndexChanges,
} from './engine';
import { FIX_ALL_KIND, findingsIn, fixAllText, minimalEdit, quickFixes, suppressionActions, toDiagnostic, toWorkspaceEdit } from './language-service';
import { capNotice, fileUriOf, fsPathOfUri, planScan } from './workspace-files';
import { fromBytes, fromParsed, indexFileFromDiskSync, readForIndex, type FsPath, type ReadResult } from './read-file';
import { createParsePool, eachLimited, type ParseResult } from './parse-pool';
import { FIND_MANIFEST, LIVE_HEALTH, type FindManifestParams, type FindManifestResult, type LiveHealthParams } from '../../common/src/protocol';
import { liveHealthDiagnostics } from './live-health';
import { editorRendering, type EditorRendering } from './rendered/server-hooks';
import { AFFECTED, BULK, createScheduler, EDIT, SCAN } from './scheduler';
import { chartTemplatePredicate } from './chart-templates';
import { lookupConfig, NOT_APPLIED, notApplied, workspaceConfig } from './files/config';
import { isDiscoverable } from './files/discovery';
import { MAX_MESSAGE_BYTES, watchMessageSizes } from './stdio-limit';
import { guardedDocumentSync, guardNotification as note, guardRequest as req } from './lsp-guard';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const index = createIndex({ ...DEFAULT_LIMITS, chartTemplate: chartTemplatePredicate((key) => { try { return fileURLToPath(key); } catch { return null; } }) });
const findingsByFile = new Map<string, Finding[]>();
/** Files that had diagnostics published, so they can be cleared. */
const published = new Set<string>();

let folders: string[] = [];
let settingsLayer: Partial<Config> = {};
let fileLayer: Partial<Config> = {};
let config: Config = mergeConfig();
const DEFAULT_TIME_BUDGET_MS = 2000;
/** kubeHa.maxWorkspaceFiles: the scan indexes at most this many files (issue 22). */
let maxWorkspaceFiles = 100_000;
let canProgress = false;
let canPullConfig = false;

/** Canonical key of a document: the URI as Node spells it, so client and disk URIs agree. */
function keyOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  const p = fsPathOfUri(uri);
  return p === null ? uri : fileUriOf(p);
}
const clientUri = new Map<string, string>();

function log(msg: string) {
  connection.console.log(msg);
}

// ---- analysis scheduling -------------------------------------------------------------------
// Every changed file gets a job: parse (reusing unchanged documents), analyse, publish. Jobs run
// in slices (scheduler.ts), edits before the re-checks they cause, before the workspace scan, so
// typing never waits for the scan. A job whose document changed again while it ran starts over
// with the newer text.
const scheduler = createScheduler({ onError: (key, err) => log(`analysis of ${key} failed: ${err instanceof Error ? err.stack : String(err)}`) });

function markDirty(key: string) {
  rendering.changed(key); // any file of a rendered tree: re-render it (debounced; cancels the run in flight)
  const doc = documents.get(clientUri.get(key) ?? key);
  scheduler.add(key, EDIT, () => fileJob(key), { size: doc ? doc.getText().length : 0 });
}

function* fileJob(key: string): Generator<void, void> {
  // A file of a rendered tree is published when its re-render (scheduled by markDirty) ends.
  if (rendering.claims(key)) return;
  for (;;) {
    const doc = documents.get(clientUri.get(key) ?? key);
    // The document object is updated in place by later changes: remember what this run saw.
    const version = doc?.version;
    // Parsing, once started, runs to its end (it moves reused documents in place).
    if (doc) yield* index.setFileSteps(key, doc.getText());
    const stale = () => !!doc && documents.get(clientUri.get(key) ?? key)?.version !== version;
    if (stale()) continue;
    const source = index.getFile(key);
    const findings = source ? yield* analyzeSteps(index, source, config, analyzeOptions(key)) : [];
    if (stale()) continue;
    publishFindings(key, findings, true, version);
    queueAffected(index.takeChanges(), new Set([key]));
    return;
  }
}

/** Run a file's pending job to its end now, so a request about it sees the latest text. */
function finishJob(key: string) {
  scheduler.finish(key);
}

/** Re-analyse and publish a file, at `priority` (AFFECTED: an edit caused it; BULK: all files). */
function recheck(file: string, priority: number) {
  scheduler.add(`check:${file}`, priority, () => publish(file));
}

/**
 * Other files whose findings may have changed: where a workload changed, the files the index
 * names (the Services and PDBs whose match set changed, and the objects that read every workload); where anything else
 * changed, every file of the namespace; when the set of kinds changed, every file.
 */
function queueAffected(c: IndexChanges, except: Set<string>) {
  const add = (f: string) => { if (!except.has(f)) recheck(f, AFFECTED); };
  if (c.kinds) { index.files().forEach(add); return; }
  for (const ns of c.others) index.filesIn(ns).forEach(add);
  for (const f of c.files) add(f);
}

function analyzeOptions(key: string) {
  return {
    timeBudgetMs: config.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS,
    onInternalError: (rule: string, obj: { kind: string; name: string }, err: unknown) => log(`rule ${rule} failed on ${obj.kind} ${obj.name} in ${key}: ${err instanceof Error ? err.stack : String(err)}`),
  };
}

function analyze(key: string): Finding[] {
  const source = index.getFile(key);
  // An unopened file keeps no per-object report cache: measured at 30,000 files, the caches were
  // 70 % of the memory per file (bench/index-memory.ts), and such a file is re-analysed rarely.
  const open = !!documents.get(clientUri.get(key) ?? key);
  return source ? analyzeSource(index, source, config, { ...analyzeOptions(key), cache: open }) : [];
}

/** Last diagnostics sent per file, to send only what changed. */
const lastSent = new Map<string, Diagnostic[]>();

function publish(key: string, always = false) {
  publishFindings(key, analyze(key), always);
}

/** Publish findings; `version` is the document version they were computed from, when known. */
function publishFindings(key: string, findings: Finding[], always: boolean, version?: number) {
  // The files of a rendered tree get their diagnostics from the render (rendered/server-hooks.ts).
  if (rendering.claims(key)) findings = rendering.findingsFor(key);
  const uri = clientUri.get(key) ?? key;
  // Findings (with their fixes) are kept for open files only: code actions, hovers and lenses ask about those.
  if (documents.get(uri)) findingsByFile.set(key, findings); else findingsByFile.delete(key);
  const source = index.getFile(key);
  const live = source && liveHealth ? liveHealthDiagnostics(source, liveHealth) : [];
  // An open .kube-ha.yaml shows its configuration problems (or that it does not apply), not a manifest's findings.
  const diagnostics = configProblems?.key === key ? configProblems.diagnostics : isConfigFile(key) ? unappliedConfig(key) : [...findings.map(toDiagnostic), ...live];
  const doc = documents.get(uri);
  // A file not open in the editor keeps no yaml nodes once analysed (see parse.ts releaseDocuments).
  if (source && !doc) releaseDocuments(source);
  if (diagnostics.length === 0 && !published.has(key)) return; // no noise for files that never had any
  // An edited document always gets an answer for its version; others only when it differs. The
  // edited one is not serialised twice per keystroke: its next comparison just finds no record.
  // Compared as values, not as JSON: a file's first publish (all 10,000 after a workspace scan)
  // then serialises its diagnostics once, for sending, instead of twice.
  if (always) lastSent.delete(key);
  else {
    const before = lastSent.get(key);
    if (before && isDeepStrictEqual(before, diagnostics)) return;
    lastSent.set(key, diagnostics);
  }
  void connection.sendDiagnostics({ uri, version: version ?? doc?.version, diagnostics });
  if (diagnostics.length) published.add(key); else published.delete(key);
}

function reanalyzeAll() {
  for (const f of index.files()) recheck(f, BULK);
}

// ---- live Service health from the client's cluster view ------------------------------------
let liveHealth: LiveHealthParams | null = null;
connection.onNotification(LIVE_HEALTH, note(LIVE_HEALTH, log, (p: LiveHealthParams) => {
  liveHealth = p;
  for (const f of index.files()) if (index.getFile(f)!.docs.some((d) => d.object?.kind === 'Service' || d.object?.kind === 'PodDisruptionBudget')) recheck(f, BULK);
}));

// ---- configuration ------------------------------------------------------------------------
function recomputeConfig() {
  config = mergeConfig(settingsLayer, fileLayer);
  index.limits.maxBytes = config.maxFileBytes ?? DEFAULT_LIMITS.maxBytes;
}

async function pullSettings() {
  if (!canPullConfig) return;
  try {
    const s = await connection.workspace.getConfiguration('kubeHa');
    settingsLayer = readConfig({ minReplicas: s?.minReplicas, rules: s?.rules ?? {} }, RULE_IDS).config;
    applyLimits(s);
    rendering.settings(s);
  } catch (err) {
    log(`cannot read settings: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** kubeHa.maxFileSize (MB) and kubeHa.timeBudgetMs join the settings layer (.kube-ha.yaml still wins). */
function applyLimits(s: { maxFileSize?: unknown; timeBudgetMs?: unknown; maxWorkspaceFiles?: unknown } | null | undefined) {
  if (typeof s?.maxWorkspaceFiles === 'number' && s.maxWorkspaceFiles >= 0) maxWorkspaceFiles = Math.floor(s.maxWorkspaceFiles);
  if (typeof s?.maxFileSize === 'number' && s.maxFileSize > 0) settingsLayer.maxFileBytes = Math.round(s.maxFileSize * 1024 * 1024);
  if (typeof s?.timeBudgetMs === 'number' && s.timeBudgetMs > 0) settingsLayer.timeBudgetMs = s.timeBudgetMs;
}

/** Problems of the workspace's .kube-ha.yaml, shown as diagnostics in it (by index key). */
let configProblems: { key: string; diagnostics: Diagnostic[] } | null = null;

function loadConfigFile() {
  fileLayer = {};
  const before = configProblems;
  configProblems = null;
  const loaded = workspaceConfig(folders);
  if (loaded) {
    fileLayer = loaded.config;
    const key = pathToFileURL(loaded.file).href;
    if (loaded.problems.length) {
      configProblems = { key, diagnostics: loaded.problems.map((pr) => configDiagnostic(pr.message, pr.line)) };
      // One pop-up per load, whatever the count: each problem is a diagnostic at its line.
      const what = loaded.problems.length === 1 ? loaded.problems[0].message : `${loaded.problems.length.toLocaleString('en-US')} problems`;
      void connection.window.showWarningMessage(`kube-ha: ${path.basename(loaded.file)}: ${what}; see the Problems panel`);
    }
  }
  if (before && before.key !== configProblems?.key) void connection.sendDiagnostics({ uri: clientUri.get(before.key) ?? before.key, diagnostics: [] });
  if (configProblems || before) publishConfigProblems();
}

function configDiagnostic(message: string, line: number | undefined): Diagnostic {
  const at = { line: Math.max(0, (line ?? 1) - 1), character: 0 };
  return { range: { start: at, end: { line: at.line + 1, character: 0 } }, severity: 2, source: 'kube-ha', code: 'config', message };
}

function publishConfigProblems() {
  if (!configProblems) return;
  const { key, diagnostics } = configProblems;
  void connection.sendDiagnostics({ uri: clientUri.get(key) ?? key, diagnostics });
}

/** The .kube-ha.yaml of the workspace folder holding a file (existing or to be created); null
 *  when the folder's config cannot be edited here (refused: a symlink out, too large). */
function configFileFor(key: string): { uri: string; text: string | null } | null {
  let p: string;
  try { p = fileURLToPath(key); } catch { return null; }
  const folder = folders.filter((f) => p.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0] ?? folders[0];
  if (!folder) return null;
  const loaded = lookupConfig(folder);
  if (loaded) {
    if (loaded.refused) return null; // not read: nothing to edit
    try { return { uri: pathToFileURL(loaded.file).href, text: fs.readFileSync(fs.realpathSync(loaded.file), 'utf8') }; } catch { return null; }
  }
  return { uri: pathToFileURL(path.join(folder, CONFIG_FILE_NAMES[0])).href, text: null };
}

/** A .kube-ha.yaml other than the workspace's says so, as `kube-ha lint` says so on stderr. */
function unappliedConfig(key: string): Diagnostic[] {
  const p = fsPathOfUri(key);
  return p !== null && notApplied(workspaceConfig(folders)?.file ?? null)(p) ? [configDiagnostic(NOT_APPLIED, 1)] : [];
}

function isConfigFile(uri: string): boolean {
  return CONFIG_FILE_NAMES.includes(path.posix.basename(uri));
}

// ---- workspace indexing -------------------------------------------------------------------
/** Files read and parsed at once during the scan: enough to keep every worker busy, few enough
 *  that texts waiting to be indexed stay a small part of memory. */
const SCAN_WINDOW = 64;

async function indexWorkspace() {
  const progress = canProgress ? await connection.window.createWorkDoneProgress() : null;
  progress?.begin('kube-ha: indexing manifests', 0, 'listing files…', false);
  const openPaths = documents.all().flatMap((d) => { try { return [fileURLToPath(keyOf(d.uri))]; } catch { return []; } });
  const plan = await planScan(folders, openPaths, maxWorkspaceFiles, log);
  const notice = capNotice(plan, maxWorkspaceFiles);
  if (notice) { log(notice); void connection.window.showInformationMessage(notice); }
  const of = (k: number) => `${k.toLocaleString('en-US')} of ${plan.files.length.toLocaleString('en-US')} files${plan.left ? ` (${plan.left.toLocaleString('en-US')} left for later)` : ''}`;
  progress?.report(0, of(0));
  let n = 0;
  const started = Date.now();
  // Worker threads read and parse; this thread indexes what they send (plain values and position
  // tables: no yaml nodes, which are most of the memory an index of Documents holds).
  const pool = createParsePool();
  const counted = () => { if (++n % 200 === 0) progress?.report(Math.floor((100 * n) / plan.files.length), of(n)); };
  const indexOne = async (file: FsPath) => {
    const key = fileUriOf(file);
    let parsed: ParseResult | null = null;
    // Workers take string paths; a name that is not valid UTF-8 is read here.
    if (pool && typeof file === 'string') parsed = await pool.parse(file, index.limits.maxBytes).catch(() => null);
    let data: ReadResult | null = null;
    if (!parsed || 'error' in parsed) {
      // No worker, or it could not read or parse the file: here, as without workers (a file gone
      // since it was listed is skipped; anything else is indexed and says what is wrong with it).
      data = await readForIndex(file, index.limits.maxBytes).catch(() => null);
      if (data === null) { counted(); return; } // gone since it was listed
    }
    // Indexing is a scan task: it waits for pending edits and their re-checks. What it changes is
    // re-checked once, by the re-analysis at the end of the scan, not by the next edit.
    await scheduler.run(`scan:${key}`, SCAN, () => {
      counted();
      if (documents.get(clientUri.get(key) ?? key)) return; // open: the editor's text is fresher
      if (data !== null) releaseDocuments(fromBytes(index, key, data));
      else fromParsed(index, key, parsed as Exclude<ParseResult, { error: string }>);
      index.takeChanges();
    });
  };
  await eachLimited(plan.files, SCAN_WINDOW, indexOne);
  void pool?.close();
  progress?.report(100, `${of(n)} indexed`);
  progress?.done();
  log(`indexed ${n} files in ${Date.now() - started} ms${pool ? '' : ' (without parse workers)'}`);
  void rendering.refresh(); // claims the trees' files first: they are never analysed as plain files
  reanalyzeAll();
}

// ---- LSP handlers -------------------------------------------------------------------------
connection.onInitialize(req('initialize', log, (params: InitializeParams) => {
  // Folders that are not files on this machine (a virtual or remote scheme) have nothing to scan.
  const asPath = (uri: string) => { try { return [fileURLToPath(uri)]; } catch { log(`workspace folder ${uri} is not a file path: not scanned`); return []; } };
  folders = (params.workspaceFolders ?? []).flatMap((f) => asPath(f.uri));
  if (folders.length === 0 && params.rootUri) folders = asPath(params.rootUri);
  canProgress = !!params.capabilities.window?.workDoneProgress;
  canPullConfig = !!params.capabilities.workspace?.configuration;
  const init = params.initializationOptions as { settings?: { minReplicas?: number; rules?: Record<string, string>; maxFileSize?: number; timeBudgetMs?: number; maxWorkspaceFiles?: number } } | undefined;
  rendering.initialize(params.initializationOptions);
  if (init?.settings) {
    settingsLayer = readConfig({ minReplicas: init.settings.minReplicas, rules: init.settings.rules ?? {} }, RULE_IDS).config;
    applyLimits(init.settings);
  }
  loadConfigFile();
  recomputeConfig();
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true, // kube-ha: hover and code lens block below
      codeLensProvider: {},
    },
    serverInfo: { name: 'kube-ha' },
  };
}));

connection.onInitialized(() => {
  void (async () => {
    await pullSettings();
    recomputeConfig();
    await indexWorkspace();
  })();
});

connection.onDidChangeConfiguration(note('workspace/didChangeConfiguration', log, () => {
  void (async () => {
    await pullSettings();
    recomputeConfig();
    reanalyzeAll();
    void rendering.refresh();
  })();
}));

documents.onDidOpen((e) => {
  const key = keyOf(e.document.uri);
  clientUri.set(key, e.document.uri);
  markDirty(key);
});
documents.onDidChangeContent((e) => markDirty(keyOf(e.document.uri)));
documents.onDidClose((e) => {
  const key = keyOf(e.document.uri);
  clientUri.delete(key);
  // The file on disk is what the workspace holds once the editor lets go of it.
  const p = fsPathOfUri(key);
  if (p && folders.some((f) => isDiscoverable(p, f))) {
    try { indexFileFromDiskSync(index, key, p); } catch { index.removeFile(key); }
  } else index.removeFile(key);
  markDirty(key);
});

connection.onDidChangeWatchedFiles(note('workspace/didChangeWatchedFiles', log, (e: DidChangeWatchedFilesParams) => {
  for (const ch of e.changes) {
    const key = keyOf(ch.uri);
    rendering.changed(key);
    if (!/\.ya?ml$/i.test(key)) continue; // an extension-less Kustomization: only renders read it
    if (isConfigFile(key)) { loadConfigFile(); recomputeConfig(); reanalyzeAll(); continue; }
    if (documents.get(clientUri.get(key) ?? key)) continue; // the editor's text wins while open
    if (ch.type === FileChangeType.Deleted) {
      index.removeFile(key);
      findingsByFile.delete(key);
      lastSent.delete(key);
      if (published.delete(key)) void connection.sendDiagnostics({ uri: key, diagnostics: [] });
      queueAffected(index.takeChanges(), new Set([key]));
      continue;
    }
    try {
      const p = fsPathOfUri(key);
      if (p === null || !folders.some((f) => isDiscoverable(p, f))) continue; // what the scan (and kube-ha lint) leaves out
      indexFileFromDiskSync(index, key, p);
      markDirty(key);
    } catch (err) {
      log(`cannot read ${key}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
}));

connection.onCodeAction(req('textDocument/codeAction', log, (params: CodeActionParams) => {
  const key = keyOf(params.textDocument.uri);
  // Make sure the findings reflect the latest text before offering edits against it.
  finishJob(key);
  const findings = findingsByFile.get(key) ?? [];
  const lookup = (file: string) => index.getFile(file);
  const only = params.context.only;
  const out: CodeAction[] = [];
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
  if (wants(CodeActionKind.QuickFix)) {
    const diags: Diagnostic[] = params.context.diagnostics.length
      ? params.context.diagnostics
      : findingsIn(findings, params.range).map(toDiagnostic);
    out.push(...quickFixes(findings, diags, lookup).map((a) => ({ ...a, edit: remapUris(a.edit) })));
    const source = index.getFile(key);
    if (source) out.push(...suppressionActions(findings, diags, source, clientUri.get(key) ?? key, configFileFor(key)));
  }
  if (wants(FIX_ALL_KIND)) {
    const source = index.getFile(key);
    if (source) {
      // Fix-all re-analyses drafts of this file in the real index, then puts the text back.
      const original = source.text;
      let fixed: string | null;
      try {
        fixed = fixAllText(original, (text) => analyzeSource(index, index.setFile(key, text), config), key);
      } finally {
        index.setFile(key, original);
        index.takeChanges(); // drafts changed nothing for other files
      }
      if (fixed !== null) {
        const e = minimalEdit(original, fixed);
        const edit = toWorkspaceEdit([{ file: key, ...e }], lookup);
        out.push({ title: 'Fix all kube-ha problems in this file (safe fixes)', kind: FIX_ALL_KIND, edit: remapUris(edit) });
      }
    }
  }
  return out;
}));

/** Edits name files by index key; send them with the URI the client knows. */
function remapUris<T extends { changes?: Record<string, unknown> }>(edit: T | undefined): T | undefined {
  if (!edit?.changes) return edit;
  const changes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(edit.changes)) changes[clientUri.get(k) ?? k] = v;
  return { ...edit, changes };
}

connection.onRequest(FIND_MANIFEST, req(FIND_MANIFEST, log, (p: FindManifestParams): FindManifestResult => {
  return index.objects()
    .filter((o) => o.kind === p.kind && o.name === p.name && o.namespace === p.namespace)
    .map((o) => {
      const d = o.source.docs[o.docIndex];
      return { uri: clientUri.get(o.file) ?? o.file, range: rangeAt(o.source.lineCounter, d.start, d.start) };
    });
}));

// ---- hover and code lens (issue 5): pure modules over the published findings and the index ----
import { hoverAt } from './hover';
import { codeLenses } from './code-lens';

connection.onHover(req('textDocument/hover', log, (params: HoverParams) => {
  const key = keyOf(params.textDocument.uri);
  finishJob(key); // answer for the latest text
  return hoverAt(findingsByFile.get(key) ?? [], params.position);
}));

connection.onCodeLens(req('textDocument/codeLens', log, (params: CodeLensParams) => {
  const key = keyOf(params.textDocument.uri);
  finishJob(key);
  const source = index.getFile(key);
  return source ? codeLenses(index, source, findingsByFile.get(key) ?? []) : [];
}));
// ---- end of hover and code lens ----

// ---- rendered sources (issue 14): Kustomize roots and Helm charts, rendered in this process ----
const rendering: EditorRendering = editorRendering({
  connection,
  index,
  folders: () => folders,
  config: () => config,
  openText: (key) => documents.get(clientUri.get(key) ?? key)?.getText() ?? null,
  canProgress: () => canProgress,
  publish: (key) => publishFindings(key, [], false),
  reindex: (key) => {
    const doc = documents.get(clientUri.get(key) ?? key);
    if (doc) index.setFile(key, doc.getText());
    else { try { indexFileFromDiskSync(index, key, fileURLToPath(key)); } catch { return; } }
    markDirty(key);
  },
  affected: () => { queueAffected(index.takeChanges(), new Set()); },
  log,
});
// ---- end of rendered sources ----

documents.listen(guardedDocumentSync(connection, log));
// Beside the connection's own reader, attached in the same tick (no data is emitted before).
if (process.argv.includes('--stdio')) {
  watchMessageSizes(process.stdin, MAX_MESSAGE_BYTES, (n) => {
    process.stderr.write(`kube-ha: an LSP message of ${n} bytes is over the limit of ${MAX_MESSAGE_BYTES} bytes: exiting\n`);
    process.exit(1);
  });
}
connection.listen();
