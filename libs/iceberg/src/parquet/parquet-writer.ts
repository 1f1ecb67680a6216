import { randomUUID } from 'node:crypto'
import { mkdir, open, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'

import { IcebergError } from '../errors.js'
import { toLocalPath } from '../io/local-path.js'
import type { StructType } from '../spec/types.js'
import { fieldIdsOption, planColumns, type ColumnPlan } from './column-plan.js'
import { toIcebergError } from './duckdb-errors.js'
import { EncodePool } from './encode/encode-pool.js'
import {
  assembleFile,
  columnRanges,
  encodeColumns,
  joinRowGroupParts,
  encodeRowGroup,
  rowGroupRanges,
  rowGroupScratch,
  type EncodedFile,
  type RowGroupScratch,
} from './encode/file-encoder.js'
import { sharedCopy, shareSources, sourcesMessage } from './encode/shared-sources.js'
import type { SourceLeaf } from './encode/shred.js'
import { createPageCompressor, type PageCompressor } from './encode/page-compressor.js'
import { parquetSchema, type ParquetSchema } from './encode/parquet-schema.js'
import { sortSources, type SortKey } from './encode/sort-rows.js'
import type { SortingColumn } from './format/parquet-metadata.js'
import {
  validateParquetWriterOptions,
  type ParquetWriterOptions,
} from './parquet-writer-options.js'
import { rewriteFiles } from './parquet-rewrite.js'
import { callerHook, RowColumns, splitByPartition, type ColumnsPartition } from './row-columns.js'
import { checkRewriteRequest, type ParquetRewriteRequest } from './rewrite-request.js'
import {
  checkPartitionPath,
  checkRequest,
  resolveSortOrder,
  type ParquetWriteRequest,
  type PartitionSplit,
  type SortColumn,
} from './write-request.js'
import type { WrittenDataFile } from './written-data-file.js'

/** Writes Iceberg Parquet data files. */
export interface ParquetWriter {
  /**
   * Writes `rows` (or `columns`, rows read before: see `RowColumns`, less `skip`) as one Parquet
   * file per partition key (or one file), rows sorted by the sort order, every column with its
   * Iceberg field id, and returns each file with its metrics, in the order the partition keys
   * first appear (a partition whose rows are all skipped gets no file). Writes run one at a time. On failure no file of
   * the call is left behind and the error is an `IcebergError` (`ICEBERG_INVALID_VALUE` for a
   * rejected row value, `ICEBERG_INVALID_ARGUMENT` for a bad request, `ICEBERG_IO_FAILED` else).
   */
  write<Row extends object>(request: ParquetWriteRequest<Row>): Promise<WrittenDataFile[]>
  /** Waits for the running write and closes DuckDB; later writes throw. */
  close(): Promise<void>
}

/**
 * Rewrites existing data files (compaction, D4). A separate capability from {@link ParquetWriter}
 * so that wrappers of the row writer need not implement it; `createParquetWriter` gives both.
 */
export interface ParquetRewriter {
  /**
   * Reads `sources` in DuckDB and writes their rows sorted into one or more new files under
   * `directory` (split by `targetFileSizeBytes`), with field ids and the same metrics as
   * {@link ParquetWriter.write}, and checks that the row count is kept. Runs in turn with the
   * writer's writes. On failure no new file is left behind; a missing source is
   * `ICEBERG_NOT_FOUND`.
   */
  rewrite(request: ParquetRewriteRequest): Promise<WrittenDataFile[]>
}

/** The writer `createParquetWriter` gives: rows and rewrites, and a way to cut a rewrite short. */
export interface DuckdbParquetWriter extends ParquetWriter, ParquetRewriter {
  /**
   * Interrupts the rewrite DuckDB is running now (it then fails as `ICEBERG_IO_FAILED`, leaving
   * no new file behind); for a prompt shutdown. No-op when DuckDB is idle or not open.
   */
  interrupt(): void
}

/** What a schema turns into, once: its Parquet schema and, for rewrites, DuckDB's column plan. */
interface Plan {
  readonly parquet: ParquetSchema
  readonly sortKeys: Map<string, { readonly leaf: number; readonly column: number }>
  duckdb?: { readonly columns: readonly ColumnPlan[]; readonly fieldIds: string }
  /** Buffers for the row groups this thread encodes. */
  scratch?: RowGroupScratch
}

/**
 * Opens a Parquet writer. Writes are encoded by K2's own Parquet encoder (`encode/`, `format/`):
 * rows are read into columns per partition key (`RowColumns`), each partition is sorted (see `sortSources`), gathered into
 * columns row group by row group, encoded (dictionary for repetitive strings, RLE levels, PLAIN
 * values), compressed (zstd by default) and written with one `writev`; the Iceberg metrics come
 * out of the same pass. Rewrites (compaction) read and sort existing files with an in-memory
 * DuckDB (time zone UTC), opened on the first rewrite.
 */
export async function createParquetWriter(
  options: Partial<ParquetWriterOptions> = {},
): Promise<DuckdbParquetWriter> {
  const settings = validateParquetWriterOptions(options)
  const compressor: PageCompressor = createPageCompressor(
    settings.compression,
    settings.compressionLevel,
  )
  const plans = new WeakMap<StructType, Plan>()
  let duckdb: Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> | undefined
  let queue: Promise<unknown> = Promise.resolve()
  let closed = false
  const pool = settings.encodeWorkers > 0 ? new EncodePool(settings.encodeWorkers) : undefined

  const planFor = (schema: StructType): Plan => {
    let plan = plans.get(schema)
    if (plan === undefined) {
      const parquet = parquetSchema(schema)
      const sortKeys = new Map<string, { leaf: number; column: number }>()
      for (const [index, column] of parquet.columns.entries()) {
        if (column.kind !== 'primitive') continue
        sortKeys.set(column.field.name, {
          leaf: parquet.leaves.indexOf(column.leaf),
          column: index,
        })
      }
      plan = { parquet, sortKeys }
      plans.set(schema, plan)
    }
    return plan
  }

  const openDuckdb = () => {
    duckdb ??= (async () => {
      const config: Record<string, string> = {}
      if (settings.threads !== undefined) config['threads'] = String(settings.threads)
      if (settings.memoryLimit !== undefined) config['memory_limit'] = settings.memoryLimit
      const instance = await DuckDBInstance.create(':memory:', config)
      try {
        const conn = await instance.connect()
        await conn.run("SET TimeZone = 'UTC'")
        return { instance, conn }
      } catch (err) {
        instance.closeSync()
        throw toIcebergError(err, { op: 'open' })
      }
    })()
    return duckdb
  }

  const writeNow = async <Row extends object>(
    request: ParquetWriteRequest<Row>,
  ): Promise<WrittenDataFile[]> => {
    checkRequest(request)
    const byRows = !('columns' in request)
    const schema = byRows ? request.schema : request.columns.schema
    const partition = byRows ? request.partition : request.columns.partition
    const plan = planFor(schema)
    const { keys, sortingColumns } = sortOrderOf(plan, request.sortOrder)
    const directory = toLocalPath(request.directory)
    const skip = byRows ? undefined : request.skip
    const rowCount = byRows ? request.rows.length : request.columns.rowCount
    if (rowCount === 0) return []
    const parallel = pool !== undefined && rowCount >= settings.parallelMinRows
    // Rows are read partition by partition, so that workers encode one while the next is read.
    const parts = byRows
      ? readPartitions(request.rows, schema, partition, parallel)
      : request.columns.partitions()
    const writeId = randomUUID()
    const paths: string[] = []
    const written: Promise<WrittenDataFile>[] = []
    try {
      let index = 0
      for await (const part of parts) {
        const { key, sources } = part
        let order = sortSources(
          keys.map((k) => sources[plan.sortKeys.get(k.name)!.column]![0]!),
          keys,
          part.rowCount,
        )
        if (skip !== undefined) order = withoutSkipped(order, part.rowIds, skip)
        if (order.length === 0) continue
        const relative =
          key === null ? '' : checkPartitionPath(callerHook('pathOf', () => partition!.pathOf(key)))
        const path = join(
          directory,
          relative,
          `${writeId}-${String(index++).padStart(5, '0')}.parquet`,
        )
        paths.push(path)
        const writeFile = async (encoded: EncodedFile): Promise<WrittenDataFile> => {
          await mkdir(dirname(path), { recursive: true })
          await writeParts(path, encoded.parts)
          return { path, partitionKey: key, ...encoded.metrics }
        }
        if (!parallel) {
          written.push(
            Promise.resolve(
              await writeFile(
                encodeColumns(sources, order, plan.parquet, {
                  compressor,
                  rowGroupSize: settings.rowGroupSize,
                  truncateLength: settings.truncateLength,
                  sortingColumns,
                }),
              ),
            ),
          )
          continue
        }
        const file = encodeInPool(pool!, schema, plan, sources, order, sortingColumns).then(
          writeFile,
        )
        // Handled below (allSettled); without this a failure before then would be "unhandled".
        file.catch(() => undefined)
        written.push(file)
      }
      if (parallel) await pool!.runQueued()
      return await settleAll(written)
    } catch (err) {
      if (parallel) await pool!.runQueued()
      await Promise.allSettled(written)
      await Promise.allSettled(paths.map((p) => rm(p, { force: true })))
      throw toIcebergError(err, { directory: request.directory })
    }
  }

  /** Encodes a file's row groups in the pool (and on this thread), then puts the file together. */
  const encodeInPool = async (
    encodePool: EncodePool,
    schema: StructType,
    plan: Plan,
    sources: SourceLeaf[][],
    order: Uint32Array,
    sortingColumns: readonly SortingColumn[],
  ): Promise<EncodedFile> => {
    const shared = shareSources(sources)
    const sharedOrder = sharedCopy(order)
    plan.scratch ??= rowGroupScratch(plan.parquet)
    const scratch = plan.scratch
    // Jobs of a row group's column ranges: small enough that every thread stays busy to the end.
    const ranges = columnRanges(shared, COLUMN_RANGES)
    const messages = ranges.map((columns) => sourcesMessage(shared, columns))
    const groups = await Promise.all(
      rowGroupRanges(order.length, settings.rowGroupSize).map(async ([from, to]) =>
        joinRowGroupParts(
          await Promise.all(
            ranges.map((columns, r) =>
              encodePool.submit(
                {
                  schema,
                  sources: messages[r]!,
                  order: sharedOrder,
                  from,
                  to,
                  columns,
                  compression: settings.compression,
                  compressionLevel: settings.compressionLevel,
                },
                () =>
                  encodeRowGroup(
                    shared,
                    sharedOrder,
                    from,
                    to,
                    plan.parquet,
                    { compressor },
                    scratch,
                    columns,
                  ),
              ),
            ),
          ),
        ),
      ),
    )
    return assembleFile(groups, plan.parquet, order.length, {
      truncateLength: settings.truncateLength,
      sortingColumns,
    })
  }

  const enqueue = <T>(run: () => Promise<T>): Promise<T> => {
    if (closed) {
      return Promise.reject(
        new IcebergError('ICEBERG_INVALID_ARGUMENT', 'the Parquet writer is closed'),
      )
    }
    const result = queue.then(run)
    queue = result.catch(() => undefined)
    return result
  }

  return {
    write: (request) => enqueue(() => writeNow(request)),
    rewrite: (request) =>
      enqueue(async () => {
        checkRewriteRequest(request)
        const plan = planFor(request.schema)
        if (plan.duckdb === undefined) {
          const columns = planColumns(request.schema)
          plan.duckdb = { columns, fieldIds: fieldIdsOption(columns) }
        }
        const { conn } = await openDuckdb()
        return rewriteFiles(conn, request, plan.duckdb.columns, plan.duckdb.fieldIds, settings)
      }),
    interrupt: () => {
      void duckdb?.then(
        ({ conn }) => conn.interrupt(),
        () => undefined,
      )
    },
    close: async () => {
      if (closed) return
      closed = true
      await queue
      await pool?.close()
      if (duckdb !== undefined) {
        const opened = await duckdb.catch(() => undefined)
        opened?.conn.closeSync()
        opened?.instance.closeSync()
      }
    },
  }
}

/** The sort keys of a request and their `sorting_columns` entries (leaf indices). */
function sortOrderOf(
  plan: Plan,
  sortOrder: readonly (string | SortColumn)[] | undefined,
): { keys: SortKey[]; sortingColumns: SortingColumn[] } {
  const resolved = resolveSortOrder(sortOrder, (name) => plan.sortKeys.has(name))
  return {
    keys: resolved,
    sortingColumns: resolved.map((k) => ({
      columnIndex: plan.sortKeys.get(k.name)!.leaf,
      descending: k.descending,
      nullsFirst: k.nullsFirst,
    })),
  }
}

/** Column ranges a row group is split into for the encoding workers. */
const COLUMN_RANGES = 4

/** Lets the event loop run (workers' replies) during a long read. */
function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** The values of all promises, in order, once all settled; the first failure otherwise. */
async function settleAll<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises)
  const failed = results.find((r) => r.status === 'rejected')
  if (failed !== undefined) throw failed.reason
  return results.map((r) => (r as PromiseFulfilledResult<T>).value)
}

/** Writes a new file from its parts; fails if the file exists (names are unique per write). */
async function writeParts(path: string, parts: readonly Uint8Array[]): Promise<void> {
  const handle = await open(path, 'wx')
  try {
    await handle.writev(parts as Uint8Array[])
  } finally {
    await handle.close()
  }
}

/**
 * The partitions of `rows` read into columns one after the other (keys in order of first
 * appearance), yielding to the event loop while a large write reads (workers get their jobs).
 */
async function* readPartitions<Row extends object>(
  rows: readonly Row[],
  schema: StructType,
  partition: PartitionSplit<Row> | undefined,
  yielding: boolean,
): AsyncGenerator<ColumnsPartition> {
  for (const [key, group] of splitByPartition(rows, partition)) {
    const columns = new RowColumns<Row>(schema)
    if (yielding) await columns.appendYielding(group.rows, pause)
    else columns.append(group.rows)
    yield { ...columns.partitions()[0]!, key }
  }
}

/** `order` without the rows whose number (`rowIds[i]` for row i) is marked in `skip`. */
function withoutSkipped(order: Uint32Array, rowIds: Uint32Array, skip: Uint8Array): Uint32Array {
  let kept = 0
  for (let i = 0; i < order.length; i++) {
    const r = order[i]!
    if (skip[rowIds[r]!] !== 1) order[kept++] = r
  }
  return kept === order.length ? order : order.slice(0, kept)
}
