// The YAML manifests under a folder, for tests and the benchmark: Node's recursive readdir and one
// filter, so every caller sees the same set (the server and the CLI have their own discovery).
import * as fs from 'fs';
import * as path from 'path';

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** Every *.yaml / *.yml file under `dir`, sorted; not kube-ha's own config files, nothing under
 *  node_modules or .git; none when `dir` does not exist. */
export function yamlFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name) && !e.name.startsWith('.kube-ha'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter(
      (p) =>
        !path
          .relative(dir, p)
          .split(path.sep)
          .some((s) => SKIPPED_DIRS.has(s)),
    )
    .sort();
}
