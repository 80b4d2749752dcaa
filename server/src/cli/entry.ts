// Process entry of the kube-ha binary. `kube-ha lsp --stdio` hands the process to the server.
import { runCli } from './main';

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

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
