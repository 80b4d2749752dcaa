// The workspace scan's files (files/discovery.ts: the walk `kube-ha lint` makes too) and the
// file URIs of paths. Names are bytes: a name that is not valid UTF-8 is found (as a Buffer path)
// and given a file URI of its bytes, not skipped.
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { isValidUtf8, escapeName } from './utf8-bytes';
import type { FsPath } from './read-file';
import { discover, firstByRealPath, skipMessage } from './files/discovery';
import { NOT_APPLIED, notApplied, workspaceConfig } from './files/config';

/** Each manifest of the folders once (by real path); what is left out, and each .kube-ha.yaml
 *  that does not apply, go to `say`. */
export async function* workspaceManifests(
  folders: readonly string[],
  say: (msg: string) => void = () => undefined,
): AsyncGenerator<FsPath> {
  const show = (p: FsPath) => escapeName(typeof p === 'string' ? Buffer.from(p) : p);
  const applied = workspaceConfig(folders)?.file ?? null;
  const unapplied = notApplied(applied);
  const first = folders.length > 1 ? firstByRealPath() : () => true;
  for (const folder of folders) {
    const found = discover(folder, {
      skipped: (s) => say(skipMessage(s, show)),
      config: (p) => {
        if (unapplied(p)) say(`${show(p)}: ${NOT_APPLIED}`);
      },
    });
    for await (const f of found) if (first(f)) yield f.path;
  }
}

/** The file URI of a path; for a name that is not valid UTF-8, of its bytes (percent-encoded). */
export function fileUriOf(p: FsPath): string {
  if (typeof p === 'string') return pathToFileURL(p).href;
  let out = 'file://';
  for (const b of p)
    out +=
      /[A-Za-z0-9\-._~/!$&'()*+,;=:@]/.test(String.fromCharCode(b)) && b < 0x80
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/** The path of a file URI (a Buffer when its bytes are not valid UTF-8), or null for other URIs. */
export function fsPathOfUri(uri: string): FsPath | null {
  if (!uri.startsWith('file:')) return null;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.host !== '') {
    try {
      return fileURLToPath(uri);
    } catch {
      return null;
    }
  }
  const bytes = Buffer.from(
    url.pathname.replace(/%([0-9a-fA-F]{2})|[^%]+/g, (m, hex: string | undefined) =>
      hex ? String.fromCharCode(parseInt(hex, 16)) : Buffer.from(m, 'utf8').toString('latin1'),
    ),
    'latin1',
  );
  if (isValidUtf8(bytes)) {
    try {
      return fileURLToPath(uri);
    } catch {
      return null;
    }
  }
  return bytes;
}

/** What the workspace scan indexes: at most `cap` files, those in the folders of open files first. */
export interface ScanPlan {
  files: FsPath[];
  total: number;
  left: number;
}

export async function planScan(
  folders: string[],
  openFiles: string[],
  cap: number,
  skipped?: (msg: string) => void,
): Promise<ScanPlan> {
  const near = [...new Set(openFiles.map((f) => path.dirname(f) + path.sep))];
  // A name that is not valid UTF-8 is compared by its UTF-8 reading: its folders' part is exact.
  const isNear = (p: FsPath) => {
    const s = typeof p === 'string' ? p : p.toString('utf8');
    return near.some((d) => s.startsWith(d));
  };
  // Listing beyond the cap keeps only what is near an open file: memory stays bounded by the cap.
  const first: FsPath[] = [];
  const rest: FsPath[] = [];
  let total = 0;
  for await (const p of workspaceManifests(folders, skipped)) {
    total++;
    if (isNear(p)) first.push(p);
    else if (rest.length < cap) rest.push(p);
  }
  const files = first.length >= cap ? first.slice(0, cap) : first.concat(rest.slice(0, cap - first.length));
  return { files, total, left: total - files.length };
}

/** The one-line notice of what a capped scan left for later (null: nothing was left). */
export function capNotice(plan: ScanPlan, cap: number): string | null {
  if (plan.left <= 0) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `kube-ha: this workspace has ${n(plan.total)} manifest files, more than kubeHa.maxWorkspaceFiles (${n(cap)}): ` +
    `indexed ${n(plan.files.length)}, those in the folders of open files first; ${n(plan.left)} left for later ` +
    '(each is analysed when opened; raise the setting to index them all).'
  );
}
