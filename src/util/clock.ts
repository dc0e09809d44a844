/**
 * Milliseconds from a fixed point, with sub-millisecond precision, for timings: what performance.now() gives, without
 * it. The first use of `performance` (the global or node:perf_hooks) loads Node's performance modules, some 2 ms of
 * every start of the CLI.
 */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
