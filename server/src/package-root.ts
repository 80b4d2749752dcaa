// Where the installed package lives (dist/ when bundled, out/... when compiled for tests), so the
// server and the CLI can link to the bundled rule docs.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

let root: string | null = null;

export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const pj = path.join(dir, 'package.json');
    try {
      if (JSON.parse(fs.readFileSync(pj, 'utf8')).name === 'kube-ha') return (root = dir);
    } catch {
      /* keep walking up */
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return (root = path.resolve(__dirname, '..'));
}

const docUris = new Map<string, string>();

/** A link to a rule's doc page, as shipped in the package (works offline). Cached: every
 *  diagnostic carries one, and pathToFileURL is not cheap. */
export function ruleDocUri(id: string): string {
  let uri = docUris.get(id);
  if (uri === undefined)
    docUris.set(id, (uri = pathToFileURL(path.join(packageRoot(), 'docs', 'rules', `${id}.md`)).href));
  return uri;
}

export function packageVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;
  } catch {
    return '0.0.0';
  }
}
