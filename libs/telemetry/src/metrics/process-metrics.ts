import { collectDefaultMetrics, type Registry } from 'prom-client'

/** Registries that already collect the process metrics (prom-client refuses a second set). */
const collecting = new WeakSet<Registry>()

/**
 * Adds prom-client's default process metrics (`process_cpu_seconds_total`,
 * `process_resident_memory_bytes`, `nodejs_heap_size_used_bytes`, event-loop lag, GC, ...) to
 * `registry`. Call it once per process, on the main thread's registry: worker threads share the
 * process, so their copies would only repeat it (D8: one `/metrics` for the process). Calling it
 * again for the same registry does nothing.
 */
export function collectProcessMetrics(registry: Registry): void {
  if (collecting.has(registry)) return
  collectDefaultMetrics({ register: registry })
  collecting.add(registry)
}
