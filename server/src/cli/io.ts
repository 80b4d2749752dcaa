// The CLI's view of the process, so commands can be run in-process by tests.
export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
  /** Standard input, at most maxBytes + 1 bytes of it (more than maxBytes: over the limit). */
  readStdin(maxBytes: number): Promise<string | Uint8Array>;
  cwd: string;
  env: NodeJS.ProcessEnv;
}
