import { IcebergError } from '../errors.js'
import type { StructType } from '../spec/types.js'
import { parquetSchema, type ParquetSchema } from './encode/parquet-schema.js'
import { u32 } from './encode/shared-arrays.js'
import { ColumnReader, type SourceLeaf } from './encode/shred.js'
import type { PartitionSplit } from './write-request.js'

/** Rows read per block: all columns of a block are read while its row objects are cached. */
const READ_BLOCK = 1024

/** One partition's columns, read so far. */
class PartitionColumns {
  readonly readers: ColumnReader[]
  /** Index (in append order over all partitions) of each row of this partition. */
  rowIds = u32(1024)
  private finished: SourceLeaf[][] | undefined

  constructor(
    readonly key: string | null,
    schema: ParquetSchema,
  ) {
    this.readers = schema.columns.map((column) => new ColumnReader(column))
  }

  get rowCount(): number {
    return this.readers[0]?.rowCount ?? 0
  }

  /** The leaves of every column (read once; the same arrays on every call). */
  sources(): SourceLeaf[][] {
    this.finished ??= this.readers.map((reader) => reader.finish())
    return this.finished
  }

  /**
   * Reads `rows` (whose row numbers start at `ids.first`, or are `ids`); yields after every
   * {@link BLOCKS_PER_PAUSE} blocks (a caller that reads synchronously ignores the yields).
   */
  *read(
    rows: readonly object[],
    ids: { readonly first: number } | Uint32Array,
  ): Generator<void, void, void> {
    const n = rows.length
    const at = this.rowCount
    if (at + n > this.rowIds.length) {
      const next = u32(Math.max(at + n, 2 * this.rowIds.length))
      next.set(this.rowIds.subarray(0, at))
      this.rowIds = next
    }
    if (ids instanceof Uint32Array) this.rowIds.set(ids, at)
    else for (let i = 0; i < n; i++) this.rowIds[at + i] = ids.first + i
    for (const reader of this.readers) reader.reserve(Math.min(n, READ_BLOCK))
    let blocks = 0
    for (let from = 0; from < n; from += READ_BLOCK) {
      const to = Math.min(n, from + READ_BLOCK)
      for (const reader of this.readers) reader.read(rows, from, to)
      // Sized like the first block for the rest of the batch: no growing while reading.
      if (from === 0 && to < n) for (const reader of this.readers) reader.reserve(n - to)
      if (++blocks % BLOCKS_PER_PAUSE === 0) yield
    }
  }
}

/** One partition's rows read into columns, as the Parquet writer takes them. */
export interface ColumnsPartition {
  readonly key: string | null
  /** Row number (in append order over all partitions) of each of the partition's rows. */
  readonly rowIds: Uint32Array
  readonly rowCount: number
  /** Per top-level column, its leaves. */
  readonly sources: SourceLeaf[][]
}

/** Blocks read between yields of a yielding read. */
const BLOCKS_PER_PAUSE = 32

/**
 * Rows already read into Parquet columns, per partition key, ready for
 * `ParquetWriter.write({ columns })`. A writer that buffers rows between commits appends each
 * batch as it arrives and keeps only these typed arrays, not the row objects: every value is
 * checked and converted once, at `append` (so a bad batch is refused there, and the rows read
 * before it are kept), the buffered rows cost a fraction of the memory of objects, and the
 * garbage collector has nothing of them to trace.
 *
 * Rows are numbered in append order (0, 1, ...); `ParquetWriteRequest.skip` names rows not to
 * write by these numbers. Once written, the columns take no more rows; they can be written again
 * (a commit that failed is retried with the same files' contents).
 */
export class RowColumns<Row extends object = object> {
  private readonly parts = new Map<string | null, PartitionColumns>()
  private rows = 0
  private sealed = false

  /**
   * @param schema the Iceberg schema (JSON form) the rows follow; every file gets its field ids.
   * @param partition one file per partition key (see `PartitionSplit`); one file when absent.
   */
  constructor(
    readonly schema: StructType,
    readonly partition?: PartitionSplit<Row>,
  ) {
    this.parquet = parquetSchema(schema)
  }

  /** The Parquet schema the columns are read for. */
  readonly parquet: ParquetSchema

  /** Rows appended so far. */
  get rowCount(): number {
    return this.rows
  }

  /**
   * Reads `rows` into the columns: all of them, or none (a value the schema rejects throws
   * `ICEBERG_INVALID_VALUE` naming the column, and what was read of the batch is dropped; a
   * partition hook that throws is `ICEBERG_INVALID_ARGUMENT`). The rows are not kept.
   */
  append(rows: readonly Row[]): void {
    for (const _ of this.appendSteps(rows)) {
      // read synchronously: the steps' yields are for appendYielding
    }
  }

  /**
   * {@link append} that yields to the event loop (`pause`) every 32 blocks of 1,024 rows: for a
   * large write whose encoding workers need their next jobs meanwhile.
   */
  async appendYielding(rows: readonly Row[], pause: () => Promise<void>): Promise<void> {
    for (const _ of this.appendSteps(rows)) await pause()
  }

  /** The partitions with rows, in order of first appearance; the columns take no more rows. */
  partitions(): readonly ColumnsPartition[] {
    this.sealed = true
    return [...this.parts.values()]
      .filter((p) => p.rowCount > 0)
      .map((p) => ({
        key: p.key,
        rowIds: p.rowIds.subarray(0, p.rowCount),
        rowCount: p.rowCount,
        sources: p.sources(),
      }))
  }

  private *appendSteps(rows: readonly Row[]): Generator<void, void, void> {
    if (this.sealed) {
      throw new IcebergError(
        'ICEBERG_INVALID_ARGUMENT',
        'these columns were written already and take no more rows',
      )
    }
    if (!Array.isArray(rows)) {
      throw new IcebergError('ICEBERG_INVALID_ARGUMENT', 'rows must be an array')
    }
    if (rows.length === 0) return
    const first = this.rows
    const groups = splitByPartition(rows, this.partition, first)
    const marks = new Map([...this.parts].map(([key, p]) => [key, p.readers.map((r) => r.mark())]))
    try {
      for (const [key, group] of groups) {
        let part = this.parts.get(key)
        if (part === undefined)
          this.parts.set(key, (part = new PartitionColumns(key, this.parquet)))
        yield* part.read(group.rows, group.ids)
      }
    } catch (err) {
      for (const [key, part] of this.parts) {
        const mark = marks.get(key)
        if (mark === undefined) this.parts.delete(key)
        else part.readers.forEach((reader, c) => reader.rollback(mark[c]!))
      }
      throw err
    }
    this.rows = first + rows.length
  }
}

/** Rows of one partition key with their row numbers. */
export interface PartitionGroup<Row> {
  readonly rows: readonly Row[]
  readonly ids: { readonly first: number } | Uint32Array
}

/**
 * `rows` by partition key (keys in order of first appearance; one `null` key when unpartitioned),
 * with their row numbers counted from `first`; the rows themselves, not a copy, when they all
 * have one key.
 */
export function splitByPartition<Row extends object>(
  rows: readonly Row[],
  partition: PartitionSplit<Row> | undefined,
  first = 0,
): Map<string | null, PartitionGroup<Row>> {
  if (partition === undefined) return new Map([[null, { rows, ids: { first } }]])
  const keys = rows.map((row) => callerHook('keyOf', () => partition.keyOf(row)))
  if (keys.every((k) => k === keys[0])) return new Map([[keys[0]!, { rows, ids: { first } }]])
  const byKey = new Map<string, number[]>()
  keys.forEach((key, i) => {
    const list = byKey.get(key)
    if (list === undefined) byKey.set(key, [i])
    else list.push(i)
  })
  return new Map(
    [...byKey].map(([key, indices]) => [
      key,
      { rows: indices.map((i) => rows[i]!), ids: Uint32Array.from(indices, (i) => first + i) },
    ]),
  )
}

/** Runs a partition hook of the caller; what it throws or returns wrong is a bad argument. */
export function callerHook(name: 'keyOf' | 'pathOf', run: () => unknown): string {
  let result: unknown
  try {
    result = run()
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    throw new IcebergError('ICEBERG_INVALID_ARGUMENT', `partition ${name} threw: ${reason}`, {
      cause: err,
    })
  }
  if (typeof result !== 'string') {
    throw new IcebergError('ICEBERG_INVALID_ARGUMENT', `partition ${name} must return a string`)
  }
  return result
}
