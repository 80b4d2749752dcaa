// (1) Keystroke → diagnostics over LSP on stdio, kube-ha and yaml-language-server side by side.
import * as fs from 'fs';
import { startServer, fileUri, type LspSession, insertAt } from '../test/lsp/client';
import { cpuMs, memory, settled } from './proc';
import { hr, progress } from './stats';
import type { KeystrokeFile } from './generate';

export interface SideResult {
  latencies: number[];
  /** Mean server CPU (utime+stime) per edit over the measured edits, ms. */
  cpuPerEdit: number;
  /** Publishes seen during the measured edits (to show coalescing/extra publishes). */
  publishes: number;
  rss: number;
  hwm: number;
  diagnosticsOnOpen: number;
  /** After each measured publish: how long the server took to go idle (see settled()), ms. */
  settleMs: number[];
  /** Measured edits after which it was still busy when the wait gave up. */
  settleTimeouts: number;
}

export interface KeystrokeResult {
  label: string;
  lines: number;
  docs: number;
  edits: number;
  kubeHa: SideResult;
  yamlLs: SideResult;
  /** kube-ha's latencies when each edit goes to both servers at once, as an editor running both
   *  extensions sends it (only when asked for: `concurrentEdits`). */
  concurrent?: number[];
}

export const YAML_LS_SETTINGS = {
  validate: true,
  hover: false,
  completion: false,
  format: { enable: false },
  schemaStore: { enable: false },
  kubernetesCRDStore: { enable: false },
  schemas: {},
};

export interface ServerCommands {
  kubeHa: string[];
  yamlLs: string[];
}

async function startBoth(cmds: ServerCommands, cwd: string): Promise<[LspSession, LspSession]> {
  const kubeHa = await startServer({ name: 'kube-ha', command: cmds.kubeHa, cwd });
  const yamlLs = await startServer({
    name: 'yaml-language-server',
    command: cmds.yamlLs,
    cwd,
    settings: (section) => (section === 'yaml' ? YAML_LS_SETTINGS : null),
    didChangeConfiguration: { yaml: YAML_LS_SETTINGS },
  });
  return [kubeHa, yamlLs];
}

const TYPED = 'release-candidate-for-the-spring-sale-';

/**
 * Runs `warmup + edits` single-character edits alternately on both servers. After each publish
 * the bench waits until that server has gone idle before the next edit (to either server): a
 * server goes on working after it answers (yaml-language-server's collector runs 50–100 ms on
 * helper threads after its publish), and on 2 cores an edit sent meanwhile measures the two
 * servers competing for the cores, not the edited one's latency.
 */
export async function keystroke(
  label: string,
  f: KeystrokeFile,
  cmds: ServerCommands,
  o: { edits: number; warmup: number; cwd: string; concurrentEdits?: number; cpu?: (pid: number) => number },
): Promise<KeystrokeResult> {
  const cpuOf = o.cpu ?? cpuMs;
  const text = fs.readFileSync(f.file, 'utf8');
  const [kubeHa, yamlLs] = await startBoth(cmds, o.cwd);
  try {
    const uri = fileUri(f.file);
    const servers = [kubeHa, yamlLs];
    const opened = servers.map((s) => s.nextPublish(uri, (p) => s === yamlLs || p.version === 1, 120_000));
    for (const s of servers) s.open(uri, text, 1);
    const first = await Promise.all(opened);
    const res: Record<string, SideResult> = {};
    for (const [i, s] of servers.entries())
      res[s.name] = {
        latencies: [],
        cpuPerEdit: NaN,
        publishes: 0,
        rss: NaN,
        hwm: NaN,
        diagnosticsOnOpen: first[i].diagnostics.length,
        settleMs: [],
        settleTimeouts: 0,
      };
    const cpuStart = new Map<LspSession, number>();
    const pubStart = new Map<LspSession, number>();
    let version = 1;
    let col = f.edit.character;
    const total = o.warmup + o.edits;
    for (let k = 0; k < total; k++) {
      if (k === o.warmup) {
        for (const s of servers) {
          cpuStart.set(s, cpuOf(s.pid));
          pubStart.set(s, s.publishes.length);
        }
      }
      version++;
      const ch = TYPED[k % TYPED.length];
      for (const s of servers) {
        const v = version;
        // kube-ha sends the document version; yaml-language-server does not: match by arrival.
        const wait =
          s === kubeHa ? s.nextPublish(uri, (p) => p.version === v, 120_000) : s.nextPublish(uri, () => true, 120_000);
        const t0 = hr();
        s.change(uri, v, [insertAt(f.edit.line, col, ch)]);
        const p = await wait;
        const idle = await settled(s.pid);
        if (k >= o.warmup) {
          res[s.name].latencies.push(p.at - t0);
          res[s.name].settleMs.push(idle.waitedMs);
          if (idle.timedOut) res[s.name].settleTimeouts++;
        }
      }
      col++;
      if ((k + 1) % 10 === 0) progress(`  keystroke ${label}: ${k + 1}/${total} edits`);
    }
    for (const s of servers) {
      const r = res[s.name];
      r.cpuPerEdit = (cpuOf(s.pid) - cpuStart.get(s)!) / o.edits;
      r.publishes = s.publishes.length - pubStart.get(s)!;
      const m = memory(s.pid);
      r.rss = m.rss;
      r.hwm = m.hwm;
    }
    // Then the same kind of edits sent to both at once: kube-ha's latency while yaml-ls works.
    let concurrent: number[] | undefined;
    if (o.concurrentEdits) {
      concurrent = [];
      for (let k = 0; k < o.concurrentEdits; k++) {
        const v = ++version;
        const ch = TYPED[k % TYPED.length];
        const waits = servers.map((s) =>
          s === kubeHa ? s.nextPublish(uri, (p) => p.version === v, 120_000) : s.nextPublish(uri, () => true, 120_000),
        );
        const t0 = hr();
        for (const s of servers) s.change(uri, v, [insertAt(f.edit.line, col, ch)]);
        const [p] = await Promise.all(waits);
        concurrent.push(p.at - t0);
        for (const s of servers) await settled(s.pid);
        col++;
      }
    }
    return {
      label,
      lines: f.lines,
      docs: f.docs,
      edits: o.edits,
      kubeHa: res['kube-ha'],
      yamlLs: res['yaml-language-server'],
      concurrent,
    };
  } finally {
    await Promise.all([kubeHa.stop(), yamlLs.stop()]);
  }
}

/**
 * The same single-character edits to kube-ha alone, no reference server between them: returns
 * the latencies after `warmup` edits. Used with --cpu-prof for the hot-spot summary, and plain as
 * a diagnostic row: it separates what the server takes from what running after a yaml-ls edit
 * (its caches cooled by yaml-ls's work) costs it.
 */
export async function keystrokesAlone(
  f: KeystrokeFile,
  command: string[],
  o: { edits: number; warmup: number; cwd: string },
): Promise<number[]> {
  const s = await startServer({ name: 'kube-ha', command, cwd: o.cwd });
  const latencies: number[] = [];
  try {
    const uri = fileUri(f.file);
    const opened = s.nextPublish(uri, (p) => p.version === 1, 120_000);
    s.open(uri, fs.readFileSync(f.file, 'utf8'), 1);
    await opened;
    let col = f.edit.character;
    for (let k = 0; k < o.warmup + o.edits; k++) {
      const v = k + 2;
      const wait = s.nextPublish(uri, (p) => p.version === v, 120_000);
      const t0 = hr();
      s.change(uri, v, [insertAt(f.edit.line, col++, TYPED[k % TYPED.length])]);
      const p = await wait;
      if (k >= o.warmup) latencies.push(p.at - t0);
      await settled(s.pid);
    }
  } finally {
    await s.stop();
  }
  return latencies;
}
