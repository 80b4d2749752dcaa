// Finding the Kustomize trees and Helm charts among the files an analysis sees, and the files
// that belong to them (never analysed as plain manifests). Reads the disk; used by the CLI and
// the server alike.
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { buildGraph, KUSTOMIZATION_NAMES, parseKustomization, type Graph, type Kustomization } from './graph';

export interface Chart {
  dir: string;
  file: string;
  /** Chart.yaml's value (name, dependencies), null when it does not parse. */
  meta: any;
}

export interface Discovery {
  graph: Graph;
  charts: Chart[];
  /** Files of the analysis that belong to a tree or a chart: not analysed as plain files. */
  claimed: Set<string>;
}

/** How many kustomization folders are followed out of the analysed files (a cycle or a huge tree stops here). */
const MAX_KUSTOMIZATIONS = 2000;

function kustomizationIn(dir: string): string | null {
  for (const n of KUSTOMIZATION_NAMES) {
    const p = path.join(dir, n);
    try {
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* next */
    }
  }
  return null;
}

/** Is `file` inside `dir` (or dir itself)? */
export function isUnder(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir + path.sep);
}

/**
 * Kustomizations and charts among absolute `files` (and their folders: an extension-less
 * `Kustomization` is not a YAML file the walk collects), following every local resource and
 * component folder they name, inside the analysis or not.
 */
export function discover(files: readonly string[]): Discovery {
  const ks = new Map<string, Kustomization>();
  const queue: string[] = [];
  const dirs = new Set(files.map((f) => path.dirname(f)));
  for (const d of dirs) queue.push(d);
  while (queue.length && ks.size < MAX_KUSTOMIZATIONS) {
    const dir = queue.shift()!;
    if (ks.has(dir)) continue;
    const file = kustomizationIn(dir);
    if (!file) continue;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const k = parseKustomization(file, text);
    // Not one YAML map (several documents, a syntax error): not a kustomization kube-ha can read;
    // the file stays a plain file (its problems are reported as such) and Kustomize is not run.
    if (k.error) continue;
    ks.set(dir, k);
    for (const r of [...k.resources, ...k.components]) if (!ks.has(r) && isDir(r)) queue.push(r);
  }
  const graph = buildGraph(ks);
  const charts: Chart[] = [];
  for (const f of files) {
    if (path.basename(f) !== 'Chart.yaml') continue;
    let text: string;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    } // gone
    let meta: any = null;
    try {
      meta = parse(text);
    } catch {
      /* reported when rendering */
    }
    charts.push({ dir: path.dirname(f), file: f, meta });
  }
  // A chart under another chart's charts/ is a subchart: rendered with its parent.
  const topCharts = charts.filter((c) => !charts.some((o) => o !== c && isUnder(c.dir, path.join(o.dir, 'charts'))));
  const claimed = new Set<string>();
  for (const f of files) {
    if (graph.used.has(f) || graph.fragments.has(f) || charts.some((c) => isUnder(f, c.dir))) claimed.add(f);
  }
  return { graph, charts: topCharts.sort((a, b) => a.dir.localeCompare(b.dir)), claimed };
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
