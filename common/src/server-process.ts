// How the language server process is started, shared by the client, the `kube-ha lsp` command,
// the tests and the benchmark, so they all measure the process users run.

/**
 * V8 flags for the server (and, V8 flags being per process, its parse workers); the measurements
 * behind them are in bench/RESULTS.md ("A fixed 16 MB young generation", `--heap-growing-percent`):
 * - a fixed 16 MB young generation: what a keystroke allocates dies young, so full collections
 *   are rarer and land between keystrokes; fixed, since a growing one made the soak's RSS climb;
 * - the old generation grows to 1.5x its live size before a full collection, so resident memory
 *   does not depend on where V8's own per-GC factor lands.
 */
export const SERVER_EXEC_ARGV: readonly string[] = [
  '--min-semi-space-size=16',
  '--max-semi-space-size=16',
  '--heap-growing-percent=50',
];
