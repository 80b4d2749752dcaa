// Finding the YAML files of a workspace folder, without following symlinks out of it.
import * as fs from 'fs';
import * as path from 'path';

const SKIP_DIRS = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'out']);
// Manifests: YAML, and JSON (rules.md, Files); a JSON file that is no Kubernetes object stays quiet.
const YAML = /\.(ya?ml|json)$/i;
const CONFIG_NAMES = new Set(['.kube-ha.yaml', '.kube-ha.yml']);

export async function* yamlFiles(root: string): AsyncGenerator<string> {
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable directory: nothing to index there
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) { if (!SKIP_DIRS.has(e.name)) stack.push(p); }
      else if (e.isFile() && YAML.test(e.name) && !CONFIG_NAMES.has(e.name)) yield p;
    }
  }
}

/** What the workspace scan indexes: at most `cap` files, those in the folders of open files first. */
export interface ScanPlan { files: string[]; total: number; left: number }

export async function planScan(folders: string[], openFiles: string[], cap: number): Promise<ScanPlan> {
  const near = [...new Set(openFiles.map((f) => path.dirname(f) + path.sep))];
  const isNear = (p: string) => near.some((d) => p.startsWith(d));
  // Listing beyond the cap keeps only what is near an open file: memory stays bounded by the cap.
  const first: string[] = [];
  const rest: string[] = [];
  let total = 0;
  for (const folder of folders) {
    for await (const p of yamlFiles(folder)) {
      total++;
      if (isNear(p)) first.push(p);
      else if (rest.length < cap) rest.push(p);
    }
  }
  const files = first.length >= cap ? first.slice(0, cap) : first.concat(rest.slice(0, cap - first.length));
  return { files, total, left: total - files.length };
}

/** The one-line notice of what a capped scan left for later (null: nothing was left). */
export function capNotice(plan: ScanPlan, cap: number): string | null {
  if (plan.left <= 0) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  return `kube-ha: this workspace has ${n(plan.total)} manifest files, more than kubeHa.maxWorkspaceFiles (${n(cap)}): ` +
    `indexed ${n(plan.files.length)}, those in the folders of open files first; ${n(plan.left)} left for later ` +
    '(each is analysed when opened; raise the setting to index them all).';
}
