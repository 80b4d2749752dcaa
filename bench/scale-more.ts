// (6) Scale, the rows issue 19 added last: keystrokes in a 10,000-line file of ~1,000 findings
// against yaml-language-server (CPU of every process and thread each server runs), a workspace
// of 10,000 files in 10 namespaces, and a Kustomize tree of 10 overlays over one shared base.
import * as fs from 'fs';
import * as path from 'path';
import { generateBig } from './big-workspace';
import type { KeystrokeFile } from './generate';
import { keystroke, type KeystrokeResult, type ServerCommands } from './keystroke';
import { fileUri, insertAt, startServer } from '../test/lsp/client';
import { cpuTreeMs, settled } from './proc';
import { triplet } from './scale';
import { hr, progress } from './stats';
import { workspaceScale, type WorkspaceResult } from './workspace';
import { WORKSPACE_TRUSTED } from '../common/src/protocol';

/** Triplets (5 findings each) until the file has `minLines` lines; the edit point is the end of
 *  the middle Deployment's `version:` label value, which no selector reads. */
export function manyFindingsFile(file: string, minLines: number): KeystrokeFile {
  const parts: string[] = [];
  let lines = 0;
  for (let i = 0; lines < minLines; i++) {
    const t = triplet(i, `ns-${i % 10}`);
    parts.push(t);
    lines += t.split('\n').length - 1;
  }
  const text = parts.join('');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const mid = Math.floor(parts.length / 2);
  const marker = `  name: app-${mid}\n  namespace: ns-${mid % 10}\n  labels:\n    app: app-${mid}\n    version: v${mid % 7}`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error('scale: edit point of the 10k-line file not found');
  const before = text.slice(0, at + marker.length);
  return {
    file,
    lines,
    docs: parts.length * 3,
    edit: { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 },
  };
}

export function keystrokeManyFindings(
  dir: string,
  cmds: ServerCommands,
  o: { edits: number; warmup: number; cwd: string },
): Promise<KeystrokeResult & { findings: number }> {
  const f = manyFindingsFile(path.join(dir, 'many-findings-10k.yaml'), 10_000);
  return keystroke('10k-many', f, cmds, { ...o, cpu: cpuTreeMs }).then((r) => ({
    ...r,
    findings: r.kubeHa.diagnosticsOnOpen,
  }));
}

/** 10,000 files in 10 namespaces (the big-workspace generator: one Deployment with findings a file). */
export function workspaceTenNamespaces(dir: string, command: string[], cwd: string): Promise<WorkspaceResult> {
  const files = generateBig(path.join(dir, 'ws-10000-10ns'), 10_000, 10);
  return workspaceScale({
    command,
    folder: path.dirname(path.dirname(files[0])),
    files: files.length,
    expectedFiles: files,
    cwd,
    timeoutMs: 300_000,
  });
}

const APPS = 10;

/** A Kustomize tree: base/ of APPS Deployment+Service+PDB triplets, overlays o0…o9 each setting
 *  a namespace and patching app-0 (replicas and a label). */
export function generateKustomizeTree(dir: string, roots: number): { dir: string; base: string; patch: string } {
  fs.rmSync(dir, { recursive: true, force: true });
  const base = path.join(dir, 'base');
  fs.mkdirSync(base, { recursive: true });
  const res: string[] = [];
  for (let i = 0; i < APPS; i++) {
    fs.writeFileSync(path.join(base, `app-${i}.yaml`), triplet(i, 'default').replace(/^---\n/, ''));
    res.push(`- app-${i}.yaml`);
  }
  fs.writeFileSync(path.join(base, 'kustomization.yaml'), `resources:\n${res.join('\n')}\n`);
  for (let r = 0; r < roots; r++) {
    const o = path.join(dir, 'overlays', `o${r}`);
    fs.mkdirSync(o, { recursive: true });
    fs.writeFileSync(
      path.join(o, 'kustomization.yaml'),
      `resources:\n- ../../base\nnamespace: env-${r}\npatches:\n- path: patch.yaml\n`,
    );
    fs.writeFileSync(
      path.join(o, 'patch.yaml'),
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-0\n  labels:\n    overlay: o${r}\nspec:\n  replicas: ${2 + (r % 3)}\n`,
    );
  }
  return { dir, base: path.join(base, 'app-0.yaml'), patch: path.join(dir, 'overlays', 'o3', 'patch.yaml') };
}

export interface KustomizeResult {
  roots: number;
  firstMs: number;
  patch: number[];
  base: number[];
  patchCpu: number;
  baseCpu: number;
}

/**
 * The server on the tree, trusted: spawn → first diagnostics of the base's file; then single
 * characters typed at the end of a label value of one overlay's patch, then of the base's
 * Deployment: each edit → the end of the re-render's progress, which follows its publishes (debounce included).
 * CPU per edit counts the server and the renderers it runs.
 */
export async function kustomizeTree(
  dir: string,
  roots: number,
  command: string[],
  o: { edits: number; cwd: string },
): Promise<KustomizeResult> {
  const t = generateKustomizeTree(path.join(dir, `kustomize-${roots}`), roots);
  const t0 = hr();
  const s = await startServer({ name: 'kube-ha', command, folders: [t.dir], cwd: o.cwd });
  try {
    const first = s.nextPublish(fileUri(t.base), (p) => p.diagnostics.length > 0, 120_000);
    void s.conn.sendNotification(WORKSPACE_TRUSTED);
    const firstMs = (await first).at - t0;
    await settled(s.pid, { maxMs: 30_000 });
    const typeAt = async (file: string, after: string): Promise<{ lat: number[]; cpu: number }> => {
      const text = fs.readFileSync(file, 'utf8');
      const uri = fileUri(file);
      // Opening a claimed file publishes its rendered findings (or nothing new): wait until the server is idle.
      s.open(uri, text, 1);
      await settled(s.pid, { maxMs: 30_000 });
      const at = text.indexOf(after) + after.length;
      const before = text.slice(0, at);
      const line = before.split('\n').length - 1;
      let col = before.length - before.lastIndexOf('\n') - 1;
      const lat: number[] = [];
      const cpu0 = cpuTreeMs(s.pid);
      for (let k = 0; k < o.edits; k++) {
        // A run publishes its files, then ends its progress: the end is when the edit's diagnostics are out.
        const e0 = hr();
        const end = s.nextEvent((e) => e.kind === 'progress' && e.value.kind === 'end', 60_000);
        s.change(uri, k + 2, [insertAt(line, col++, 'x')]);
        const ended = await end.catch(() => {
          throw new Error(`kustomize: no re-render ended within 60 s of an edit of ${file}\n${s.stderr()}`);
        });
        lat.push(ended.at - e0);
        await settled(s.pid, { maxMs: 30_000 });
      }
      return { lat, cpu: (cpuTreeMs(s.pid) - cpu0) / o.edits };
    };
    const patch = await typeAt(t.patch, 'overlay: o3');
    progress(`  kustomize: ${o.edits} edits of an overlay's patch done`);
    const base = await typeAt(t.base, 'version: v0');
    return { roots, firstMs, patch: patch.lat, base: base.lat, patchCpu: patch.cpu, baseCpu: base.cpu };
  } finally {
    await s.stop();
  }
}
