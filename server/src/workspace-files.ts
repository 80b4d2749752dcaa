// Finding the YAML files of a workspace folder, without following symlinks out of it. Names are
// bytes: a name that is not valid UTF-8 is found (as a Buffer path) and given a file URI of its
// bytes, not skipped; what is not a regular file is left out, and said so.
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { isValidUtf8, escapeName } from './utf8-bytes';
import type { FsPath } from './read-file';

const SKIP_DIRS = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'out']);
// Manifests: YAML, and JSON (rules.md, Files); a JSON file that is no Kubernetes object stays quiet.
const YAML = /\.(ya?ml|json)$/i;
const CONFIG_NAMES = new Set(['.kube-ha.yaml', '.kube-ha.yml']);

const asFsPath = (b: Buffer): FsPath => (isValidUtf8(b) ? b.toString('utf8') : b);

export async function* yamlFiles(root: string, skipped: (msg: string) => void = () => undefined): AsyncGenerator<FsPath> {
  const stack: Buffer[] = [Buffer.from(root)];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: fs.Dirent<Buffer>[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch {
      continue; // unreadable directory: nothing to index there
    }
    for (const e of entries) {
      const p = Buffer.concat([dir, Buffer.from(path.sep), e.name]);
      const name = e.name.toString('latin1'); // the ASCII tests below see the bytes
      if (e.isDirectory()) { if (!SKIP_DIRS.has(name)) stack.push(p); continue; }
      if (!YAML.test(name) || CONFIG_NAMES.has(name)) continue;
      if (e.isFile()) yield asFsPath(p);
      else if (!e.isSymbolicLink()) skipped(`${escapeName(p)}: skipped, not a regular file`);
    }
  }
}

/** The file URI of a path; for a name that is not valid UTF-8, of its bytes (percent-encoded). */
export function fileUriOf(p: FsPath): string {
  if (typeof p === 'string') return pathToFileURL(p).href;
  let out = 'file://';
  for (const b of p) out += /[A-Za-z0-9\-._~/!$&'()*+,;=:@]/.test(String.fromCharCode(b)) && b < 0x80 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/** The path of a file URI (a Buffer when its bytes are not valid UTF-8), or null for other URIs. */
export function fsPathOfUri(uri: string): FsPath | null {
  if (!uri.startsWith('file:')) return null;
  let url: URL;
  try { url = new URL(uri); } catch { return null; }
  if (url.host !== '') {
    try { return fileURLToPath(uri); } catch { return null; }
  }
  const bytes = Buffer.from(url.pathname.replace(/%([0-9a-fA-F]{2})|[^%]+/g, (m, hex: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : Buffer.from(m, 'utf8').toString('latin1'))), 'latin1');
  if (isValidUtf8(bytes)) { try { return fileURLToPath(uri); } catch { return null; } }
  return bytes;
}

/** What the workspace scan indexes: at most `cap` files, those in the folders of open files first. */
export interface ScanPlan { files: FsPath[]; total: number; left: number }

export async function planScan(folders: string[], openFiles: string[], cap: number, skipped?: (msg: string) => void): Promise<ScanPlan> {
  const near = [...new Set(openFiles.map((f) => path.dirname(f) + path.sep))];
  // A name that is not valid UTF-8 is compared by its UTF-8 reading: its folders' part is exact.
  const isNear = (p: FsPath) => { const s = typeof p === 'string' ? p : p.toString('utf8'); return near.some((d) => s.startsWith(d)); };
  // Listing beyond the cap keeps only what is near an open file: memory stays bounded by the cap.
  const first: FsPath[] = [];
  const rest: FsPath[] = [];
  let total = 0;
  for (const folder of folders) {
    for await (const p of yamlFiles(folder, skipped)) {
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
