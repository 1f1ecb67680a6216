import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import { describe, expect, expectTypeOf, it } from 'vitest'

import { TelemetryError } from '../errors.js'
import { createMetrics } from './create-metrics.js'
import { METRICS, METRIC_DEFINITIONS, METRIC_NAMES } from './metric-definitions.js'

/**
 * D8's metrics (and issue 7's and D6's additions), written out independently of the table: changing a
 * name, a type or a label set in `METRICS` must change this list too.
 */
const EXPECTED: readonly (readonly [name: string, type: string, labels: readonly string[]])[] = [
  ['k2_binance_connection_status', 'gauge', []],
  ['k2_binance_messages_received_total', 'counter', ['symbol']],
  ['k2_binance_message_errors_total', 'counter', ['error_type']],
  ['k2_binance_reconnects_total', 'counter', ['reason']],
  ['k2_binance_connection_errors_total', 'counter', ['error_type']],
  ['k2_binance_last_message_timestamp_seconds', 'gauge', []],
  ['k2_binance_reconnect_delay_seconds', 'gauge', []],
  ['k2_binance_gaps_repaired_total', 'counter', ['symbol']],
  ['k2_last_trade_price', 'gauge', ['exchange', 'symbol']],
  ['k2_kafka_messages_produced_total', 'counter', []],
  ['k2_kafka_messages_consumed_total', 'counter', []],
  ['k2_kafka_consumer_lag_messages', 'gauge', ['topic', 'partition']],
  ['k2_iceberg_rows_written_total', 'counter', ['table']],
  ['k2_iceberg_write_duration_seconds', 'histogram', []],
  ['k2_iceberg_commit_conflicts_total', 'counter', []],
  ['k2_ingest_to_commit_seconds', 'histogram', []],
  ['k2_sequence_gaps_detected_total', 'counter', ['exchange', 'symbol', 'severity']],
  ['k2_sequence_resets_total', 'counter', ['exchange', 'symbol']],
  ['k2_dead_letters_total', 'counter', ['source', 'reason']],
  ['k2_http_requests_total', 'counter', ['method', 'route', 'status']],
  ['k2_http_request_duration_seconds', 'histogram', ['method', 'route']],
  ['k2_query_duration_seconds', 'histogram', ['query_type']],
  ['k2_actor_restarts_total', 'counter', ['actor']],
  ['k2_circuit_breaker_state', 'gauge', ['breaker_name']],
]

const CLASS_OF = { counter: Counter, gauge: Gauge, histogram: Histogram } as const

/** A sample value for every label of a metric: `<label>-value`. */
const labelsOf = (names: readonly string[]) =>
  Object.fromEntries(names.map((n) => [n, `${n}-value`]))

describe('METRICS (D8)', () => {
  it('holds exactly the expected metrics, types and label sets', () => {
    expect(METRIC_DEFINITIONS.map((d) => [d.name, d.type, d.labelNames])).toEqual(
      EXPECTED.map(([name, type, labels]) => [name, type, labels]),
    )
    expect(METRIC_NAMES.size).toBe(EXPECTED.length)
  })

  it.each(METRIC_DEFINITIONS.map((d) => [d.name, d] as const))(
    '%s follows the naming rules',
    (name, d) => {
      expect(name).toMatch(/^k2_[a-z0-9_]+$/)
      if (d.type === 'counter') expect(name).toMatch(/_total$/)
      if (d.type === 'histogram') {
        expect(name).toMatch(/_seconds$/)
        expect(d.buckets?.length).toBeGreaterThan(3)
        expect([...(d.buckets ?? [])]).toEqual([...(d.buckets ?? [])].sort((a, b) => a - b))
      } else {
        expect(d.buckets).toBeUndefined()
      }
      expect(d.help.length).toBeGreaterThan(10)
      // Counters and histograms are only correct when summed over workers.
      if (d.type !== 'gauge') expect(d.aggregator).toBe('sum')
    },
  )
})

describe('createMetrics', () => {
  it.each(EXPECTED)(
    '%s is registered once as a %s with labels %j and appears in the exposition',
    async (name, type, labels) => {
      const metrics = createMetrics()
      const registry = metrics.registry
      const metric = registry.getSingleMetric(name)
      expect(metric).toBeInstanceOf(CLASS_OF[type as keyof typeof CLASS_OF])
      const json = await registry.getMetricsAsJSON()
      expect(json.filter((m) => m.name === name)).toHaveLength(1)
      expect((metric as unknown as { labelNames: string[] }).labelNames).toEqual(labels)

      const sample = labelsOf(labels)
      if (metric instanceof Counter) metric.inc(sample, 3)
      else if (metric instanceof Gauge) metric.set(sample, 7)
      else if (metric instanceof Histogram) metric.observe(sample, 0.2)
      const text = await registry.metrics()
      const definition = METRIC_DEFINITIONS.find((d) => d.name === name)
      expect(text).toContain(`# HELP ${name} ${definition?.help}\n`)
      expect(text).toContain(`# TYPE ${name} ${type}\n`)
      const labelText = labels.map((l) => `${l}="${l}-value"`).join(',')
      const series = type === 'histogram' ? `${name}_count` : name
      const value = type === 'counter' ? 3 : type === 'gauge' ? 7 : 1
      expect(text).toContain(
        labels.length === 0 ? `${series} ${value}\n` : `${series}{${labelText}} ${value}\n`,
      )
    },
  )

  it('refuses label names the metric does not have', () => {
    const metrics = createMetrics()
    expect(() =>
      // @ts-expect-error -- `table` is not a label of k2_binance_messages_received_total
      metrics.binanceMessagesReceived.inc({ table: 'trades_v2' }),
    ).toThrow(/label/i)
  })

  it('types each accessor by its labels', () => {
    const metrics = createMetrics()
    expectTypeOf(metrics.binanceMessagesReceived).toEqualTypeOf<Counter<'symbol'>>()
    expectTypeOf(metrics.httpRequestDuration).toEqualTypeOf<Histogram<'method' | 'route'>>()
    expectTypeOf(metrics.circuitBreakerState).toEqualTypeOf<Gauge<'breaker_name'>>()
    expectTypeOf(metrics.kafkaMessagesProduced).toEqualTypeOf<Counter<never>>()
  })

  it('uses the histogram buckets of the table', async () => {
    const metrics = createMetrics()
    metrics.ingestToCommit.observe(4)
    const text = await metrics.registry.metrics()
    for (const le of METRICS.ingestToCommit.buckets) {
      expect(text).toContain(`k2_ingest_to_commit_seconds_bucket{le="${le}"} ${le >= 4 ? 1 : 0}`)
    }
  })

  it('returns the same metrics for the same registry and separate ones for another', async () => {
    const registry = new Registry()
    const a = createMetrics(registry)
    expect(createMetrics(registry)).toBe(a)
    expect(a.registry).toBe(registry)
    const b = createMetrics()
    expect(b.binanceMessagesReceived).not.toBe(a.binanceMessagesReceived)
    await expect(registry.getMetricsAsJSON()).resolves.toHaveLength(METRIC_DEFINITIONS.length)
  })

  it('refuses a registry that already holds a foreign metric with a K2 name', () => {
    const registry = new Registry()
    new Counter({ name: 'k2_actor_restarts_total', help: 'foreign', registers: [registry] })
    let error: unknown
    try {
      createMetrics(registry)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(TelemetryError)
    expect(error).toMatchObject({
      code: 'TELEMETRY_DUPLICATE_METRIC',
      context: { names: ['k2_actor_restarts_total'] },
    })
  })
})
