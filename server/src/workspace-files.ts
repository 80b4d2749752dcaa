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
