// The rows of phase (3b), big workspaces (issue 22): typing during the scan, full diagnostics, memory.
import * as path from 'path';
import { bigWorkspace, generateBig } from './big-workspace';
import type { Generated } from './generate';
import { benchOut, repoRoot, runChild, serverCommand } from './paths';
import { mbVerdict, row, verdict, whenComplete, type Results } from './rows';
import { hr, median, mib, ms, percentile, progress, ratio } from './stats';

/** sizes: [files, namespaces] of each workspace; profDir: --big-cpu-prof (the server writes a CPU profile there). */
export async function bigRows(
  out: Results,
  gen: Generated,
  sizes: number[][],
  profDir: string | undefined,
): Promise<void> {
  const { rows } = out;
  for (const [files, namespaces] of sizes) {
    const folder = path.join(repoRoot, 'bench', 'generated', `big-${files}`);
    const expected = generateBig(folder, files, namespaces);
    const open = gen.keystroke['1k'];
    const f0 = hr();
    await runChild([path.join(benchOut, 'parse-floor.js'), folder]);
    const floorMs = hr() - f0;
    progress(
      `big workspace: ${files} files in ${namespaces} namespaces (parse floor ${ms(floorMs)}); editing the ${open.lines}-line file during the scan`,
    );
    const prof = profDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profDir)}`] : [];
    const r = await bigWorkspace({
      command: serverCommand(...prof),
      folder,
      expected,
      open,
      cwd: repoRoot,
      timeoutMs: 600_000,
    });
    const n = files.toLocaleString('en');
    const p95 = percentile(r.during, 95);
    const worst = Math.max(...r.during);
    rows.push(
      row(
        '3b',
        `Big workspace ${n} files: keystroke → diagnostics in an open ${open.lines.toLocaleString('en')}-line file while the scan runs (${r.during.length} edits; max ${ms(worst)})`,
        [ms(median(r.during)), ms(p95)],
        {
          target: files <= 30_000 ? 'p95 ≤ 50 ms; none over 500 ms' : 'p95 ≤ 50 ms',
          result: files <= 30_000 ? `${verdict(p95, 50, ms)}; max ${verdict(worst, 500, ms)}` : verdict(p95, 50, ms),
        },
      ),
    );
    if (files <= 30_000) {
      rows.push(
        row(
          '3b',
          `Big workspace ${n} files: start → first full diagnostics (progress ended at ${ms(r.indexedMs)})`,
          [ms(r.fullMs), '—'],
          {
            ref: 'parse floor of the same files, one thread, one run',
            refv: [ms(floorMs), '—'],
            ratio: ratio(r.fullMs, floorMs),
            target: `≤ 1.2× floor (${ms(floorMs * 1.2)})`,
            result: whenComplete(r, r.files, () => verdict(r.fullMs, floorMs * 1.2, ms)),
          },
        ),
      );
    }
    progress(
      `big workspace ${files}: keystrokes during the scan median ${ms(median(r.during))} p95 ${ms(p95)} max ${ms(worst)}; full at ${ms(r.fullMs)} (${r.seen}/${r.files}; progress ended at ${ms(r.indexedMs)}); server CPU ${ms(r.cpuAtFull)}; RSS ${mib(r.rssAtFull)}`,
    );
    const limit = files <= 30_000 ? 350 : 900;
    rows.push(
      row(
        '3b',
        `Big workspace ${n} files: server resident memory at full diagnostics (VmRSS; VmHWM peak)`,
        [mib(r.rssAtFull), mib(r.hwm)],
        { ref: '', target: `≤ ${limit} MB`, result: whenComplete(r, r.files, () => mbVerdict(r.rssAtFull, limit)) },
      ),
    );
  }
}
