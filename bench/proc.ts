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

export interface MemReading { rss: number; hwm: number }

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
