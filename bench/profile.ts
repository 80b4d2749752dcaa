// Summarises a V8 .cpuprofile: self time per function, mapped through the bundle's source map to
// the TypeScript (or node_modules) source it came from.
import * as fs from 'fs';
import * as path from 'path';
import { SourceMap } from 'module';
import { fileURLToPath } from 'url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  fn: string;
  where: string;
  selfMs: number;
  pct: number;
}

/** node_modules/<pkg>, a source file of ours, or the V8 pseudo-frame. */
function areaOf(h: HotSpot): string {
  if (h.where === '(native)') return h.fn.startsWith('(') ? h.fn : '(native)';
  const file = h.where.replace(/:\d+$/, '');
  const nm = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (nm) return `${nm[1]} (package)`;
  if (file.startsWith('node:')) return 'node internals';
  return file;
}

export function summarise(
  profileFile: string,
  repoRoot: string,
  top: number,
): { totalMs: number; rows: HotSpot[]; areas: HotSpot[] } {
  const prof = JSON.parse(fs.readFileSync(profileFile, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
  }
  const maps = new Map<string, SourceMap | null>();
  const mapFor = (url: string): SourceMap | null => {
    if (maps.has(url)) return maps.get(url)!;
    let sm: SourceMap | null = null;
    try {
      const file = url.startsWith('file:') ? fileURLToPath(url) : url;
      const mapFile = file + '.map';
      if (fs.existsSync(mapFile)) sm = new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8')));
    } catch {
      sm = null;
    }
    maps.set(url, sm);
    return sm;
  };
  const agg = new Map<string, HotSpot>();
  let total = 0;
  let idle = 0;
  for (const [id, t] of self) {
    const cf = byId.get(id)!.callFrame;
    total += t;
    if (cf.functionName === '(idle)' || cf.functionName === '(program)') {
      if (cf.functionName === '(idle)') idle += t;
    }
    let where = cf.url ? `${cf.url}:${cf.lineNumber + 1}` : '(native)';
    const sm = cf.url ? mapFor(cf.url) : null;
    if (sm) {
      const e = sm.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string; originalLine?: number };
      if (e?.originalSource) {
        let src = e.originalSource;
        try {
          if (src.startsWith('file:')) src = fileURLToPath(src);
        } catch {
          /* keep */
        }
        src = path.isAbsolute(src) ? path.relative(repoRoot, src) : src.replace(/^(\.\.\/)+/, '');
        where = `${src}:${(e.originalLine ?? 0) + 1}`;
      }
    } else if (cf.url) {
      let u = cf.url;
      try {
        if (u.startsWith('file:')) u = fileURLToPath(u);
      } catch {
        /* keep */
      }
      where = `${path.isAbsolute(u) ? path.relative(repoRoot, u) : u}:${cf.lineNumber + 1}`;
    }
    const fn = cf.functionName || '(anonymous)';
    const key = `${fn}@${where}`;
    const a = agg.get(key) ?? { fn, where, selfMs: 0, pct: 0 };
    a.selfMs += t;
    agg.set(key, a);
  }
  const busy = total - idle;
  const all = [...agg.values()].filter((r) => r.fn !== '(idle)');
  const rows = [...all].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
  for (const r of rows) r.pct = (100 * r.selfMs) / busy;
  const byArea = new Map<string, HotSpot>();
  for (const r of all) {
    const k = areaOf(r);
    const a = byArea.get(k) ?? { fn: '', where: k, selfMs: 0, pct: 0 };
    a.selfMs += r.selfMs;
    byArea.set(k, a);
  }
  const areas = [...byArea.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, 10);
  for (const a of areas) a.pct = (100 * a.selfMs) / busy;
  return { totalMs: busy, rows, areas };
}
