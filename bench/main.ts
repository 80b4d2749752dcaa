// `npm run bench` (issue 7): kube-ha measured side by side with its references, one table.
// Started by bench/run.mjs, which builds dist/ and bundles this file into out/bench-dist/.
//   node out/bench-dist/main.js [--quick] [--only keystroke,cli,workspace,big,cluster,whatif,activation,scale,profile] [--no-profile] [--no-write] [--write]
//     [--profile-size=1k|10k|50k] [--profile-edits=N] [--keystroke-sizes=1k,10k,50k] [--scale-sizes=1000,2000,4000,8000] [--scale-runs=2] [--scale-skip=cli,fix,keystroke,many,workspace,kustomize] [--big-sizes=30000,100000] [--big-cpu-prof=DIR]
// Each phase's rows are built in bench/<phase>-rows.ts; the report in bench/report.ts.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { activationRows } from './activation-rows';
import { bigRows } from './big-rows';
import { cliRows, workspaceRows } from './cli-rows';
import { clusterRows, whatIfRows } from './cluster-rows';
import { generate, type Generated } from './generate';
import { keystrokesAlone } from './keystroke';
import { keystrokeRows } from './keystroke-rows';
import { repoRoot, serverCommand, serverJs, yamlLsBin, yamlLsCommand, yamlLsVersion } from './paths';
import { summarise } from './profile';
import { report, type Hot } from './report';
import type { Results } from './rows';
import { scaleRows } from './scale-rows';
import { hr, ms, progress } from './stats';

const argv = process.argv.slice(2);
// Every flag the bench reads (strict: an unknown or misspelt one stops it before it runs).
const OPTIONS = {
  quick: { type: 'boolean', default: false },
  only: { type: 'string' }, // phases, comma-separated
  write: { type: 'boolean', default: false },
  'no-write': { type: 'boolean', default: false },
  'no-profile': { type: 'boolean', default: false },
  'keystroke-sizes': { type: 'string' }, // 1k,10k,50k
  'big-sizes': { type: 'string' }, // 30000,100000
  'big-cpu-prof': { type: 'string' }, // DIR: the big-workspace server writes a CPU profile there
  'scale-sizes': { type: 'string' }, // 1000,2000,4000,...
  'scale-runs': { type: 'string' },
  'scale-skip': { type: 'string' }, // cli,fix,keystroke,many,workspace,kustomize
  'profile-size': { type: 'string' }, // 1k, 10k or 50k
  'profile-edits': { type: 'string' },
} as const;
function readFlags() {
  try {
    return parseArgs({ args: argv, strict: true, options: OPTIONS }).values;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)} (the flags: bench/main.ts)\n`);
    process.exit(2);
  }
}
const flags = readFlags();
const quick = flags.quick;
const only = flags.only !== undefined ? new Set(flags.only.split(',')) : null;
const wants = (phase: string) => (!only || only.has(phase)) && !(phase === 'profile' && flags['no-profile']);
// --write appends a run of some phases (--only) too.
const write = !flags['no-write'] && !quick && (!only || flags.write);

// Iteration counts: chosen so the whole run stays well under 15 minutes on a 2-core machine.
const PLAN = quick
  ? {
      files: 600,
      keystroke: { '1k': [2, 8], '10k': [2, 6], '50k': [1, 3] },
      cliRuns: 2,
      clusterServices: 500,
      clusterEvents: 5,
      activationRuns: 3,
      profileEdits: 5,
    }
  : // Edits: enough that p95 is not just the second-worst sample.
    {
      files: 10_000,
      keystroke: { '1k': [5, 80], '10k': [5, 80], '50k': [3, 25] },
      cliRuns: 3,
      clusterServices: 5000,
      clusterEvents: 20,
      activationRuns: 15,
      profileEdits: 10,
    };

const out: Results = { rows: [], notes: [] };
const loads: string[] = [];
const noteLoad = (phase: string) => {
  loads.push(`${phase} ${os.loadavg()[0].toFixed(2)}`);
};

/** The kube-ha server under --cpu-prof for some keystrokes; its hot spots, or undefined with a note. */
async function profileServer(gen: Generated): Promise<Hot | undefined> {
  const label = flags['profile-size'] ?? '50k';
  const edits = flags['profile-edits'] !== undefined ? Number(flags['profile-edits']) : PLAN.profileEdits;
  const dir = path.join(repoRoot, 'bench', 'generated', 'profile');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  progress(`profile: kube-ha server with --cpu-prof, ${edits} edits on the ${label} file`);
  await keystrokesAlone(gen.keystroke[label], serverCommand('--cpu-prof', `--cpu-prof-dir=${dir}`), {
    edits,
    warmup: 0,
    cwd: repoRoot,
  });
  const prof = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))[0];
  if (prof) return { file: path.relative(repoRoot, prof), ...summarise(prof, repoRoot, 15), edits, label };
  out.notes.push('Profile: the server wrote no .cpuprofile (did it exit cleanly?).');
  return undefined;
}

async function main(): Promise<void> {
  const started = hr();
  if (!fs.existsSync(serverJs)) throw new Error('dist/server.js is missing (bench/run.mjs builds it)');
  if (!fs.existsSync(yamlLsBin)) throw new Error('yaml-language-server is not installed (devDependency)');
  const gen: Generated = generate(repoRoot, PLAN.files, progress);

  noteLoad('start');
  // ---- (1) keystroke → diagnostics
  if (wants('keystroke')) {
    const sizes = flags['keystroke-sizes'] !== undefined ? new Set(flags['keystroke-sizes'].split(',')) : null;
    await keystrokeRows(out, gen, PLAN.keystroke, sizes);
  }
  noteLoad('after keystroke');
  // ---- (2) CLI throughput
  const cli = wants('cli') || wants('workspace') ? await cliRows(out, gen, PLAN.cliRuns, wants('cli')) : undefined;
  noteLoad('after cli');
  // ---- (3) workspace scale
  if (wants('workspace') && cli) await workspaceRows(out, gen, cli);
  noteLoad('after workspace');
  // ---- (3b) big workspaces (issue 22)
  if (wants('big')) {
    const bigSizes = flags['big-sizes']?.split(',').map(Number);
    const sizes = (
      quick
        ? [[2_000, 10]]
        : [
            [30_000, 60],
            [100_000, 100],
          ]
    ).filter(([f]) => !bigSizes || bigSizes.includes(f));
    await bigRows(out, gen, sizes, flags['big-cpu-prof']);
  }
  noteLoad('after big workspace');
  // ---- (4) cluster view
  if (wants('cluster')) await clusterRows(out, PLAN.clusterServices, PLAN.clusterEvents);
  noteLoad('after cluster');
  // ---- (4b) what-if: drain / zone loss over a big cluster (issue 18), in process
  if (wants('whatif')) whatIfRows(out, quick ? 500 : 5000, quick ? 50 : 500);
  // ---- (5) activation + .vsix
  if (wants('activation')) await activationRows(out, PLAN.activationRuns);
  noteLoad('after activation');
  // ---- (6) one big namespace (issue 19)
  if (wants('scale')) {
    await scaleRows({
      repoRoot,
      cwd: repoRoot,
      node: process.execPath,
      quick,
      scaleSizes: flags['scale-sizes'],
      scaleRuns: flags['scale-runs'],
      scaleSkip: flags['scale-skip'],
      serverCommand: serverCommand(),
      yamlLsCommand: yamlLsCommand(),
      yamlLsVersion,
      keystroke10k: gen.keystroke['10k'],
      ...out,
    });
    noteLoad('after scale');
  }
  // ---- profile of the server under keystroke load
  const hot = wants('profile') ? await profileServer(gen) : undefined;
  noteLoad('end');
  report({ ...out, argv, quick, started, loads, hot, write });
  progress(`done in ${ms(hr() - started)}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
