import type { K2Metrics } from '@k2/telemetry'

import type { TradeWriterObserver } from '../writer/index.js'

/** The metrics a writer feeds (D8). */
export type WriterMetrics = Pick<
  K2Metrics,
  'icebergRowsWritten' | 'icebergWriteDuration' | 'icebergCommitConflicts' | 'ingestToCommit'
>

/**
 * The writer observer that keeps a writer's D8 metrics: `k2_iceberg_rows_written_total{table}`
 * and `k2_iceberg_write_duration_seconds` per commit, `k2_iceberg_commit_conflicts_total` per
 * lost compare-and-swap, and freshness, `k2_ingest_to_commit_seconds`, observed once per committed
 * row (seconds from its receipt, `ingestion_timestamp`, to the commit that made it readable).
 * Used by the embedded and the Kafka writer actors; `also` gets every call too (the actor's stats).
 */
export function writerMetricsObserver(
  metrics: WriterMetrics,
  also: TradeWriterObserver = {},
): TradeWriterObserver {
  return {
    ...also,
    rowsWritten(table, rows) {
      metrics.icebergRowsWritten.inc({ table }, rows)
      also.rowsWritten?.(table, rows)
    },
    writeDuration(seconds) {
      metrics.icebergWriteDuration.observe(seconds)
      also.writeDuration?.(seconds)
    },
    commitConflict() {
      metrics.icebergCommitConflicts.inc()
      also.commitConflict?.()
    },
    ingestToCommit(seconds) {
      for (const s of seconds) metrics.ingestToCommit.observe(s)
      also.ingestToCommit?.(seconds)
    },
  }
}
