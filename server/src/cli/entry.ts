// Process entry of the kube-ha binary. `kube-ha lsp --stdio` hands the process to the server.
import { spawn } from 'child_process';
import { runCli } from './main';
import { readStreamBounded } from '../read-file';
import { SERVER_EXEC_ARGV } from '../../../common/src/server-process';

// Bounded while reading: `kube-ha lint - < /dev/zero` stops at the size limit.
const readStdin = (maxBytes: number) => readStreamBounded(process.stdin, maxBytes);

// A closed pipe (`kube-ha lint | head`) is the reader's choice, not an error to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === 'lsp') {
    // Run the server with the V8 flags the extension gives it (see common/src/server-process.ts).
    if (!SERVER_EXEC_ARGV.every((f) => process.execArgv.includes(f))) {
      const child = spawn(process.execPath, [...SERVER_EXEC_ARGV, ...process.execArgv, process.argv[1], ...argv], {
        stdio: 'inherit',
      });
      child.on('exit', (code, signal) => {
        process.exitCode = code ?? (signal ? 1 : 0);
      });
      return;
    }
    await import('../server');
    return;
  }
  const code = await runCli(argv, {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readStdin,
    cwd: process.cwd(),
    env: process.env,
  });
  process.exitCode = code;
}

void main();
