/**
 * Hooks a writer calls for metrics (D8); every hook is optional. The actor wires them to the
 * telemetry registry; the writer itself has no metrics dependency.
 */
export interface TradeWriterObserver {
  /** Rows committed to `table` (`namespace.name`) by one commit. */
  rowsWritten?(table: string, rows: number): void
  /** Seconds one commit took: Parquet encoding plus the catalog commit (with retries). */
  writeDuration?(seconds: number): void
  /** A commit attempt lost the compare-and-swap to another writer and was re-applied. */
  commitConflict?(): void
  /**
   * Freshness of one commit: for each committed row, seconds from its `ingestion_timestamp` to
   * the commit (histogram-friendly: observe each value).
   */
  ingestToCommit?(seconds: readonly number[]): void
  /**
   * Trades dropped before writing: `committed` = at or below the stored position of their stream
   * (a restart or a replay), `repeated` = the same sequence twice in one batch, `fenced` = the
   * commit was refused because another writer had committed them meanwhile (D6).
   */
  duplicatesDropped?(table: string, reason: 'committed' | 'repeated' | 'fenced', rows: number): void
  /** A commit failed for a reason other than fencing; its rows went back into the buffer. */
  commitFailed?(error: unknown): void
}
