/**
 * Node/V8 flags of the supervisor process, for everything that starts it: `nx serve supervisor`
 * (apps/supervisor/project.json), the Dockerfile, `k2 demo`, the benchmarks and the e2e tests
 * (a test in apps/supervisor checks the first two, which cannot import this).
 *
 * `--single-threaded`: V8 runs no background tasks; each isolate collects garbage and compiles on
 * its own thread. The supervisor is seven isolates (feeds, writers, compactor, api) busy on two
 * cores, and V8's helper threads only competed with them for the cores:
 * - GC helpers (`--single-threaded-gc`, which this flag implies): four threads at ~3 CPU-s each
 *   per million trades. Ceiling runs, 4 pairs interleaved (2026-11-27 10:10-10:20 UTC): steady
 *   rows/s median 64,400 -> 79,200 (+23%), supervisor CPU 34.6 -> 31.2 s (-10%), RSS +35 MiB.
 * - V8's other background tasks then still took four threads and 7.7 CPU-s per million trades
 *   through Kafka; without them the JS threads took ~2 CPU-s more and the process ~4 less
 *   (2026-11-27 12:03-12:11 UTC, embedded ceiling, 3 runs without and 6 with, interleaved: CPU
 *   median 30.8 -> 29.7 s, rows/s 75.6k -> 79.1k; Kafka, one run: 63.9 -> 59.7 s; freshness at
 *   10,000 trades/s unchanged, p99 2.12 s).
 * V8 accepts neither in `NODE_OPTIONS`, hence on each command line.
 */
export const SUPERVISOR_NODE_FLAGS: readonly string[] = Object.freeze(['--single-threaded'])
