import { createMetrics } from '@k2/telemetry'
import { describe, expect, it } from 'vitest'

import { kafkaIngestMetricsObserver } from './kafka-writer-metrics.js'

function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

const TOPIC = 'market.crypto.trades.binance'
const lag = (partition: number) =>
  `k2_kafka_consumer_lag_messages{topic="${TOPIC}",partition="${partition}"}`

describe('kafkaIngestMetricsObserver', () => {
  it('counts consumed records, keeps the lag per partition and counts dead letters', async () => {
    const metrics = createMetrics()
    const calls: string[] = []
    const observer = kafkaIngestMetricsObserver(metrics, {
      rowsWritten: (_table, rows) => calls.push(`rows ${rows}`),
      batchConsumed: (_topic, partition, records) => calls.push(`batch ${partition} ${records}`),
      reseek: (_topic, partition) => calls.push(`reseek ${partition}`),
    })
    observer.assigned?.([
      { topic: TOPIC, partition: 0 },
      { topic: TOPIC, partition: 1 },
    ])
    observer.batchConsumed?.(TOPIC, 0, 500, 1_200)
    observer.batchConsumed?.(TOPIC, 1, 20, 0)
    observer.batchConsumed?.(TOPIC, 0, 300, 900)
    observer.deadLetter?.(TOPIC, 'CODECS_UNKNOWN_SCHEMA')
    observer.rowsWritten?.('market_data.trades_v2', 820)
    let text = await metrics.registry.metrics()
    expect(valueOf(text, 'k2_kafka_messages_consumed_total')).toBe(820)
    expect(valueOf(text, lag(0))).toBe(900)
    expect(valueOf(text, lag(1))).toBe(0)
    expect(
      valueOf(text, 'k2_dead_letters_total{source="kafka",reason="CODECS_UNKNOWN_SCHEMA"}'),
    ).toBe(1)
    expect(valueOf(text, 'k2_iceberg_rows_written_total{table="market_data.trades_v2"}')).toBe(820)

    observer.reseek?.(TOPIC, 1, 5n, 'gap')
    expect(calls).toEqual(['batch 0 500', 'batch 1 20', 'batch 0 300', 'rows 820', 'reseek 1'])

    // A rebalance takes partition 0 away: its lag is its new owner's to report.
    observer.assigned?.([{ topic: TOPIC, partition: 1 }])
    text = await metrics.registry.metrics()
    expect(valueOf(text, lag(0))).toBeUndefined()
    expect(valueOf(text, lag(1))).toBe(0)
  })
})
