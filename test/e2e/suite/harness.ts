// Helpers shared by the e2e scenarios: waiting on VS Code events with timeouts (never fixed
// sleeps) and the screenshot hand-shake with the driver.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

/** Env var naming the JSON results file the driver waits for. */
export const RESULTS_ENV = 'KUBE_HA_E2E_RESULTS';
/** Env var naming the directory where checkpoints (screenshot requests) are exchanged with the driver. */
export const CHECKPOINT_ENV = 'KUBE_HA_E2E_CHECKPOINTS';

export const EXTENSION_ID = 'kube-ha.kube-ha';

export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** Resolves when `fn` returns a value other than undefined, re-checking on each event; rejects after `timeoutMs`. */
export function waitForEvent<T, E>(
  event: vscode.Event<E>,
  fn: () => T | undefined,
  timeoutMs: number,
  describe: () => string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (err: Error | undefined, value?: T) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sub.dispose();
      if (err) reject(err);
      else resolve(value as T);
    };
    const check = () => {
      try {
        const v = fn();
        if (v !== undefined) finish(undefined, v);
      } catch (e) {
        finish(e instanceof Error ? e : new Error(String(e)));
      }
    };
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms: ${describe()}`)), timeoutMs);
    const sub = event(() => check());
    check(); // the condition may already hold
  });
}

/** Waits until the diagnostics of `uri` satisfy `pick` (which returns the matching subset or undefined). */
export function waitForDiagnostics<T>(
  uri: vscode.Uri,
  pick: (diags: readonly vscode.Diagnostic[]) => T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  return waitForEvent(
    vscode.languages.onDidChangeDiagnostics,
    () => pick(vscode.languages.getDiagnostics(uri)),
    timeoutMs,
    () => {
      const seen = vscode.languages
        .getDiagnostics(uri)
        .map((d) => `${d.source}/${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`);
      return `diagnostics of ${vscode.workspace.asRelativePath(uri)} never matched; last seen [${seen.join(', ')}]`;
    },
  );
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  if (typeof c === 'object') return String(c.value);
  return String(c);
}

let checkpointSeq = 0;

/**
 * Asks the driver to take a screenshot named `name` and waits until it has (or 20 s pass).
 * `waitForRow`: the driver first waits (15 s) until a row of a side bar list or tree (at tree depth
 * `rowLevel`, when given) shows this text, and the checkpoint throws when none does — what the
 * extension reported is also what a person sees. `waitForNoRow`: likewise, until no row shows it.
 * A no-op when no driver listens (e.g. under @vscode/test-electron).
 */
export async function checkpoint(
  name: string,
  timeoutMs = 20_000,
  opts: { problems?: boolean; waitForRow?: string; rowLevel?: number; waitForNoRow?: string } = {},
): Promise<void> {
  const dir = process.env[CHECKPOINT_ENV];
  if (!dir) return;
  // Show the Problems panel so the screenshot shows what the scenario produced (unless told not to).
  if (opts.problems !== false)
    await vscode.commands.executeCommand('workbench.actions.view.problems').then(undefined, () => undefined);
  const base = `${String(++checkpointSeq).padStart(2, '0')}-${name}`;
  const request = path.join(dir, `${base}.request`);
  const done = path.join(dir, `${base}.done`);
  const waits = Boolean(opts.waitForRow || opts.waitForNoRow);
  if (waits) timeoutMs = Math.max(timeoutMs, 45_000); // the driver waits up to 15 s per text, then screenshots
  fs.writeFileSync(
    request,
    JSON.stringify({
      name: base,
      at: Date.now(),
      waitForRow: opts.waitForRow,
      rowLevel: opts.rowLevel,
      waitForNoRow: opts.waitForNoRow,
    }),
  );
  await new Promise<void>((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      clearInterval(poll);
      watcher?.close();
      resolve();
    };
    const timer = setTimeout(() => {
      console.warn(`[kube-ha e2e] driver did not take screenshot ${base} within ${timeoutMs} ms`);
      finish();
    }, timeoutMs);
    let watcher: fs.FSWatcher | undefined;
    try {
      watcher = fs.watch(dir, () => {
        if (fs.existsSync(done)) finish();
      });
    } catch {
      watcher = undefined;
    }
    // fs.watch can miss events on some file systems; a slow poll backs it up.
    const poll = setInterval(() => {
      if (fs.existsSync(done)) finish();
    }, 250);
    if (fs.existsSync(done)) finish();
  });
  if (waits && !fs.existsSync(done))
    throw new Error(`the driver did not answer checkpoint ${base} within ${timeoutMs} ms`);
  if (waits) {
    let answer: { ok?: boolean; error?: string } = {};
    try {
      answer = JSON.parse(fs.readFileSync(done, 'utf8') || '{}') as typeof answer;
    } catch {
      answer = {};
    }
    if (answer.ok === false)
      throw new Error(answer.error ?? 'the workbench did not show what the checkpoint waited for');
  }
}

/** The workspace folder the driver opened (a temp copy of examples/). */
export function workspaceRoot(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('no workspace folder is open (the driver opens a copy of examples/)');
  return f.uri;
}

export interface ExampleDoc {
  startLine: number; // inclusive, 0-based
  endLine: number; // exclusive
  expect: Set<string>;
}

export interface Example {
  file: string; // relative to the workspace
  docs: ExampleDoc[];
  expect: Set<string>;
}

const EXPECT_MARKER = /^#\s*expect:\s*([a-z0-9-]+)\s*$/;

export function parseExample(file: string, text: string): Example {
  const lines = text.split(/\r?\n/);
  const docs: ExampleDoc[] = [];
  let cur: ExampleDoc = { startLine: 0, endLine: lines.length, expect: new Set() };
  lines.forEach((line, i) => {
    if (/^---\s*$/.test(line)) {
      cur.endLine = i;
      docs.push(cur);
      cur = { startLine: i + 1, endLine: lines.length, expect: new Set() };
    }
    const m = EXPECT_MARKER.exec(line);
    if (m) cur.expect.add(m[1]);
  });
  docs.push(cur);
  const expect = new Set(docs.flatMap((d) => [...d.expect]));
  return { file, docs, expect };
}

/** The examples with markers, read when mocha loads this file (the workspace is local to the extension host). */
export function loadExamples(): Example[] {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return [];
  const root = folder.uri.fsPath;
  const only = process.env.KUBE_HA_E2E_EXAMPLE;
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f) && !f.includes('node_modules') && (!only || f === only))
    .sort()
    .map((f) => parseExample(f, fs.readFileSync(path.join(root, f), 'utf8')))
    .filter((e) => e.expect.size > 0);
}
