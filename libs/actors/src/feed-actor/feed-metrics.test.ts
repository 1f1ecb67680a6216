import { createMetrics } from '@k2/telemetry'
import { describe, expect, it } from 'vitest'

import type { SequenceEvent } from '../sequence/index.js'
import { trade } from '../writer/testing/trade-fixtures.js'
import { lastTradePrices, sequenceMetricsObserver } from './feed-metrics.js'

/** The value of one series line in a text exposition, e.g. `name{a="b"}`; undefined if absent. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

const event = (result: SequenceEvent['result'], symbol = 'BTCUSDT'): SequenceEvent => ({
  result,
  exchange: 'BINANCE',
  symbol,
  sequence: 5,
  expected: 11,
  gap: -6,
  previousSequence: 10,
  previousTimestamp: 1n as never,
  timestamp: 2n as never,
})

describe('lastTradePrices', () => {
  it('sets k2_last_trade_price{exchange,symbol} to each stream’s last trade, on collect only', async () => {
    const metrics = createMetrics()
    const prices = lastTradePrices(metrics)
    prices.record(trade('BTCUSDT', 1)) // 101.12345678
    prices.record(trade('BTCUSDT', 3)) // 103.12345678
    prices.record(trade('ETHUSDT', 6)) // 106.12345678
    const series = (symbol: string) => `k2_last_trade_price{exchange="BINANCE",symbol="${symbol}"}`
    expect(valueOf(await metrics.registry.metrics(), series('BTCUSDT'))).toBeUndefined()
    prices.collect()
    const text = await metrics.registry.metrics()
    expect(valueOf(text, series('BTCUSDT'))).toBe(103.12345678)
    expect(valueOf(text, series('ETHUSDT'))).toBe(106.12345678)
  })
})

describe('sequenceMetricsObserver', () => {
  it('passes every event on and counts resets per stream (gaps are the feed’s to count)', async () => {
    const metrics = createMetrics()
    const seen: string[] = []
    const observer = sequenceMetricsObserver(metrics, {
      sequenceEvent: (e) => seen.push(e.result),
    })
    for (const result of ['reset', 'small_gap', 'large_gap', 'out_of_order', 'reset'] as const) {
      observer.sequenceEvent(event(result))
    }
    observer.sequenceEvent(event('reset', 'ETHUSDT'))
    expect(seen).toEqual(['reset', 'small_gap', 'large_gap', 'out_of_order', 'reset', 'reset'])
    const text = await metrics.registry.metrics()
    expect(valueOf(text, 'k2_sequence_resets_total{exchange="BINANCE",symbol="BTCUSDT"}')).toBe(2)
    expect(valueOf(text, 'k2_sequence_resets_total{exchange="BINANCE",symbol="ETHUSDT"}')).toBe(1)
    expect(text).not.toContain('k2_sequence_gaps_detected_total{')
  })
})
