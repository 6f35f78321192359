/**
 * The engine's clock: monotonic milliseconds, for request timeouts and activity times.
 *
 * `process.uptime()` rather than `performance.now()`: both read the same monotonic clock, but the
 * first use of the `performance` global loads Node's perf_hooks modules, about 1 ms that the
 * first request of every process (and each run of the `nlroute` command) would pay (issue 8);
 * a call costs some 40 ns more, a few per request.
 */
export function monotonicMs(): number {
  return process.uptime() * 1000
}
