import type { RegistryJson } from './merge-registries.js'

/** Metric kinds whose values only grow while their worker lives (Prometheus counters). */
const MONOTONIC: ReadonlySet<string> = new Set(['counter', 'histogram'])

type MetricJson = RegistryJson[number]
/** One series of a metric; histograms name theirs (`x_bucket`, `x_sum`, `x_count`). */
type ValueJson = MetricJson['values'][number] & { readonly metricName?: string }

/**
 * The counters and histograms of workers that are gone, kept so that the process's totals never
 * go backwards (D8). A worker's registry dies with it; without this, `k2_iceberg_rows_written_total`
 * summed over workers would drop when a writer restarts, and Prometheus `rate()` would read the
 * drop as a counter reset and count the survivors' whole totals as a burst. Gauges of a gone
 * worker are dropped (a dead connection is not connected; its last price is stale).
 */
export interface RetiredTotals {
  /**
   * Adds the last values seen of a worker that is gone (its final snapshot after a graceful stop,
   * the last one scraped after a crash). Each worker incarnation must be retired at most once.
   */
  retire(last: RegistryJson): void
  /** The sums so far, as one more registry for `mergeRegistries` (empty until one is retired). */
  snapshot(): RegistryJson
}

/** Identity of one series: the metric line's name (`x_bucket`, `x_sum`, ...) and its labels. */
function seriesKey(metric: MetricJson, value: ValueJson): string {
  const labels = Object.entries(value.labels ?? {})
    .map(([k, v]) => [k, String(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return JSON.stringify([value.metricName ?? metric.name, labels])
}

/** Creates an empty {@link RetiredTotals}. */
export function createRetiredTotals(): RetiredTotals {
  /** Per metric name: the metric's header and its summed series. */
  const totals = new Map<string, { metric: MetricJson; series: Map<string, ValueJson> }>()
  return {
    retire(last) {
      for (const metric of last) {
        if (!MONOTONIC.has(String(metric.type))) continue
        let entry = totals.get(metric.name)
        if (entry === undefined) {
          entry = { metric: { ...metric, values: [] }, series: new Map() }
          totals.set(metric.name, entry)
        }
        for (const value of metric.values as readonly ValueJson[]) {
          const key = seriesKey(metric, value)
          const seen = entry.series.get(key)
          entry.series.set(key, { ...value, value: (seen?.value ?? 0) + value.value })
        }
      }
    },
    snapshot() {
      return [...totals.values()].map(({ metric, series }) => ({
        ...metric,
        values: [...series.values()],
      })) as RegistryJson
    },
  }
}
