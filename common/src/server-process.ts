// How the language server process is started, shared by the client, the `kube-ha lsp` command,
// the tests and the benchmark, so they all measure the process users run.

/**
 * V8 flags for the server (and, since V8 flags are per process, its parse workers):
 * - a fixed 16 MB young generation. What one keystroke allocates (about 2.3 MB at 10,000 lines,
 *   a copy of the whole text among it) then dies young instead of being promoted, so full
 *   collections are rarer and land between keystrokes: with the earlier 2 MB nursery 17 of 180
 *   keystrokes on the 10,000-line file were hit by a full-GC pause, with this 0–2 (server-side
 *   p95 14–17 → 12.7–14.3 ms). Fixed (min = max), not just allowed to grow: a nursery that grows
 *   under the allocation rate of re-analysis made resident memory climb during the soak.
 *   Costs about 30 MB resident (soak ~105 MB instead of ~76 MB, +2.0 … 2.4 % over 10,000
 *   edits); the 10,000-file workspace reached full diagnostics in 8.5 s instead of 9.6 s
 *   (peak 259 instead of 197 MiB), its workers parsing with fewer scavenges;
 * - the old generation may grow to 1.5× its live size before the next full collection (V8's
 *   default factor is chosen per GC between 1.1 and 4, and where it landed decided the RSS: the
 *   soak swung between +6 % and +13 % from run to run).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--min-semi-space-size=16', '--max-semi-space-size=16', '--heap-growing-percent=50'];
