import { AggregatorRegistry, Registry, type Aggregator } from 'prom-client'

import { TelemetryError } from '../errors.js'

/**
 * A registry's metrics as plain data (`registry.getMetricsAsJSON()`): structured-clone safe, so a
 * worker thread posts it to the thread that serves `/metrics`.
 */
export type RegistryJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>

/** Content-Type of the text exposition that {@link mergeMetricJson} returns. */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE

const AGGREGATORS: ReadonlySet<string> = new Set<Aggregator>([
  'sum',
  'first',
  'min',
  'max',
  'average',
  'omit',
])

/** A worker's side of the merge: its registry as {@link RegistryJson}. */
export function serializeRegistry(registry: Registry): Promise<RegistryJson> {
  return registry.getMetricsAsJSON()
}

/**
 * The process's one `/metrics` (D8): merges the serialized registries of every worker (and of the
 * main thread) into one registry. Values of the same metric and label set are combined with the
 * metric's own aggregator (counters and histograms add up; see `METRICS` for gauges); a metric
 * without one is summed, and one whose aggregator is `omit` is kept when one registry holds it. Throws `TELEMETRY_INVALID_METRIC_JSON` for input that is not
 * `getMetricsAsJSON()` output or that gives one name two different types.
 */
export function mergeRegistries(list: readonly RegistryJson[]): Registry {
  const types = new Map<string, string>()
  const holders = countHolders(list)
  const normalized = list.map((metrics, index) => {
    if (!Array.isArray(metrics)) invalid(`entry ${index} is not an array of metrics`, index)
    return metrics.map((metric) => {
      const m = metric as Partial<RegistryJson[number]> | null
      if (
        typeof m !== 'object' ||
        m === null ||
        typeof m.name !== 'string' ||
        typeof m.type !== 'string' ||
        !Array.isArray(m.values)
      ) {
        invalid(`entry ${index} holds a metric without name, type and values`, index)
      }
      const seen = types.get(m.name)
      if (seen !== undefined && seen !== String(m.type)) {
        invalid(`metric ${m.name} is a ${seen} in one registry and a ${m.type} in another`, index)
      }
      types.set(m.name, String(m.type))
      const aggregator = m.aggregator === undefined ? 'sum' : String(m.aggregator)
      if (!AGGREGATORS.has(aggregator)) {
        invalid(`metric ${m.name} has an unknown aggregator ${JSON.stringify(aggregator)}`, index)
      }
      // prom-client's `omit` (e.g. process_start_time_seconds) drops a metric from a cluster
      // merge; held by one registry only (the main thread's process metrics) it is kept as is.
      return {
        ...m,
        aggregator: aggregator === 'omit' && holders.get(m.name) === 1 ? 'first' : aggregator,
      }
    })
  })
  return AggregatorRegistry.aggregate(normalized)
}

/** Per metric name, how many of the registries hold it (invalid entries are reported later). */
function countHolders(list: readonly RegistryJson[]): Map<string, number> {
  const holders = new Map<string, number>()
  for (const metrics of list) {
    if (!Array.isArray(metrics)) continue
    for (const name of new Set(metrics.map((m) => (m as { name?: unknown } | null)?.name))) {
      if (typeof name === 'string') holders.set(name, (holders.get(name) ?? 0) + 1)
    }
  }
  return holders
}

/** {@link mergeRegistries} as the text exposition served with {@link METRICS_CONTENT_TYPE}. */
export function mergeMetricJson(list: readonly RegistryJson[]): Promise<string> {
  return mergeRegistries(list).metrics()
}

function invalid(message: string, entry: number): never {
  throw new TelemetryError('TELEMETRY_INVALID_METRIC_JSON', message, { context: { entry } })
}
