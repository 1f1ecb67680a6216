import type { TradeWriterObserver } from '../writer/index.js'

/** Why the ingestor moved a partition's fetch position (logged and counted). */
export type ReseekReason = 'assignment' | 'gap' | 'fenced'

/**
 * Metrics hooks of the Kafka-mode ingestor (D8); every hook is optional. The writer hooks keep
 * their meaning (`duplicatesDropped(..., 'committed', n)` = trades at or below their stream's
 * committed `k2.source-positions`, i.e. re-produced by the source).
 */
export interface KafkaIngestObserver extends TradeWriterObserver {
  /**
   * A commit was refused because the table's stored offsets of some of its partitions moved (a
   * zombie or another member committed them); the batch was dropped and the partitions re-read.
   */
  commitFenced?(table: string, partitions: readonly string[]): void
  /** An undecodable record went to the dead-letter handler. */
  deadLetter?(topic: string, code: string): void
  /** Records fetched again below the partition's expected offset and skipped (already taken). */
  recordsSkipped?(topic: string, partition: number, records: number): void
  /** A partition's fetch position was moved to `offset`. */
  reseek?(topic: string, partition: number, offset: bigint, reason: ReseekReason): void
  /** Buffered, uncommitted rows were dropped (they will be re-read from Kafka). */
  bufferDropped?(rows: number, reason: 'assignment' | 'fenced' | 'stop-without-commit'): void
  /**
   * A batch of an assigned partition was fetched: `records` messages (decoded or not), and `lag`,
   * the messages between its last one and the partition's high watermark (0 when caught up).
   */
  batchConsumed?(topic: string, partition: number, records: number, lag: number): void
  /**
   * A decoded record is taken into the buffer (tracing, D8: its `traceparent` header joins the
   * trade's trace). Called per record: leave it undefined unless tracing is on.
   */
  recordTaken?(value: object, headers: Readonly<Record<string, string>>, topic: string): void
  /** The partitions this member owns after a rebalance (others' per-partition values are stale). */
  assigned?(partitions: readonly { readonly topic: string; readonly partition: number }[]): void
}
