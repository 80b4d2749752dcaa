// The report of a bench run: the Markdown section printed and appended to bench/RESULTS.md.
import * as fs from 'fs';
import * as path from 'path';
import { describeMachine } from './machine';
import { DEBOUNCE_YAML_LS, repoRoot, yamlLsVersion } from './paths';
import type { HotSpot } from './profile';
import type { Results } from './rows';
import { hr, ms, progress } from './stats';

/** A profile of the server under keystroke load (its hot spots by function and by area). */
export interface Hot {
  file: string;
  totalMs: number;
  rows: HotSpot[];
  areas: HotSpot[];
  edits: number;
  label: string;
}

export interface ReportInput extends Results {
  argv: string[];
  quick: boolean;
  /** hr() when the run started. */
  started: number;
  /** 1-minute load averages, one per phase. */
  loads: string[];
  hot: Hot | undefined;
  /** Append to bench/RESULTS.md, not only print. */
  write: boolean;
}

export function report({ argv, quick, started, loads, rows, notes, hot, write }: ReportInput): void {
  const machine = describeMachine(repoRoot);
  const command = `npm run bench${argv.length ? ' -- ' + argv.join(' ') : ''}  (node bench/run.mjs → node out/bench-dist/main.js)`;
  const lines: string[] = [];
  lines.push(
    `## ${machine.date.slice(0, 10)} — ${machine.commit.slice(0, 12)}${quick ? ' (quick smoke run)' : ''}`,
    '',
  );
  lines.push(`- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory} memory, ${machine.os}`);
  lines.push(`- Node ${machine.node}; date ${machine.date}; git commit ${machine.commit}`);
  lines.push(
    `- 1-minute load average (other processes share this machine; wall-clock rows suffer from it, CPU-time rows much less): ${loads.join(', ')}`,
  );
  lines.push(`- Command: \`${command}\`; total wall time ${ms(hr() - started)}`);
  lines.push(
    `- Reference server: yaml-language-server ${yamlLsVersion} from npm, settings \`yaml.validate: true\`, **Kubernetes schema off, schema store off, CRD store off** (they are fetched online); no schema applies, so it does parse + YAML validation per edit. It validates ${DEBOUNCE_YAML_LS} ms after the last change (fixed \`validationDelayMs\`), which is part of its latency.`,
  );
  lines.push(
    `- Keystrokes: single-character incremental didChange at the end of the \`app.kubernetes.io/instance\` label value of the Deployment in the middle document; kube-ha and yaml-ls edits alternate: after each publish the bench waits until that server has gone idle (under 0.25 ms CPU in 25 ms, all threads, from /proc/<pid>/task/*/schedstat) before the next edit to either, so that neither edit is measured while the other server is still working on the cores (yaml-ls's collector runs on for 50–100 ms after its publish; until 2026-11-26 late the bench waited a fixed 20 ms, and kube-ha's 10k edits often ran against it). Latency: didChange sent → publishDiagnostics with that version (kube-ha) / first publish after the change (yaml-ls). CPU: utime+stime from /proc/<pid>/stat over all measured edits ÷ edits (10 ms tick granularity, hence the mean).`,
  );
  lines.push('');
  lines.push(
    '| # | measurement | kube-ha median | kube-ha p95 | reference | ref median | ref p95 | ratio (kube-ha/ref) | target | result |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    lines.push(
      `| ${r.id} | ${r.what} | ${r.kh[0]} | ${r.kh[1]} | ${r.ref} | ${r.refv[0]} | ${r.refv[1]} | ${r.ratio} | ${r.target} | ${r.result} |`,
    );
  lines.push('');
  lines.push(
    'Row 3 memory: the two kube-ha columns are VmHWM (peak) and VmRSS at full diagnostics. Row 4 heap: the two columns are all namespaces and one namespace.',
  );
  lines.push('');
  for (const n of notes) lines.push(`- ${n}`);
  if (hot) {
    lines.push(
      '',
      `### Profile: kube-ha server, ${hot.edits} keystrokes on the ${hot.label}-line file (\`node --cpu-prof\`, ${hot.file})`,
      '',
    );
    lines.push(
      `Busy (non-idle) CPU in the profile: ${ms(hot.totalMs)} (${ms(hot.totalMs / hot.edits)} per edit, including the initial open). Top self time:`,
      '',
    );
    lines.push('| self | % of busy | function | source |', '|---|---|---|---|');
    for (const h of hot.rows) lines.push(`| ${ms(h.selfMs)} | ${h.pct.toFixed(1)}% | \`${h.fn}\` | ${h.where} |`);
    lines.push(
      '',
      'By area (self time summed per package / source file):',
      '',
      '| self | % of busy | area |',
      '|---|---|---|',
    );
    for (const h of hot.areas) lines.push(`| ${ms(h.selfMs)} | ${h.pct.toFixed(1)}% | ${h.where} |`);
  }
  lines.push('');
  const text = lines.join('\n');
  process.stdout.write(text + '\n');
  if (write) {
    const results = path.join(repoRoot, 'bench', 'RESULTS.md');
    if (!fs.existsSync(results))
      fs.writeFileSync(
        results,
        '# kube-ha benchmark results\n\nAppended by `npm run bench` (bench/main.ts); newest last. Targets are those of issue 7.\n\n',
      );
    fs.appendFileSync(results, text + '\n');
    progress('appended to bench/RESULTS.md');
  }
}
