// How the language server process is started, shared by the client, the `kube-ha lsp` command,
// the tests and the benchmark, so they all measure the process users run.

/**
 * V8 flags for the server, so that resident memory stays flat while a person types:
 * - a small young generation: without it V8 grows its nursery under the allocation rate of
 *   re-analysis (`npm run soak`: +10.1 % RSS over 10,000 edits without, +4.4 % with);
 * - the old generation may grow to 1.5× its live size before the next full collection (V8's
 *   default factor is chosen per GC between 1.1 and 4, and where it landed decided the RSS: the
 *   soak swung between +6 % and +13 % from run to run; with the flag +0.4 … +2.3 % at ~76 MB
 *   instead of ~88 MB).
 *   Measured on the 10,000-file workspace: the same time to full diagnostics, 6–10 MiB less.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=2', '--heap-growing-percent=50'];
