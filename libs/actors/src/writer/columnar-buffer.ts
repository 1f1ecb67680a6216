import type { TableColumns } from '@k2/iceberg'

import type { SequencedRecord } from './sequenced-record.js'
import { sourceKey, type SourcePositions, type SourceRange } from './source-positions.js'

/**
 * Rows a writer took in one stretch (between two commits), read into the table's Parquet
 * columns as they arrived, with what exactly-once needs of each row: its stream, its sequence
 * and its receipt time. The row objects are not kept: a buffered trade costs its column values
 * (~200 bytes) instead of a `TradeV2` object graph (~1.7 KiB), and nothing for the garbage
 * collector to trace.
 */
export class BufferedChunk<R extends SequencedRecord> {
  /** Rows held. */
  rows = 0
  /** Estimated encoded bytes of the rows (the commit policy's measure). */
  bytes = 0
  private readonly streams: string[] = []
  private readonly streamIndex = new Map<string, number>()
  /** Per row: index into `streams`, sequence (NaN when the record has none), receipt time (µs). */
  private streamOf = new Uint32Array(1024)
  private seqs = new Float64Array(1024)
  private ingestion = new Float64Array(1024)

  constructor(
    readonly columns: TableColumns<R>,
    /** When the first row was buffered (ms). */
    readonly oldestAt: number,
  ) {}

  /**
   * Reads `records` into the columns, all or none: a value the table rejects throws
   * (`ICEBERG_INVALID_VALUE`) and nothing of `records` is kept.
   */
  push(records: readonly R[], estimate: (record: R) => number): void {
    this.columns.append(records)
    const n = this.rows + records.length
    if (n > this.seqs.length) this.grow(n)
    let lastExchange: string | undefined
    let lastSymbol: string | undefined
    let stream = 0
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!
      if (r.exchange !== lastExchange || r.symbol !== lastSymbol) {
        lastExchange = r.exchange
        lastSymbol = r.symbol
        stream = this.streamNumber(sourceKey(r))
      }
      const row = this.rows + i
      this.streamOf[row] = stream
      this.seqs[row] = r.source_sequence ?? Number.NaN
      this.ingestion[row] = r.ingestion_timestamp
      this.bytes += estimate(r)
    }
    this.rows = n
  }

  /**
   * Marks the rows at or below their stream's position in `positions` (committed by someone
   * else meanwhile) in `skip` (kept across calls); returns how many were newly marked.
   */
  skipCommitted(positions: SourcePositions, skip: Uint8Array): number {
    const bounds = this.streams.map((key) => positions.get(key) ?? Number.NEGATIVE_INFINITY)
    let marked = 0
    for (let row = 0; row < this.rows; row++) {
      // NaN (no sequence) is never at or below a position: such rows are always written.
      if (skip[row] === 0 && this.seqs[row]! <= bounds[this.streamOf[row]!]!) {
        skip[row] = 1
        marked++
      }
    }
    return marked
  }

  /** Lowest and highest sequence per stream of the rows not skipped (all rows without `skip`). */
  ranges(into: Map<string, SourceRange>, skip?: Uint8Array): void {
    for (let row = 0; row < this.rows; row++) {
      const seq = this.seqs[row]!
      if (skip?.[row] === 1 || Number.isNaN(seq)) continue
      const key = this.streams[this.streamOf[row]!]!
      const r = into.get(key) as { first: number; last: number } | undefined
      if (r === undefined) into.set(key, { first: seq, last: seq })
      else {
        if (seq < r.first) r.first = seq
        if (seq > r.last) r.last = seq
      }
    }
  }

  /** Seconds from receipt to `nowMicros` of each row not skipped (freshness). */
  ages(nowMicros: number, into: number[], skip?: Uint8Array): void {
    for (let row = 0; row < this.rows; row++) {
      if (skip?.[row] !== 1) into.push((nowMicros - this.ingestion[row]!) / 1e6)
    }
  }

  private streamNumber(key: string): number {
    let index = this.streamIndex.get(key)
    if (index === undefined) {
      index = this.streams.length
      this.streams.push(key)
      this.streamIndex.set(key, index)
    }
    return index
  }

  private grow(n: number): void {
    const size = Math.max(n, 2 * this.seqs.length)
    const streamOf = new Uint32Array(size)
    streamOf.set(this.streamOf.subarray(0, this.rows))
    this.streamOf = streamOf
    const seqs = new Float64Array(size)
    seqs.set(this.seqs.subarray(0, this.rows))
    this.seqs = seqs
    const ingestion = new Float64Array(size)
    ingestion.set(this.ingestion.subarray(0, this.rows))
    this.ingestion = ingestion
  }
}

/**
 * The rows a writer holds between commits, as {@link BufferedChunk}s: new rows go into the open
 * chunk; a commit takes every chunk (a new one opens for rows that arrive meanwhile), and a
 * failed commit puts its chunks back in front, to be written again with the next commit.
 */
export class ColumnarBuffer<R extends SequencedRecord> {
  private chunks: BufferedChunk<R>[] = []
  private open: BufferedChunk<R> | undefined
  private rows = 0
  private bytes = 0

  /**
   * @param newColumns empty columns for the table as it is now (the writer's latest metadata).
   * @param estimate a record's estimated encoded bytes (e.g. `estimateTradeBytes`).
   */
  constructor(
    private readonly newColumns: () => TableColumns<R>,
    private readonly estimate: (record: R) => number,
  ) {}

  /** Buffered rows. */
  get size(): number {
    return this.rows
  }

  /** Estimated encoded bytes of the buffered rows. */
  get estimatedBytes(): number {
    return this.bytes
  }

  /** When the oldest buffered row was buffered (ms), undefined when empty. */
  get oldestAt(): number | undefined {
    return this.chunks[0]?.oldestAt
  }

  /** Appends `records`, buffered at `now` (ms); all or none (see {@link BufferedChunk.push}). */
  push(records: readonly R[], now: number): void {
    if (records.length === 0) return
    let chunk = this.open
    if (chunk === undefined) chunk = new BufferedChunk(this.newColumns(), now)
    const before = chunk.bytes
    chunk.push(records, this.estimate)
    if (this.open === undefined) {
      this.open = chunk
      this.chunks.push(chunk)
    }
    this.rows += records.length
    this.bytes += chunk.bytes - before
  }

  /** Empties the buffer and returns its chunks (oldest first). */
  take(): BufferedChunk<R>[] {
    const chunks = this.chunks
    this.chunks = []
    this.open = undefined
    this.rows = 0
    this.bytes = 0
    return chunks
  }

  /** Puts the chunks of a failed commit back in front of what arrived since. */
  restore(chunks: readonly BufferedChunk<R>[]): void {
    if (chunks.length === 0) return
    this.chunks = [...chunks, ...this.chunks]
    for (const c of chunks) {
      this.rows += c.rows
      this.bytes += c.bytes
    }
  }
}
