export {
  METRICS,
  METRIC_DEFINITIONS,
  METRIC_NAMES,
  LATENCY_BUCKETS,
  QUERY_BUCKETS,
  STORAGE_BUCKETS,
  FRESHNESS_BUCKETS,
  CIRCUIT_BREAKER_STATE_VALUES,
} from './metric-definitions.js'
export type { MetricDefinition, MetricKey, MetricType } from './metric-definitions.js'
export { createMetrics } from './create-metrics.js'
export type { K2Metrics, MetricFor } from './create-metrics.js'
export {
  METRICS_CONTENT_TYPE,
  mergeMetricJson,
  mergeRegistries,
  serializeRegistry,
} from './merge-registries.js'
export type { RegistryJson } from './merge-registries.js'
export { createRetiredTotals } from './retired-totals.js'
export type { RetiredTotals } from './retired-totals.js'
export { collectProcessMetrics } from './process-metrics.js'
