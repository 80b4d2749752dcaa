// How the language server process is started, shared by the client, the `kube-ha lsp` command,
// the tests and the benchmark, so they all measure the process users run.

/**
 * V8 flags for the server. A small young generation keeps resident memory flat while a person
 * types: without it V8 grows its nursery under the allocation rate of re-analysis and resident
 * memory climbs ~10 % over 10,000 edits before settling (measured with `npm run soak`: +10.1 %
 * without, +4.4 % with).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=2'];
