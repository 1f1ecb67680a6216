import { createMetrics } from '@k2/telemetry'
import { describe, expect, it } from 'vitest'

import { writerMetricsObserver } from './writer-metrics.js'

function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('writerMetricsObserver', () => {
  it('keeps the writer’s D8 metrics and passes every call on', async () => {
    const metrics = createMetrics()
    const calls: string[] = []
    const observer = writerMetricsObserver(metrics, {
      rowsWritten: (table, rows) => calls.push(`rows ${table} ${rows}`),
      duplicatesDropped: (_table, reason, rows) => calls.push(`dup ${reason} ${rows}`),
    })
    observer.rowsWritten?.('market_data.trades_v2', 3)
    observer.rowsWritten?.('market_data.trades_v2', 2)
    observer.rowsWritten?.('market_data.quotes_v2', 7)
    observer.writeDuration?.(0.07)
    observer.writeDuration?.(0.3)
    observer.commitConflict?.()
    observer.ingestToCommit?.([0.2, 0.8, 4, 200])
    observer.duplicatesDropped?.('market_data.trades_v2', 'committed', 4)
    const text = await metrics.registry.metrics()
    const rows = (table: string) => `k2_iceberg_rows_written_total{table="${table}"}`
    expect(valueOf(text, rows('market_data.trades_v2'))).toBe(5)
    expect(valueOf(text, rows('market_data.quotes_v2'))).toBe(7)
    expect(valueOf(text, 'k2_iceberg_write_duration_seconds_count')).toBe(2)
    expect(valueOf(text, 'k2_iceberg_write_duration_seconds_bucket{le="0.1"}')).toBe(1)
    expect(valueOf(text, 'k2_iceberg_commit_conflicts_total')).toBe(1)
    // Freshness: one observation per committed row.
    expect(valueOf(text, 'k2_ingest_to_commit_seconds_count')).toBe(4)
    expect(valueOf(text, 'k2_ingest_to_commit_seconds_bucket{le="1"}')).toBe(2)
    expect(valueOf(text, 'k2_ingest_to_commit_seconds_bucket{le="5"}')).toBe(3)
    expect(valueOf(text, 'k2_ingest_to_commit_seconds_bucket{le="120"}')).toBe(3)
    expect(valueOf(text, 'k2_ingest_to_commit_seconds_sum')).toBeCloseTo(205)
    expect(calls).toEqual([
      'rows market_data.trades_v2 3',
      'rows market_data.trades_v2 2',
      'rows market_data.quotes_v2 7',
      'dup committed 4',
    ])
  })
})
