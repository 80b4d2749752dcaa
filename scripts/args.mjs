// Command lines of the scripts: node:util parseArgs (strict), a usage line and exit 2 on a bad one.
import { parseArgs } from 'node:util';

/** The parsed `--flags` and positionals of process.argv; exits 2 with `usage` when they do not fit. */
export function commandLine(options, usage, { allowPositionals = false, args = process.argv.slice(2) } = {}) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    process.stderr.write(`${e.message}\nusage: ${usage}\n`);
    process.exit(2);
  }
}
