/**
 * Messages between the benchmark and the child process that runs one K2 append (STYLE.md habit
 * 9: message types apart from the code that handles them). The request travels as the child's
 * one command-line argument (JSON), the reply over the fork IPC channel. Errors cross as data,
 * since error classes do not survive the process hop.
 */

/**
 * What K2 appends from: `rows` times `appendRows` on the `TradeV2` objects; `columns` first reads
 * them into `TableColumns` in batches (as K2's writer actors do as batches arrive, not part of the
 * append) and times `appendColumns` on those typed column arrays.
 */
export type K2Input = 'rows' | 'columns'

/** What one K2 run does: generate `rows` trades, then time appending them to the table. */
export interface K2AppendRequest {
  readonly input: K2Input
  readonly rows: number
  readonly seed: number
  readonly days: number
  /** Warehouse directory; the table is created there if missing (not timed). */
  readonly warehouse: string
}

/** Rows per batch the `columns` input reads at a time (a writer actor's incoming batch). */
export const K2_COLUMNS_BATCH = 1000

/** What one K2 run measured. Seconds are wall-clock; memory is in bytes. */
export interface K2AppendResult {
  readonly type: 'result'
  /** Generating the trades before timing (not part of the append). */
  readonly generationSeconds: number
  /**
   * `columns` input only, not part of `seconds`: reading the trades into `TableColumns` in batches
   * of {@link K2_COLUMNS_BATCH} rows (the CPU a buffering writer spends as batches arrive).
   */
  readonly readSeconds?: number
  /** The whole `appendRows` (or `appendColumns`) call. */
  readonly seconds: number
  /** Inside the Parquet writer: partition split, sorting, encoding, zstd, metrics. */
  readonly writeSeconds: number
  /** The rest of the call: load table, manifest, manifest list, metadata, catalog swap. */
  readonly commitSeconds: number
  /** CPU time of the whole process (all threads, DuckDB's included) during the call. */
  readonly cpuSeconds: number
  /**
   * Time the JS main thread was busy during the call (event-loop utilization `active`): row
   * encoding and partitioning; the rest of the wall time it waited for DuckDB or the disk.
   */
  readonly mainThreadSeconds: number
  /** Data files of the new snapshot, as the call returned them. */
  readonly files: number
  /** `total-records` of the new snapshot's summary. */
  readonly totalRecords: number
  /** Resident set size just before the timed call (input trades already in memory). */
  readonly rssBeforeBytes: number
  /** Peak resident set size of the child process (`process.resourceUsage().maxRSS`). */
  readonly peakRssBytes: number
}

/** A failed run. */
export interface K2AppendFailure {
  readonly type: 'error'
  readonly code: string
  readonly message: string
}

/** The child's one reply. */
export type K2AppendReply = K2AppendResult | K2AppendFailure
