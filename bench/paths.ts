// Where the bench finds what it runs, and how it runs a helper program.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SERVER_EXEC_ARGV } from '../common/src/server-process';

// The bundle is out/bench-dist/main.js (bench/run.mjs).
export const repoRoot = path.resolve(__dirname, '..', '..');
export const benchOut = __dirname;
export const node = process.execPath;
export const serverJs = path.join(repoRoot, 'dist', 'server.js');
export const yamlLsBin = path.join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
export const yamlLsVersion = (() => {
  try {
    return (
      JSON.parse(
        fs.readFileSync(path.join(repoRoot, 'node_modules', 'yaml-language-server', 'package.json'), 'utf8'),
      ) as { version: string }
    ).version;
  } catch {
    return 'missing';
  }
})();
/** Threads kube-ha's parse pool uses here (server/src/parse-pool.ts: one per core). */
export const PARSE_THREADS = Math.max(1, Math.min(8, os.availableParallelism?.() ?? os.cpus().length));
export const DEBOUNCE_YAML_LS = 200; // yaml-language-server's fixed validationDelayMs

/** The command line of the kube-ha language server, with extra node flags before the script. */
export const serverCommand = (...nodeFlags: string[]): string[] => [
  node,
  ...SERVER_EXEC_ARGV,
  ...nodeFlags,
  serverJs,
  '--stdio',
];
export const yamlLsCommand = (): string[] => [node, yamlLsBin, '--stdio'];

/** Runs a node program from the repository root; resolves to its stdout, rejects on a non-zero exit. */
export async function runChild(args: string[], execArgv: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(node, [...execArgv, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    p.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
    });
    p.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}: ${err.slice(-3000)}`)),
    );
  });
}
