import { NOOP_LOGGER, type Logger, type RetryOptions, type TradeV2 } from '@k2/core'
import {
  appendColumns,
  formatTableIdentifier,
  IcebergError,
  loadTable,
  TableColumns,
  type Catalog,
  type FileIO,
  type ParquetWriter,
  type TableIdentifier,
} from '@k2/iceberg'

import { ActorsError } from '../errors.js'
import { validateCommitPolicy, type CommitPolicy } from './commit-policy.js'
import { dropDuplicates } from './duplicate-filter.js'
import { ColumnarBuffer, type BufferedChunk } from './columnar-buffer.js'
import {
  readSourcePositions,
  sourceKey,
  sourcePositionsAppendOptions,
  type SourcePositions,
  type SourceRange,
} from './source-positions.js'
import { estimateTradeBytes } from './trade-size.js'
import { SYSTEM_CLOCK, type WriterClock } from './writer-clock.js'
import type { TradeWriterObserver } from './writer-observer.js'
import { WriterLifecycle } from './writer-lifecycle.js'

/** Options of {@link createTradeBatchWriter}. */
export interface TradeBatchWriterOptions {
  readonly catalog: Catalog
  readonly io: FileIO
  readonly parquet: ParquetWriter
  /** The table to append to, e.g. `TRADES_V2_TABLE.identifier`; it must exist. */
  readonly table: TableIdentifier
  /** Commit triggers; defaults {@link COMMIT_POLICY_DEFAULTS}. */
  readonly policy?: Partial<CommitPolicy>
  readonly clock?: WriterClock
  readonly logger?: Logger
  readonly observer?: TradeWriterObserver
  /** Retry of lost commit races (defaults: `COMMIT_RETRY_DEFAULTS` of `@k2/iceberg`). */
  readonly retry?: Partial<RetryOptions>
  /**
   * Called once when the writer fails (`ACTORS_WRITER_FAILED`: the table's schema changed under
   * its buffered rows), also when the failing commit was started by the age timer, which has no
   * caller to throw to. The owner should replace the writer: a writer actor crashes so that its
   * supervisor restarts it and its sources resync.
   */
  readonly onFailed?: (error: ActorsError) => void
}

/** What one commit did. */
export interface TradeCommit {
  readonly snapshotId: bigint
  /** Rows committed (after dropping duplicates). */
  readonly rows: number
  /** The table's positions after the commit. */
  readonly positions: SourcePositions
}

/** A buffering, exactly-once trade writer (D6, embedded mode); see {@link createTradeBatchWriter}. */
export interface TradeBatchWriter {
  readonly policy: CommitPolicy
  /**
   * Buffers `trades` (dropping those at or below their stream's known position), read into the
   * table's columns at once: a batch holding a value the table rejects is refused whole with
   * `ICEBERG_INVALID_VALUE` and changes nothing. When the buffer
   * reaches `maxRows` or `maxBytes`, commits it and resolves with the commit (back-pressure for
   * the caller); otherwise resolves undefined at once. If that commit fails, its rows stay
   * buffered and the error is thrown. Throws `ACTORS_WRITER_CLOSED` once `close()` has begun, and
   * `ACTORS_WRITER_BACKLOG` (nothing buffered) while it already holds twice `maxRows` or `maxBytes`
   * because commits keep failing: memory stays bounded while the catalog or storage is down.
   * A commit refused because the table's schema or partition spec changed since the rows were read
   * fails the writer: the rows are dropped (they can only be written by a writer that reads them
   * again, for the new schema) and this call and every later one throw `ACTORS_WRITER_FAILED`.
   */
  add(trades: readonly TradeV2[]): Promise<TradeCommit | undefined>
  /** Commits what is buffered (undefined when nothing was); waits for earlier commits first. */
  flush(): Promise<TradeCommit | undefined>
  /** Resolves when every commit started so far has finished (including age-triggered ones). */
  idle(): Promise<void>
  /** Stops the age timer, refuses new trades and commits what is buffered (nothing once failed). */
  close(): Promise<void>
  /** The positions this writer knows to be committed (read at start, advanced by commits). */
  positions(): SourcePositions
  /**
   * Per stream, the highest sequence this writer holds, committed or buffered: where a source
   * that feeds this writer in sequence order resumes (after its own restart or an overload) so that
   * nothing is lost or repeated. Equal to {@link positions} after a restart of the writer.
   */
  accepted(): SourcePositions
  /** Rows and estimated bytes buffered now. */
  buffered(): { readonly rows: number; readonly bytes: number }
  /**
   * Resolves at once while the buffer is below `maxRows` and `maxBytes`; otherwise when the next
   * commit takes the buffer (or the writer closes). A caller that waits for it before it decodes
   * and adds its next batch keeps that batch in its compact received form meanwhile, so a writer
   * holds about two commits' worth of rows (the one being written and the next one, as column
   * values), however far its sources run ahead.
   */
  whenRoom(): Promise<void>
}

/** Rounds of "fenced -> drop what others committed -> retry the rest" before giving up. */
const MAX_FENCED_ROUNDS = 5

/**
 * Creates a writer for one table and reads the table's stored source positions.
 *
 * Commits happen when the buffer reaches `maxRows` rows or `maxBytes` estimated bytes, or when
 * its oldest row has waited `maxAgeMs` (a timer), whichever comes first; each commit is one
 * `appendRows` snapshot whose summary carries `k2.source-positions` (D6).
 *
 * Exactly-once (embedded mode): trades at or below their stream's known position are dropped
 * before writing (duplicate suppression after a restart). Each commit is conditional on the
 * table's stored positions still being below the batch's first sequence per stream; if another
 * writer got there first (a zombie or a duplicate writer), the commit is refused, the trades it
 * covers are dropped and reported (`duplicatesDropped(..., 'fenced', n)`), and the rest is
 * committed on the new positions.
 *
 * Concurrency: commits run one at a time in the order they were asked for; trades added while a
 * commit runs go into the next one. A failed commit (catalog down, I/O) puts its rows back into
 * the buffer and is retried by the next trigger; re-committing is safe, since the positions
 * refuse anything that did land.
 */
export async function createTradeBatchWriter(
  options: TradeBatchWriterOptions,
): Promise<TradeBatchWriter> {
  const policy = validateCommitPolicy(options.policy)
  const clock = options.clock ?? SYSTEM_CLOCK
  const observer = options.observer ?? {}
  const tableName = formatTableIdentifier(options.table)
  const logger = (options.logger ?? NOOP_LOGGER).child({
    component: 'trade-writer',
    table: tableName,
  })
  const ctx = {
    catalog: options.catalog,
    io: options.io,
    parquet: options.parquet,
    logger: options.logger ?? NOOP_LOGGER,
  }
  const lifecycle = new WriterLifecycle(logger)
  const loaded = await loadTable(ctx, options.table)
  // Buffered trades are read into the table's columns as they arrive (no TradeV2 objects kept).
  let metadata = loaded.metadata
  const buffer = new ColumnarBuffer<TradeV2>(
    () => new TableColumns<TradeV2>(metadata),
    estimateTradeBytes,
  )
  let known: SourcePositions = readSourcePositions(loaded)
  // Highest sequence per stream held here (committed or buffered); sources deliver each stream in
  // order, so anything at or below it is a repeat (e.g. a feed that resumed from `accepted()`).
  const highest = new Map<string, number>(known)
  const raise = (positions: SourcePositions) => {
    for (const [key, seq] of positions) {
      if (seq > (highest.get(key) ?? -Infinity)) highest.set(key, seq)
    }
  }
  let chain: Promise<unknown> = Promise.resolve()
  let timer: unknown
  let roomWaiters: Array<() => void> = []
  const hasRoom = () => buffer.size < policy.maxRows && buffer.estimatedBytes < policy.maxBytes
  const wakeRoomWaiters = () => {
    const waiters = roomWaiters
    roomWaiters = []
    for (const wake of waiters) wake()
  }
  logger.info({ streams: known.size }, 'trade writer started')

  const reportDropped = (reason: 'committed' | 'repeated' | 'fenced', rows: number) => {
    if (rows === 0) return
    observer.duplicatesDropped?.(tableName, reason, rows)
    logger[reason === 'fenced' ? 'warn' : 'debug']({ reason, rows }, 'dropped duplicate trades')
  }

  const reportConflicts = (n: number) => {
    for (let i = 0; i < n; i++) observer.commitConflict?.()
  }

  const disarm = () => {
    if (timer !== undefined) clock.clearTimer(timer)
    timer = undefined
  }

  const arm = (delayMs?: number) => {
    const oldest = buffer.oldestAt
    if (timer !== undefined || oldest === undefined || lifecycle.state !== 'open') return
    const delay = delayMs ?? Math.max(0, oldest + policy.maxAgeMs - clock.now())
    timer = clock.setTimer(() => {
      timer = undefined
      commitBuffered().catch(() => undefined) // reported by commitBuffered
    }, delay)
  }

  /**
   * Writes and commits the buffered `chunks`, leaving out rows at or below the known positions
   * (re-checked after each refusal by the positions precondition).
   */
  const commitChunks = async (
    chunks: readonly BufferedChunk<TradeV2>[],
  ): Promise<TradeCommit | undefined> => {
    const skips = chunks.map((c) => new Uint8Array(c.rows))
    const total = chunks.reduce((n, c) => n + c.rows, 0)
    let skipped = 0
    for (let round = 0; round < MAX_FENCED_ROUNDS; round++) {
      let dropped = 0
      chunks.forEach((c, i) => (dropped += c.skipCommitted(known, skips[i]!)))
      skipped += dropped
      reportDropped(round === 0 ? 'committed' : 'fenced', dropped)
      const rows = total - skipped
      if (rows === 0) return undefined
      const ranges = new Map<string, SourceRange>()
      chunks.forEach((c, i) => c.ranges(ranges, skips[i]))
      const hooks = sourcePositionsAppendOptions(ranges)
      let attempts = 0
      let baseMoved: SourcePositions | undefined
      const started = clock.now()
      try {
        const parts = chunks.map((c, i) => ({
          columns: c.columns,
          ...(skipped > 0 ? { skip: skips[i]! } : {}),
        }))
        const { table, snapshot } = await appendColumns(ctx, options.table, parts, {
          summary: hooks.summary,
          precondition: (base) => {
            attempts++
            baseMoved = readSourcePositions(base)
            hooks.precondition?.(base)
          },
          ...(options.retry ? { retry: options.retry } : {}),
        })
        reportConflicts(attempts - 1)
        metadata = table.metadata
        known = readSourcePositions(table)
        raise(known)
        const finished = clock.now()
        observer.writeDuration?.((finished - started) / 1000)
        observer.rowsWritten?.(tableName, rows)
        if (observer.ingestToCommit) {
          const ages: number[] = []
          chunks.forEach((c, i) => c.ages(finished * 1000, ages, skips[i]))
          observer.ingestToCommit(ages)
        }
        logger.debug({ rows, snapshotId: String(snapshot['snapshot-id']) }, 'commit')
        return { snapshotId: snapshot['snapshot-id'], rows, positions: known }
      } catch (err) {
        reportConflicts(Math.max(0, attempts - 1))
        if (!(err instanceof IcebergError && err.code === 'ICEBERG_PRECONDITION_FAILED')) throw err
        // Another writer committed some of these streams since we last looked: learn its
        // positions, drop what it covers (next round) and commit the rest.
        const merged = new Map(known)
        for (const [key, stored] of baseMoved ?? new Map<string, number>()) {
          if (stored > (merged.get(key) ?? -Infinity)) merged.set(key, stored)
        }
        known = merged
        raise(known)
        logger.warn({ err: err.message }, 'commit fenced by stored source positions')
      }
    }
    throw new ActorsError(
      'ACTORS_COMMIT_FENCED',
      `gave up after ${MAX_FENCED_ROUNDS} commits refused by moving source positions`,
      { context: { table: tableName } },
    )
  }

  /**
   * The table changed under the buffered columns: they can never be committed, and nothing this
   * writer holds says which rows of later batches follow on from them. Drops them, refuses
   * everything from now on and tells the owner, who replaces the writer; its sources then resume
   * from the table's positions (D6), so the dropped rows are sent again.
   */
  const fail = (cause: IcebergError, rows: number): ActorsError => {
    const error = new ActorsError(
      'ACTORS_WRITER_FAILED',
      `table ${tableName} changed under ${rows} buffered rows (${cause.message}); restart the writer`,
      { cause, context: { table: tableName, rows } },
    )
    if (lifecycle.state === 'failed') return error
    lifecycle.transitionTo('failed')
    disarm()
    buffer.take()
    // What this writer holds is what the table holds now (sources resume from there).
    highest.clear()
    for (const [key, seq] of known) highest.set(key, seq)
    wakeRoomWaiters()
    observer.commitFailed?.(error)
    logger.error({ err: cause, rows }, 'table changed under the buffered rows; writer failed')
    options.onFailed?.(error)
    return error
  }

  const commitBuffered = (): Promise<TradeCommit | undefined> => {
    const run = chain.then(async () => {
      disarm()
      const chunks = buffer.take()
      wakeRoomWaiters()
      if (chunks.length === 0) return undefined
      try {
        const result = await commitChunks(chunks)
        arm()
        return result
      } catch (err) {
        if (err instanceof IcebergError && err.code === 'ICEBERG_SCHEMA_CHANGED') {
          throw fail(
            err,
            chunks.reduce((n, c) => n + c.rows, 0),
          )
        }
        buffer.restore(chunks)
        observer.commitFailed?.(err)
        const rows = chunks.reduce((n, c) => n + c.rows, 0)
        logger.error({ err, rows }, 'commit failed; rows kept for the next attempt')
        arm(policy.maxAgeMs)
        throw err
      }
    })
    chain = run.catch(() => undefined)
    return run
  }

  return {
    policy,
    async add(trades) {
      lifecycle.requireOpen()
      if (buffer.size >= 2 * policy.maxRows || buffer.estimatedBytes >= 2 * policy.maxBytes) {
        // Commits are failing (catalog or storage down): refuse rather than grow without bound;
        // the source keeps its place and sends again later (feeds resync from `accepted()`).
        throw new ActorsError(
          'ACTORS_WRITER_BACKLOG',
          `writer holds ${buffer.size} uncommitted rows (${buffer.estimatedBytes} bytes): refusing more until a commit succeeds`,
          { context: { table: tableName, rows: buffer.size, bytes: buffer.estimatedBytes } },
        )
      }
      // One pass against what this writer holds; drops at or below the table's positions count
      // as `committed`, the rest as `repeated`.
      const { kept, committed, repeated } = dropDuplicates(trades, highest, known)
      // Read into the table's columns first: a batch with a value the table rejects is refused
      // whole (ICEBERG_INVALID_VALUE) and changes nothing.
      buffer.push(kept, clock.now())
      reportDropped('committed', committed)
      reportDropped('repeated', repeated)
      for (const t of kept) {
        if (t.source_sequence !== null) highest.set(sourceKey(t), t.source_sequence)
      }
      if (buffer.size >= policy.maxRows || buffer.estimatedBytes >= policy.maxBytes) {
        return commitBuffered()
      }
      arm()
      return undefined
    },
    async flush() {
      if (lifecycle.state === 'failed') lifecycle.requireOpen()
      return commitBuffered()
    },
    idle: () => chain.then(() => undefined),
    async close() {
      if (lifecycle.state === 'closed') return
      if (lifecycle.state === 'failed') return lifecycle.transitionTo('closed')
      if (lifecycle.state === 'open') lifecycle.transitionTo('closing')
      disarm()
      wakeRoomWaiters()
      await commitBuffered()
      lifecycle.transitionTo('closed')
    },
    positions: () => known,
    accepted: () => new Map(highest),
    buffered: () => ({ rows: buffer.size, bytes: buffer.estimatedBytes }),
    whenRoom() {
      if (hasRoom() || lifecycle.state !== 'open') return Promise.resolve()
      return new Promise<void>((resolve) => roomWaiters.push(resolve))
    },
  }
}
