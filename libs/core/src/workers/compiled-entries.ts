/**
 * Compiled worker entries of this thread: a thread that runs from bundles (see `buildWorkerBundles`
 * of `@k2/actor-runtime`) registers, per worker entry source file, the bundle to start instead,
 * so that a library starting its own workers (Parquet encoding) starts them without tsx too.
 * Per thread (a global of the isolate), set once by the actor runtime when a worker starts.
 */
const KEY = Symbol.for('k2.core.compiled-worker-entries')

type Registry = Map<string, string>

function registry(): Registry | undefined {
  return (globalThis as { [KEY]?: Registry })[KEY]
}

/** Registers compiled entries (source file URL -> bundle URL) for this thread. */
export function registerCompiledEntries(entries: Readonly<Record<string, string>>): void {
  const g = globalThis as { [KEY]?: Registry }
  const map = (g[KEY] ??= new Map())
  for (const [source, bundle] of Object.entries(entries)) map.set(source, bundle)
}

/** The bundle registered for the worker entry `source` in this thread, if any. */
export function compiledEntryOf(source: URL | string): URL | undefined {
  const bundle = registry()?.get(String(source))
  return bundle === undefined ? undefined : new URL(bundle)
}

/** Options a worker may be given that matter to compiled code: profiling, source maps, conditions. */
const KEPT =
  /^(--(cpu-prof|heap-prof|enable-source-maps$|conditions$|trace-warnings$|no-warnings$)|-C$)/
/** Of those, the ones that take a separate value (`--cpu-prof-dir DIR`). */
const WITH_VALUE = /^(--(cpu|heap)-prof-(dir|name|interval)|--conditions|-C)$/

/**
 * `execArgv` for a worker that runs compiled code: the options of this process that a worker
 * accepts and that matter to it (profiling, source maps, export conditions). A worker inherits
 * `process.execArgv` by default, so in a process started with `--import tsx` every worker would
 * register tsx (on Node 20: a hooks thread per worker); an explicit `execArgv` may not hold V8 or
 * process-wide flags (`ERR_WORKER_INVALID_EXEC_ARGV`), which apply to every thread anyway.
 */
export function compiledWorkerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const out: string[] = []
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!
    const name = arg.split('=', 1)[0]!
    if (!KEPT.test(name)) continue // a dropped option's separate value is never kept either
    out.push(arg)
    if (WITH_VALUE.test(name) && !arg.includes('=') && i + 1 < execArgv.length) {
      out.push(execArgv[++i]!)
    }
  }
  return out
}
