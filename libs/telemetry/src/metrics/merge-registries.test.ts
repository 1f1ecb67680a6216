import { Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'

import { TelemetryError } from '../errors.js'
import { createMetrics } from './create-metrics.js'
import { collectProcessMetrics } from './process-metrics.js'
import {
  METRICS_CONTENT_TYPE,
  mergeMetricJson,
  mergeRegistries,
  serializeRegistry,
  type RegistryJson,
} from './merge-registries.js'

/** Two "workers", each with its own registry, as the supervisor will have them. */
function twoWorkers() {
  return [createMetrics(new Registry()), createMetrics(new Registry())] as const
}

/** The value of one series line in a text exposition, e.g. `name{a="b"}`. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('serializeRegistry + mergeMetricJson', () => {
  it('adds up the counters of two registries, per label set', async () => {
    const [a, b] = twoWorkers()
    a.binanceMessagesReceived.inc({ symbol: 'BTCUSDT' }, 5)
    b.binanceMessagesReceived.inc({ symbol: 'BTCUSDT' }, 7)
    b.binanceMessagesReceived.inc({ symbol: 'ETHUSDT' }, 2)
    a.kafkaMessagesProduced.inc(10)
    b.kafkaMessagesProduced.inc(1)
    // What crosses a thread: structured clones of the JSON.
    const wire = structuredClone([
      await serializeRegistry(a.registry),
      await serializeRegistry(b.registry),
    ])
    const text = await mergeMetricJson(wire)
    expect(valueOf(text, 'k2_binance_messages_received_total{symbol="BTCUSDT"}')).toBe(12)
    expect(valueOf(text, 'k2_binance_messages_received_total{symbol="ETHUSDT"}')).toBe(2)
    expect(valueOf(text, 'k2_kafka_messages_produced_total')).toBe(11)
    expect(text.match(/^# TYPE k2_binance_messages_received_total counter$/gm)).toHaveLength(1)
  })

  it('adds up histogram buckets, sums and counts', async () => {
    const [a, b] = twoWorkers()
    a.ingestToCommit.observe(0.3)
    b.ingestToCommit.observe(4)
    b.ingestToCommit.observe(200)
    const text = await mergeMetricJson([
      await serializeRegistry(a.registry),
      await serializeRegistry(b.registry),
    ])
    expect(valueOf(text, 'k2_ingest_to_commit_seconds_bucket{le="0.5"}')).toBe(1)
    expect(valueOf(text, 'k2_ingest_to_commit_seconds_bucket{le="5"}')).toBe(2)
    expect(valueOf(text, 'k2_ingest_to_commit_seconds_bucket{le="+Inf"}')).toBe(3)
    expect(valueOf(text, 'k2_ingest_to_commit_seconds_count')).toBe(3)
    expect(valueOf(text, 'k2_ingest_to_commit_seconds_sum')).toBeCloseTo(204.3)
  })

  it('combines gauges with their own aggregator', async () => {
    const [a, b] = twoWorkers()
    a.binanceLastMessageTimestamp.set(1_700_000_000)
    b.binanceLastMessageTimestamp.set(1_700_000_050)
    a.binanceConnectionStatus.set(1)
    b.binanceConnectionStatus.set(1)
    a.lastTradePrice.set({ exchange: 'BINANCE', symbol: 'BTCUSDT' }, 43210.5)
    b.lastTradePrice.set({ exchange: 'BINANCE', symbol: 'ETHUSDT' }, 2300.25)
    const text = await mergeMetricJson([
      await serializeRegistry(a.registry),
      await serializeRegistry(b.registry),
    ])
    expect(valueOf(text, 'k2_binance_last_message_timestamp_seconds')).toBe(1_700_000_050)
    expect(valueOf(text, 'k2_binance_connection_status')).toBe(2)
    expect(valueOf(text, 'k2_last_trade_price{exchange="BINANCE",symbol="BTCUSDT"}')).toBe(43210.5)
    expect(valueOf(text, 'k2_last_trade_price{exchange="BINANCE",symbol="ETHUSDT"}')).toBe(2300.25)
  })

  it('keeps metrics that only one registry has, and serves Prometheus text', async () => {
    const [a] = twoWorkers()
    a.actorRestarts.inc({ actor: 'feed-1' })
    const merged = mergeRegistries([await serializeRegistry(a.registry), []])
    expect(await merged.metrics()).toContain('k2_actor_restarts_total{actor="feed-1"} 1')
    expect(merged.contentType).toBe(METRICS_CONTENT_TYPE)
    expect(METRICS_CONTENT_TYPE).toMatch(/^text\/plain; version=0\.0\.4/)
  })

  it('keeps the main thread’s process metrics, `omit` ones included, once', async () => {
    const main = createMetrics(new Registry())
    collectProcessMetrics(main.registry)
    collectProcessMetrics(main.registry) // a second call adds nothing
    const [a, b] = twoWorkers()
    const text = await mergeMetricJson([
      await serializeRegistry(main.registry),
      await serializeRegistry(a.registry),
      await serializeRegistry(b.registry),
    ])
    for (const name of [
      'process_cpu_seconds_total',
      'process_start_time_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text.match(new RegExp(`^# TYPE ${name} `, 'gm')), name).toHaveLength(1)
    }
    expect(valueOf(text, 'process_start_time_seconds')).toBeGreaterThan(1_600_000_000)
    // `omit` still drops a metric that several registries hold (prom-client's cluster rule).
    const omitted = { name: 'x_seconds', help: 'x', type: 'gauge', aggregator: 'omit' }
    const twice = await mergeMetricJson([
      [{ ...omitted, values: [{ value: 1, labels: {} }] }],
      [{ ...omitted, values: [{ value: 2, labels: {} }] }],
    ] as unknown as RegistryJson[])
    expect(twice).not.toContain('x_seconds')
  })

  it.each([
    ['not an array', [{}] as unknown as RegistryJson[]],
    ['a metric without values', [[{ name: 'x', type: 'counter' }]] as unknown as RegistryJson[]],
    [
      'an unknown aggregator',
      [[{ name: 'x', help: 'x', type: 'counter', values: [], aggregator: 'median' }]],
    ],
    [
      'one name with two types',
      [
        [{ name: 'x', help: 'x', type: 'counter', values: [], aggregator: 'sum' }],
        [{ name: 'x', help: 'x', type: 'gauge', values: [], aggregator: 'sum' }],
      ],
    ],
  ])('rejects %s with TELEMETRY_INVALID_METRIC_JSON', (_case, list) => {
    expect(() => mergeRegistries(list as unknown as RegistryJson[])).toThrow(TelemetryError)
    expect(() => mergeRegistries(list as unknown as RegistryJson[])).toThrow(
      expect.objectContaining({ code: 'TELEMETRY_INVALID_METRIC_JSON' }),
    )
  })
})
