// The CLI's view of the process, so commands can be run in-process by tests.
export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
  readStdin(): Promise<string>;
  cwd: string;
  env: NodeJS.ProcessEnv;
}
