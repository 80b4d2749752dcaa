// Readings from /proc for a process: CPU time (utime+stime) and resident memory.
import * as fs from 'fs';

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux (sysconf(_SC_CLK_TCK)).

/** utime+stime of a process (all its threads) in milliseconds; NaN when it cannot be read. */
export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return NaN;
  }
}

/**
 * CPU time of a process and every process under it, all threads, in milliseconds: utime+stime and
 * cutime+cstime (children it has reaped) of the process and of each live descendant. A child
 * reaped by a descendant that has itself ended is missed (a server's renderers are its own children).
 */
export function cpuTreeMs(pid: number): number {
  const parent = new Map<number, number>();
  const own = new Map<number, number>();
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return NaN;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // f[1] is field 4 (ppid); utime, stime, cutime, cstime are fields 14–17.
      parent.set(Number(e), Number(f[1]));
      own.set(Number(e), (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS);
    } catch {
      /* it ended */
    }
  }
  if (!own.has(pid)) return NaN;
  let total = 0;
  for (const [p, t] of own) {
    let q: number | undefined = p;
    while (q !== undefined && q !== pid && q > 1) q = parent.get(q);
    if (q === pid) total += t;
  }
  return total;
}

export interface MemReading {
  rss: number;
  hwm: number;
}

/** VmRSS and VmHWM (peak) in bytes. */
export function memory(pid: number): MemReading {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) * 1024 : NaN;
    };
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

/**
 * CPU time a process has run, all its threads, in milliseconds at nanosecond resolution (from
 * /proc/<pid>/task/<tid>/schedstat); NaN when it cannot be read. Threads that ended are missed,
 * which is fine for what it is used for: noticing that a process is still busy.
 */
export function runMs(pid: number): number {
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return NaN;
  }
  let ns = 0;
  for (const t of tasks) {
    try {
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      /* the thread ended */
    }
  }
  return ns / 1e6;
}

/**
 * Wait until a process has gone idle: it ran less than `busyMs` of CPU (all threads) during the
 * last `windowMs`. Returns the time waited. A server keeps working after it answers (its garbage
 * collector, on helper threads): on a 2-core machine, starting the other server's edit then
 * measures the two competing for the cores, not either one's latency. Gives up after `maxMs`.
 */
export async function settled(
  pid: number,
  o: { windowMs?: number; busyMs?: number; maxMs?: number } = {},
): Promise<{ waitedMs: number; timedOut: boolean }> {
  const windowMs = o.windowMs ?? 25,
    busyMs = o.busyMs ?? 0.25,
    maxMs = o.maxMs ?? 3000;
  const t0 = performance.now();
  const fine = Number.isFinite(runMs(pid));
  // Without schedstat, fall back to utime+stime: 10 ms ticks, so a longer window.
  const read = fine ? () => runMs(pid) : () => cpuMs(pid);
  const window = fine ? windowMs : 100,
    busy = fine ? busyMs : 1;
  let last = read();
  for (;;) {
    await new Promise((r) => setTimeout(r, window));
    const now = read();
    if (!Number.isFinite(now) || now - last < busy) return { waitedMs: performance.now() - t0, timedOut: false };
    if (performance.now() - t0 > maxMs) return { waitedMs: performance.now() - t0, timedOut: true };
    last = now;
  }
}
