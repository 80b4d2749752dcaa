// (2) CLI throughput: `kube-ha lint --format json DIR` vs the parse floor, interleaved runs.
import { spawn } from 'child_process';
import * as fs from 'fs';
import { cpuMs } from './proc';
import { hr, progress } from './stats';

export interface CliResult {
  runs: number;
  kubeHa: number[];
  floor: number[];
  kubeHaCpu: number[];
  floorCpu: number[];
  floorThreads: number[];
  findings: number;
  filesWithFindings: string[];
  kubeHaExit: number | null;
}

/** Wall time, exit code, and CPU time (utime+stime of the process, polled from /proc every 20 ms
 *  until it exits, so up to 20 ms is missed). */
function timed(
  cmd: string[],
  stdoutFile: string,
  cwd: string,
): Promise<{ ms: number; cpu: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const fd = fs.openSync(stdoutFile, 'w');
    const t0 = hr();
    const p = spawn(cmd[0], cmd.slice(1), { cwd, stdio: ['ignore', fd, 'pipe'] });
    let err = '';
    let cpu = 0;
    const poll = setInterval(() => {
      const c = cpuMs(p.pid!);
      if (Number.isFinite(c)) cpu = c;
    }, 20);
    p.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
    });
    p.on('error', reject);
    p.on('exit', (code) => {
      const t = hr() - t0;
      clearInterval(poll);
      fs.closeSync(fd);
      if (code !== 0 && code !== 1) reject(new Error(`${cmd.join(' ')} exited ${code}: ${err.slice(-2000)}`));
      else resolve({ ms: t, cpu, code });
    });
  });
}

export async function cliThroughput(o: {
  kubeHa: string[];
  floor: string[];
  floorThreads: string[];
  runs: number;
  cwd: string;
  outDir: string;
}): Promise<CliResult> {
  const kubeHa: number[] = [];
  const floor: number[] = [];
  const kubeHaCpu: number[] = [];
  const floorCpu: number[] = [];
  const floorThreads: number[] = [];
  const out = `${o.outDir}/cli-findings.json`;
  let exit: number | null = null;
  for (let r = 0; r < o.runs; r++) {
    // Rotate which goes first so none always runs on a warmer page cache.
    const all = ['floor', 'kube-ha', 'floor-threads'];
    const order = [...all.slice(r % 3), ...all.slice(0, r % 3)];
    for (const which of order) {
      if (which === 'floor') {
        const t = await timed(o.floor, `${o.outDir}/floor.out`, o.cwd);
        floor.push(t.ms);
        floorCpu.push(t.cpu);
      } else if (which === 'floor-threads')
        floorThreads.push((await timed(o.floorThreads, `${o.outDir}/floor.out`, o.cwd)).ms);
      else {
        const t = await timed(o.kubeHa, out, o.cwd);
        kubeHa.push(t.ms);
        kubeHaCpu.push(t.cpu);
        exit = t.code;
      }
    }
    progress(
      `  cli run ${r + 1}/${o.runs}: kube-ha ${kubeHa[kubeHa.length - 1].toFixed(0)} ms, floor ${floor[floor.length - 1].toFixed(0)} ms, floor on worker threads ${floorThreads[floorThreads.length - 1].toFixed(0)} ms`,
    );
  }
  const json = JSON.parse(fs.readFileSync(out, 'utf8')) as { findings?: { file: string }[] } | { file: string }[];
  const findings = Array.isArray(json) ? json : (json.findings ?? []);
  return {
    runs: o.runs,
    kubeHa,
    floor,
    kubeHaCpu,
    floorCpu,
    floorThreads,
    findings: findings.length,
    filesWithFindings: [...new Set(findings.map((f) => f.file))],
    kubeHaExit: exit,
  };
}
