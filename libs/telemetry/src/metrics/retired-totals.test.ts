import { Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'

import { createMetrics, type K2Metrics } from './create-metrics.js'
import { mergeMetricJson, serializeRegistry, type RegistryJson } from './merge-registries.js'
import { createRetiredTotals } from './retired-totals.js'

/** The value of one series line in a text exposition, e.g. `name{a="b"}`. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

const worker = () => createMetrics(new Registry())
const json = (m: K2Metrics) => serializeRegistry(m.registry)

/** What `/metrics` shows: the retired totals plus every live worker, merged. */
async function scrape(retired: RegistryJson, live: readonly K2Metrics[]): Promise<string> {
  return mergeMetricJson([retired, ...(await Promise.all(live.map(json)))])
}

describe('createRetiredTotals', () => {
  it('is empty at first', () => {
    expect(createRetiredTotals().snapshot()).toEqual([])
  })

  it('keeps a restarted worker’s counters and histograms so the merged totals never go back', async () => {
    const totals = createRetiredTotals()
    const other = worker()
    let writer = worker()
    other.icebergRowsWritten.inc({ table: 'market_data.trades_v2' }, 100)
    writer.icebergRowsWritten.inc({ table: 'market_data.trades_v2' }, 40)
    writer.ingestToCommit.observe(0.3)
    writer.ingestToCommit.observe(3)
    writer.binanceConnectionStatus.set(1)
    const series = 'k2_iceberg_rows_written_total{table="market_data.trades_v2"}'
    const before = await scrape(totals.snapshot(), [other, writer])
    expect(valueOf(before, series)).toBe(140)
    expect(valueOf(before, 'k2_binance_connection_status')).toBe(1)

    // The writer dies: its last scraped values are retired, a new incarnation starts at zero.
    totals.retire(await json(writer))
    writer = worker()
    const after = await scrape(totals.snapshot(), [other, writer])
    expect(valueOf(after, series)).toBe(140)
    expect(valueOf(after, 'k2_ingest_to_commit_seconds_count')).toBe(2)
    expect(valueOf(after, 'k2_ingest_to_commit_seconds_bucket{le="0.5"}')).toBe(1)
    expect(valueOf(after, 'k2_ingest_to_commit_seconds_sum')).toBeCloseTo(3.3)
    // Its gauges went with it.
    expect(valueOf(after, 'k2_binance_connection_status')).toBe(0)

    writer.icebergRowsWritten.inc({ table: 'market_data.trades_v2' }, 5)
    writer.ingestToCommit.observe(0.3)
    const later = await scrape(totals.snapshot(), [other, writer])
    expect(valueOf(later, series)).toBe(145)
    expect(valueOf(later, 'k2_ingest_to_commit_seconds_bucket{le="0.5"}')).toBe(2)
    expect(valueOf(later, 'k2_ingest_to_commit_seconds_count')).toBe(3)
  })

  it('adds up several retirements per label set, and keeps only counters and histograms', async () => {
    const totals = createRetiredTotals()
    for (const n of [1, 2, 3]) {
      const m = worker()
      m.actorRestarts.inc({ actor: 'writer-0' }, n)
      m.binanceMessagesReceived.inc({ symbol: n === 3 ? 'ETHUSDT' : 'BTCUSDT' }, 10 * n)
      m.lastTradePrice.set({ exchange: 'BINANCE', symbol: 'BTCUSDT' }, 43_000 + n)
      totals.retire(await json(m))
    }
    const snapshot = totals.snapshot()
    expect(
      snapshot.map((m) => String(m.type)).every((t) => t === 'counter' || t === 'histogram'),
    ).toBe(true)
    const text = await mergeMetricJson([snapshot])
    expect(valueOf(text, 'k2_actor_restarts_total{actor="writer-0"}')).toBe(6)
    expect(valueOf(text, 'k2_binance_messages_received_total{symbol="BTCUSDT"}')).toBe(30)
    expect(valueOf(text, 'k2_binance_messages_received_total{symbol="ETHUSDT"}')).toBe(30)
    expect(text).not.toContain('k2_last_trade_price{')
  })

  it('serves a snapshot that survives a thread hop and does not change with later retirements', () => {
    const totals = createRetiredTotals()
    const metric = {
      name: 'k2_kafka_messages_produced_total',
      help: 'h',
      type: 'counter',
      aggregator: 'sum',
      values: [{ value: 2, labels: {} }],
    }
    totals.retire([metric] as unknown as RegistryJson)
    const first = structuredClone(totals.snapshot())
    totals.retire([metric] as unknown as RegistryJson)
    expect(first[0]?.values[0]?.value).toBe(2)
    expect(totals.snapshot()[0]?.values[0]?.value).toBe(4)
  })
})
