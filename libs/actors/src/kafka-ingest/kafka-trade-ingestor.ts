import { NOOP_LOGGER } from '@k2/core'
import {
  appendColumns,
  formatTableIdentifier,
  IcebergError,
  loadTable,
  QUOTES_V2_TABLE,
  TableColumns,
  TRADES_V2_TABLE,
  type IcebergTable,
  type TableIdentifier,
} from '@k2/iceberg'
import {
  createMarketDataDecoder,
  createRecordConsumer,
  fetchPartitionOffsets,
  type ConsumedBatch,
  type ConsumedRecord,
  type MarketDataRecord,
  type TopicPartition,
} from '@k2/kafka'

import {
  estimateQuoteBytes,
  estimateTradeBytes,
  readKafkaOffsets,
  readSourcePositions,
  ColumnarBuffer,
  sourceKey,
  SYSTEM_CLOCK,
  topicPartitionKey,
  validateCommitPolicy,
  type CommitPolicy,
  type KafkaOffsets,
  type SequencedRecord,
  type SourcePositions,
  type SourceRange,
} from '../writer/index.js'
import { rejectedRecord } from './rejected-record.js'
import { ingestAppendOptions } from './ingest-append-options.js'
import { IngestorLifecycle, type IngestorState } from './ingestor-lifecycle.js'
import type { KafkaIngestObserver, ReseekReason } from './kafka-ingest-observer.js'
import {
  validateKafkaIngestorOptions,
  type IngestDataType,
  type KafkaIngestorOptions,
} from './kafka-ingest-options.js'
import { OffsetRanges } from './offset-ranges.js'
import { placeBatch } from './partition-cursor.js'

/** Counters of one ingestor since it was created. */
export interface KafkaIngestStats {
  /** What it ingests: `trades` or `quotes`. */
  readonly dataType: IngestDataType
  readonly state: IngestorState
  /** `topic:partition` keys this member owns now. */
  readonly assignment: readonly string[]
  readonly commits: number
  readonly rowsWritten: number
  /** Records taken in offset order (rows, dead letters and source duplicates alike). */
  readonly recordsTaken: number
  /** Records fetched again below their partition's expected offset and skipped. */
  readonly recordsSkipped: number
  /** Fetch-position moves (assignment, gap, fenced). */
  readonly reseeks: number
  /** Commits refused because another writer moved the stored offsets. */
  readonly fenced: number
  /** Records at or below their stream's committed position, or repeated in the buffer. */
  readonly duplicatesDropped: number
  readonly deadLetters: number
  /** Buffered rows dropped uncommitted (rebalance, fencing, stop without commit). */
  readonly rowsDropped: number
  readonly buffered: { readonly rows: number; readonly bytes: number; readonly partitions: number }
}

/** A Kafka-mode, exactly-once ingestor of trades or quotes (D6); see {@link createKafkaIngestor}. */
export interface KafkaIngestor {
  readonly policy: CommitPolicy
  /** Joins the group and starts consuming; resolves once the member has joined. */
  start(): Promise<void>
  /**
   * Stops fetching, commits what is buffered (unless `commit: false`, which simulates a crash:
   * the buffer is dropped and re-read by whoever owns the partitions next), then leaves the group.
   */
  stop(options?: { readonly commit?: boolean }): Promise<void>
  /** The table's `k2.kafka.offsets` as this ingestor last read or committed them. */
  positions(): KafkaOffsets
  /** The table's `k2.source-positions` as this ingestor last read or committed them. */
  sourcePositions(): SourcePositions
  stats(): KafkaIngestStats
}

/** The former name of {@link KafkaIngestor}. */
export type KafkaTradeIngestor = KafkaIngestor

/** Per data type: the table it lands in by default and the size estimate of its buffer. */
/**
 * A writer's fetches wait for this much data (or the consumer's 500 ms wait): with the kafkajs
 * default (1 byte) a writer at 10,000 trades/s fetched a few records at a time, and fetch
 * requests took most of the writers' and the broker's CPU. Up to 500 ms more latency on a
 * quiet topic, well inside a commit interval.
 */
const FETCH_MIN_BYTES = 64 * 1024

const DATA_TYPE_TABLES: Record<
  IngestDataType,
  { readonly table: TableIdentifier; readonly estimate: (record: never) => number }
> = {
  trades: { table: TRADES_V2_TABLE.identifier, estimate: estimateTradeBytes },
  quotes: { table: QUOTES_V2_TABLE.identifier, estimate: estimateQuoteBytes },
}

/** Messages between a batch's last one and its partition's high watermark (0 if not a number). */
function lagAfter(batch: { readonly highWatermark: string; readonly lastOffset: string }): number {
  if (!/^\d+$/.test(batch.highWatermark) || !/^\d+$/.test(batch.lastOffset)) return 0
  const lag = BigInt(batch.highWatermark) - BigInt(batch.lastOffset) - 1n
  return lag > 0n ? Number(lag) : 0
}

/** `topic:partition` -> topic and partition (topic names cannot contain `:`). */
function partitionOfKey(key: string): TopicPartition {
  const at = key.lastIndexOf(':')
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) }
}

/**
 * Creates one consumer-group member that ingests the topics of one data type (`trades`, the
 * default, or `quotes`: sequenced market records) into its Iceberg table exactly once.
 *
 * Positions live in the table, not in Kafka: on every assignment the member drops what it had
 * buffered, reloads the table and seeks each assigned partition to its stored next offset
 * (`k2.kafka.offsets`; the partition's earliest offset when none is stored). It then keeps an
 * expected next offset per partition: fetched records below it are skipped, a batch that starts
 * above it is a gap and the partition is re-seeked (see `placeBatch`). Each commit is one
 * `appendRows` whose precondition requires the stored offsets to equal the batch's first offsets;
 * a refusal (a zombie or a second group committed them) drops the batch, reloads the table and
 * re-seeks. Kafka group offsets are committed after each Iceberg commit for lag monitoring only.
 *
 * Undecodable records go to `deadLetter` and still advance the offset. Records at or below their
 * stream's committed `k2.source-positions` (a feed re-producing after its restart, a CSV file
 * loaded again) are dropped, and so are repeats of a sequence already buffered.
 *
 * Concurrency: batches, commits (size, age and final) and assignment changes run one at a time
 * on one promise chain, so buffer, ranges and expected offsets never change under a commit.
 * kafkajs hands batches over one at a time; the age timer and GROUP_JOIN queue behind them.
 */
export function createKafkaIngestor(options: KafkaIngestorOptions): KafkaIngestor {
  validateKafkaIngestorOptions(options)
  const dataType = options.dataType ?? 'trades'
  const defaults = DATA_TYPE_TABLES[dataType]
  const table = options.table ?? defaults.table
  const policy = validateCommitPolicy(options.policy)
  const clock = options.clock ?? SYSTEM_CLOCK
  const observer: KafkaIngestObserver = options.observer ?? {}
  const tableName = formatTableIdentifier(table)
  const logger = (options.logger ?? NOOP_LOGGER).child({
    component: 'kafka-ingest',
    table: tableName,
    dataType,
    groupId: options.groupId,
  })
  const ctx = {
    catalog: options.catalog,
    io: options.io,
    parquet: options.parquet,
    logger: options.logger ?? NOOP_LOGGER,
  }
  const lifecycle = new IngestorLifecycle(logger)

  let assigned = new Map<string, TopicPartition>()
  /** Expected next offset per assigned partition; missing = not synced with the table yet. */
  const cursors = new Map<string, bigint>()
  /** Start offset of partitions with no stored offset (for the precondition). */
  const starts = new Map<string, bigint>()
  let stored: KafkaOffsets = new Map()
  let known: SourcePositions = new Map()
  /** The table's metadata as last read or committed: buffered rows are read for its schema. */
  let metadata: IcebergTable['metadata'] | undefined
  const buffer = new ColumnarBuffer<SequencedRecord>(
    () => {
      if (metadata === undefined) throw new Error('rows buffered before the table was read')
      return new TableColumns<SequencedRecord>(metadata)
    },
    defaults.estimate as (record: SequencedRecord) => number,
  )
  const ranges = new OffsetRanges()
  /** Sequences buffered per stream, to drop repeats before they reach the table. */
  const bufferedSeqs = new Map<string, Set<number>>()
  let chain: Promise<unknown> = Promise.resolve()
  let timer: unknown
  let stopping: Promise<void> | undefined
  const counts = {
    commits: 0,
    rowsWritten: 0,
    recordsTaken: 0,
    recordsSkipped: 0,
    reseeks: 0,
    fenced: 0,
    duplicatesDropped: 0,
    deadLetters: 0,
    rowsDropped: 0,
  }

  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn)
    chain = run.catch(() => undefined)
    return run
  }

  const consumer = createRecordConsumer<MarketDataRecord>({
    kafka: options.kafka,
    groupId: options.groupId,
    topics: options.topics,
    fromBeginning: true,
    groupOffsets: 'manual',
    minBytes: FETCH_MIN_BYTES,
    decode: options.decode ?? createMarketDataDecoder(),
    onBatch: (batch) => serial(() => handleBatch(batch)),
    onAssigned: (assignment) => {
      serial(() => assign(assignment)).catch(() => undefined) // reported by assign
    },
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}),
  })

  const adopt = (table: IcebergTable) => {
    metadata = table.metadata
    stored = readKafkaOffsets(table)
    known = readSourcePositions(table)
  }

  const reseek = (key: string, offset: bigint, reason: ReseekReason) => {
    const { topic, partition } = partitionOfKey(key)
    consumer.seek({ topic, partition, offset })
    counts.reseeks++
    observer.reseek?.(topic, partition, offset, reason)
    logger[reason === 'assignment' ? 'debug' : 'warn'](
      { topic, partition, offset: String(offset), reason },
      'seek',
    )
  }

  const dropBuffer = (reason: 'assignment' | 'fenced' | 'stop-without-commit') => {
    const rows = buffer.take().reduce((n, c) => n + c.rows, 0)
    ranges.clear()
    bufferedSeqs.clear()
    if (rows === 0) return
    counts.rowsDropped += rows
    observer.bufferDropped?.(rows, reason)
    logger.info({ rows, reason }, 'dropped uncommitted rows; they will be read again')
  }

  /** Reloads the table and seeks every assigned partition without an expected offset. */
  const sync = async (reason: ReseekReason) => {
    adopt(await loadTable(ctx, table))
    const unsynced = [...assigned.keys()].filter((key) => !cursors.has(key))
    const earliest = new Map<string, bigint>()
    const topics = new Set(
      unsynced.filter((k) => !stored.has(k)).map((k) => assigned.get(k)!.topic),
    )
    for (const topic of topics) {
      for (const p of await fetchPartitionOffsets(options.kafka, topic)) {
        earliest.set(topicPartitionKey(topic, p.partition), p.low)
      }
    }
    for (const key of unsynced) {
      const at = stored.get(key) ?? earliest.get(key) ?? 0n
      if (stored.has(key)) starts.delete(key)
      else starts.set(key, at)
      cursors.set(key, at)
      reseek(key, at, reason)
    }
  }

  const assign = async (assignment: readonly TopicPartition[]) => {
    if (lifecycle.state !== 'starting' && lifecycle.state !== 'running') return
    dropBuffer('assignment')
    assigned = new Map(assignment.map((tp) => [topicPartitionKey(tp.topic, tp.partition), tp]))
    observer.assigned?.(assignment)
    cursors.clear()
    starts.clear()
    try {
      await sync('assignment')
    } catch (err) {
      // The next batch of an unsynced partition tries again (and fails its batch if it must).
      logger.error({ err }, 'cannot position the assigned partitions; retrying on the next batch')
      throw err
    }
  }

  const disarm = () => {
    if (timer !== undefined) clock.clearTimer(timer)
    timer = undefined
  }

  const arm = (delayMs?: number) => {
    const oldest = buffer.oldestAt
    if (timer !== undefined || oldest === undefined || lifecycle.state !== 'running') return
    const delay = delayMs ?? Math.max(0, oldest + policy.maxAgeMs - clock.now())
    timer = clock.setTimer(() => {
      timer = undefined
      serial(() => commit()).catch(() => undefined) // reported by commit
    }, delay)
  }

  /** True when a record is new: its stream has it neither committed nor buffered. */
  const isNew = (record: SequencedRecord): boolean => {
    const seq = record.source_sequence
    if (seq !== null) {
      const key = sourceKey(record)
      const position = known.get(key)
      let seqs = bufferedSeqs.get(key)
      const reason =
        position !== undefined && seq <= position ? 'committed' : seqs?.has(seq) ? 'repeated' : ''
      if (reason !== '') {
        counts.duplicatesDropped++
        observer.duplicatesDropped?.(tableName, reason as 'committed' | 'repeated', 1)
        return false
      }
      if (seqs === undefined) bufferedSeqs.set(key, (seqs = new Set()))
      seqs.add(seq)
    }
    return true
  }

  /**
   * Buffers a batch's new records (read into the table's columns); if the table rejects a value,
   * the records are taken one by one and each rejected one goes to the dead-letter path.
   */
  const bufferRecords = async (records: readonly ConsumedRecord<MarketDataRecord>[]) => {
    const values = records.map((r) => r.value as SequencedRecord)
    try {
      buffer.push(values, clock.now())
      return
    } catch (err) {
      if (!(err instanceof IcebergError && err.code === 'ICEBERG_INVALID_VALUE')) throw err
    }
    for (const record of records) {
      try {
        buffer.push([record.value as SequencedRecord], clock.now())
      } catch (err) {
        if (!(err instanceof IcebergError && err.code === 'ICEBERG_INVALID_VALUE')) throw err
        const failure = rejectedRecord(record, err)
        await options.deadLetter(failure)
        counts.deadLetters++
        observer.deadLetter?.(failure.topic, failure.error.code)
      }
    }
  }

  const handleBatch = async (batch: ConsumedBatch<MarketDataRecord>) => {
    if (lifecycle.state !== 'starting' && lifecycle.state !== 'running') return
    const key = topicPartitionKey(batch.topic, batch.partition)
    if (!assigned.has(key)) return // a batch of a partition revoked since it was fetched
    observer.batchConsumed?.(
      batch.topic,
      batch.partition,
      batch.records.length + batch.failures.length,
      lagAfter(batch),
    )
    if (!cursors.has(key)) await sync('assignment')
    const expected = cursors.get(key)
    if (expected === undefined) return
    const entries = [
      ...batch.records.map((r) => ({ offset: BigInt(r.offset), record: r, failure: undefined })),
      ...batch.failures.map((f) => ({ offset: BigInt(f.offset), record: undefined, failure: f })),
    ].sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0))
    const placement = placeBatch(
      entries.map((e) => e.offset),
      expected,
    )
    if (placement.kind === 'gap') {
      reseek(key, expected, 'gap')
      return
    }
    const skip = placement.kind === 'behind' ? entries.length : placement.skip
    if (skip > 0) {
      counts.recordsSkipped += skip
      observer.recordsSkipped?.(batch.topic, batch.partition, skip)
    }
    const taken: ConsumedRecord<MarketDataRecord>[] = []
    for (const entry of entries.slice(skip)) {
      if (entry.failure) {
        const f = entry.failure
        await options.deadLetter(f)
        counts.deadLetters++
        observer.deadLetter?.(f.topic, f.error.code)
      } else if (entry.record) {
        const { value, headers, topic } = entry.record
        observer.recordTaken?.(value as object, headers, topic)
        if (isNew(value as SequencedRecord)) taken.push(entry.record)
      }
      ranges.take(key, entry.offset)
      cursors.set(key, entry.offset + 1n)
      counts.recordsTaken++
    }
    await bufferRecords(taken)
    if (buffer.size >= policy.maxRows || buffer.estimatedBytes >= policy.maxBytes) await commit()
    else arm()
  }

  /** Commits what is buffered; rows of a failed commit stay buffered and the error is thrown. */
  const commit = async (): Promise<void> => {
    disarm()
    // A batch of only dead letters or duplicates has no row to write; its offsets wait for the
    // next commit with rows (appends need a data file).
    if (buffer.size === 0) return
    const chunks = buffer.take()
    const rows = chunks.reduce((n, c) => n + c.rows, 0)
    const batchRanges = ranges.snapshot()
    const streams = new Map<string, SourceRange>()
    for (const c of chunks) c.ranges(streams)
    const hooks = ingestAppendOptions(batchRanges, streams, starts)
    let attempts = 0
    const started = clock.now()
    try {
      const parts = chunks.map((c) => ({ columns: c.columns }))
      const { table: committed } = await appendColumns(ctx, table, parts, {
        summary: hooks.summary,
        precondition: (base) => {
          attempts++
          hooks.precondition(base)
        },
        ...(options.retry ? { retry: options.retry } : {}),
      })
      for (let i = 1; i < attempts; i++) observer.commitConflict?.()
      adopt(committed)
      ranges.clear()
      bufferedSeqs.clear()
      const finished = clock.now()
      counts.commits++
      counts.rowsWritten += rows
      observer.writeDuration?.((finished - started) / 1000)
      observer.rowsWritten?.(tableName, rows)
      if (observer.ingestToCommit) {
        const ages: number[] = []
        for (const c of chunks) c.ages(finished * 1000, ages)
        observer.ingestToCommit(ages)
      }
      logger.debug({ rows, partitions: batchRanges.size }, 'commit')
    } catch (err) {
      for (let i = 1; i < attempts; i++) observer.commitConflict?.()
      const code = err instanceof IcebergError ? err.code : undefined
      if (code === 'ICEBERG_PRECONDITION_FAILED' || code === 'ICEBERG_SCHEMA_CHANGED') {
        // Fenced (another writer moved the stored offsets) or the table changed under the
        // buffered columns: drop the buffer and read the records again from the table's offsets.
        if (code === 'ICEBERG_PRECONDITION_FAILED') counts.fenced++
        buffer.restore(chunks) // so that dropBuffer counts and reports them
        dropBuffer('fenced')
        cursors.clear()
        await sync('fenced')
        const moved = [...batchRanges].filter(([k, r]) => stored.get(k) !== r.first)
        observer.commitFenced?.(
          tableName,
          moved.map(([k]) => k),
        )
        logger.warn({ err: (err as Error).message }, 'commit refused; re-reading from the table')
        return
      }
      buffer.restore(chunks)
      observer.commitFailed?.(err)
      logger.error({ err, rows }, 'commit failed; rows kept for the next attempt')
      arm(policy.maxAgeMs)
      throw err
    }
    // Group offsets follow the table, for lag monitoring only (never read back for positioning).
    const commits = [...batchRanges].map(([k, r]) => ({ ...partitionOfKey(k), offset: r.next }))
    await consumer.commitOffsets(commits).catch((err: unknown) => {
      logger.warn({ err }, 'cannot commit group offsets (lag monitoring only)')
    })
  }

  return {
    policy,
    async start() {
      lifecycle.transitionTo('starting')
      try {
        await consumer.start()
        lifecycle.transitionTo('running')
        logger.info({ topics: options.topics, dataType }, 'kafka ingestor started')
      } catch (err) {
        await consumer.stop().catch(() => undefined)
        lifecycle.transitionTo('stopped')
        throw err
      }
    },
    stop(stopOptions = {}) {
      if (stopping !== undefined) return stopping
      if (lifecycle.state === 'stopped') return Promise.resolve()
      const final = stopOptions.commit !== false
      stopping = (async () => {
        const wasRunning = lifecycle.state === 'running'
        lifecycle.transitionTo(wasRunning ? 'stopping' : 'stopped')
        if (!wasRunning) return
        disarm()
        try {
          consumer.pause()
          await serial(async () => {
            if (final) await commit()
            else dropBuffer('stop-without-commit')
          })
        } finally {
          await consumer.stop()
          lifecycle.transitionTo('stopped')
          logger.info({ committed: final }, 'kafka ingestor stopped')
        }
      })()
      return stopping
    },
    positions: () => stored,
    sourcePositions: () => known,
    stats: () => ({
      dataType,
      state: lifecycle.state,
      assignment: [...assigned.keys()].sort(),
      ...counts,
      buffered: { rows: buffer.size, bytes: buffer.estimatedBytes, partitions: ranges.size },
    }),
  }
}

/** The former name of {@link createKafkaIngestor} (trades unless `dataType` says otherwise). */
export const createKafkaTradeIngestor = createKafkaIngestor
