/**
 * Node/V8 flags of the supervisor process, for everything that starts it: `nx serve supervisor`
 * (apps/supervisor/project.json), the Dockerfile, `k2 demo`, the benchmarks and the e2e tests
 * (a test in apps/supervisor checks the first two, which cannot import this).
 *
 * `--single-threaded-gc`: V8 runs each isolate's garbage collection on that isolate's own thread
 * instead of handing parts to its pool of helper threads. The supervisor is seven isolates (feeds,
 * writers, compactor, api) busy on two cores: the helpers only competed with them for the cores
 * (four helper threads at ~3 CPU-s each per million trades). Ceiling runs, 4 pairs interleaved
 * (2026-11-27 10:10-10:20 UTC, BENCHMARKS.md): steady rows/s median 64,400 -> 79,200 (+23%),
 * supervisor CPU 34.6 -> 31.2 s (-10%), peak RSS +35 MiB. Not allowed in `NODE_OPTIONS`, hence on
 * each command line.
 */
export const SUPERVISOR_NODE_FLAGS: readonly string[] = Object.freeze(['--single-threaded-gc'])
