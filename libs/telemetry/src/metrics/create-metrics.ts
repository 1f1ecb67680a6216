import { Counter, Gauge, Histogram, Registry } from 'prom-client'

import { TelemetryError } from '../errors.js'
import { METRICS, type MetricDefinition, type MetricKey } from './metric-definitions.js'

/** The label names of a definition, as a string union (`never` for an unlabelled metric). */
type LabelsOf<D> = D extends { readonly labelNames: readonly (infer L)[] }
  ? L extends string
    ? L
    : never
  : never

/** The prom-client metric a definition becomes, typed by its labels. */
export type MetricFor<D> = D extends { readonly type: 'counter' }
  ? Counter<LabelsOf<D>>
  : D extends { readonly type: 'gauge' }
    ? Gauge<LabelsOf<D>>
    : Histogram<LabelsOf<D>>

/**
 * Typed accessors for every metric of {@link METRICS}, all registered on `registry`:
 * `metrics.binanceMessagesReceived.inc({ symbol: 'BTCUSDT' })` (a wrong label name is a type error).
 */
export type K2Metrics = { readonly [K in MetricKey]: MetricFor<(typeof METRICS)[K]> } & {
  /** The registry the metrics live on (serialize it for the merged `/metrics`). */
  readonly registry: Registry
}

/** Metric sets already created, per registry: a second call returns the same metrics. */
const created = new WeakMap<Registry, K2Metrics>()

/**
 * Registers every metric of {@link METRICS} on `registry` (a new one by default: each worker
 * thread has its own, merged by the process's `/metrics`, D8) and returns typed accessors. Calling
 * it again with the same registry returns the same metrics, so a metric is registered once.
 * Throws `TELEMETRY_DUPLICATE_METRIC` when the registry already holds a foreign metric of a K2 name.
 */
export function createMetrics(registry: Registry = new Registry()): K2Metrics {
  const existing = created.get(registry)
  if (existing !== undefined) return existing
  const taken = Object.values(METRICS)
    .map((d) => d.name)
    .filter((name) => registry.getSingleMetric(name) !== undefined)
  if (taken.length > 0) {
    throw new TelemetryError(
      'TELEMETRY_DUPLICATE_METRIC',
      `registry already holds metrics named ${taken.join(', ')}`,
      { context: { names: taken } },
    )
  }
  const accessors: Record<string, unknown> = { registry }
  for (const [key, definition] of Object.entries(METRICS)) {
    accessors[key] = createMetric(definition, registry)
  }
  const metrics = Object.freeze(accessors) as K2Metrics
  created.set(registry, metrics)
  return metrics
}

function createMetric(definition: MetricDefinition, registry: Registry) {
  const config = {
    name: definition.name,
    help: definition.help,
    labelNames: definition.labelNames,
    aggregator: definition.aggregator,
    registers: [registry],
  }
  switch (definition.type) {
    case 'counter':
      return new Counter(config)
    case 'gauge':
      return new Gauge(config)
    case 'histogram':
      return new Histogram({ ...config, buckets: [...(definition.buckets ?? [])] })
  }
}
