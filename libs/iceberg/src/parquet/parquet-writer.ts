import { randomUUID } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'

import { IcebergError } from '../errors.js'
import { toLocalPath } from '../io/local-path.js'
import type { StructType } from '../spec/types.js'
import { fieldIdsOption, planColumns, type ColumnPlan } from './column-plan.js'
import { copyOptions } from './copy-options.js'
import { toIcebergError } from './duckdb-errors.js'
import { collectFileMetrics } from './file-metrics.js'
import {
  validateParquetWriterOptions,
  type ParquetWriterOptions,
} from './parquet-writer-options.js'
import { rewriteFiles } from './parquet-rewrite.js'
import { checkRewriteRequest, type ParquetRewriteRequest } from './rewrite-request.js'
import { quoteString } from './sql.js'
import { CHUNK_ROWS, dropTable, TableLoader, typedTableSql } from './table-loader.js'
import {
  checkPartitionPath,
  checkRequest,
  orderByClause,
  type ParquetWriteRequest,
} from './write-request.js'
import type { WrittenDataFile } from './written-data-file.js'

/** Writes Iceberg Parquet data files with DuckDB. */
export interface ParquetWriter {
  /**
   * Writes `rows` as one Parquet file per partition key (or one file), rows sorted by the sort
   * order, every column with its Iceberg field id, and returns each file with its metrics, in
   * the order the partition keys first appear. Writes run one at a time. On failure no file of
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

interface Plan {
  readonly columns: readonly ColumnPlan[]
  readonly fieldIds: string
}

/**
 * Opens a Parquet writer with its own in-memory DuckDB (time zone UTC, so nothing is shifted).
 * The pipeline per call: rows are split by partition key; each partition is staged chunk by chunk
 * into a typed table (see `TableLoader`: JS encodes while DuckDB converts); then, while JS moves
 * on to the next partition, DuckDB sorts the table into a zstd Parquet file with
 * `COPY ... (FIELD_IDS ...)` and the metrics are collected from the file footer and the table.
 * Rewrites (see `rewriteFiles`) run on the connection that finishes files, queued with writes.
 */
export async function createParquetWriter(
  options: Partial<ParquetWriterOptions> = {},
): Promise<ParquetWriter & ParquetRewriter> {
  const settings = validateParquetWriterOptions(options)
  const config: Record<string, string> = {}
  if (settings.threads !== undefined) config['threads'] = String(settings.threads)
  const instance = await DuckDBInstance.create(':memory:', config)
  const connections: DuckDBConnection[] = []
  try {
    for (let i = 0; i < 3; i++) {
      const conn = await instance.connect()
      connections.push(conn)
      await conn.run("SET TimeZone = 'UTC'")
    }
  } catch (err) {
    for (const conn of connections) conn.closeSync()
    instance.closeSync()
    throw toIcebergError(err, { op: 'open' })
  }
  const [stageConn, loadConn, finishConn] = connections as [
    DuckDBConnection,
    DuckDBConnection,
    DuckDBConnection,
  ]
  const plans = new WeakMap<StructType, Plan>()
  let tableCounter = 0
  const newTableName = () => `k2_t${++tableCounter}`
  let queue: Promise<unknown> = Promise.resolve()
  let closed = false

  const planFor = (schema: StructType): Plan => {
    let plan = plans.get(schema)
    if (plan === undefined) {
      const columns = planColumns(schema)
      plan = { columns, fieldIds: fieldIdsOption(columns) }
      plans.set(schema, plan)
    }
    return plan
  }

  const copySql = (table: string, orderBy: string, path: string, plan: Plan): string =>
    `COPY (SELECT * FROM ${table}${orderBy}) TO ${quoteString(path)} ${copyOptions(settings, plan.fieldIds)}`

  const finish = async (
    table: string,
    orderBy: string,
    path: string,
    partitionKey: string | null,
    plan: Plan,
  ): Promise<WrittenDataFile> => {
    await mkdir(dirname(path), { recursive: true })
    await finishConn.run(copySql(table, orderBy, path, plan))
    const metrics = await collectFileMetrics(
      finishConn,
      table,
      path,
      plan.columns,
      settings.truncateLength,
    )
    await dropTable(finishConn, table)
    return { path, partitionKey, ...metrics }
  }

  const writeNow = async <Row extends object>(
    request: ParquetWriteRequest<Row>,
  ): Promise<WrittenDataFile[]> => {
    checkRequest(request)
    const plan = planFor(request.schema)
    const orderBy = orderByClause(request.sortOrder, plan.columns)
    const directory = toLocalPath(request.directory)
    if (request.rows.length === 0) return []
    const groups = splitRows(request)
    const writeId = randomUUID()
    const tables: string[] = []
    const paths: string[] = []
    const loaders: TableLoader[] = []
    const files: Promise<WrittenDataFile>[] = []
    let previous: Promise<unknown> = Promise.resolve()
    try {
      let index = 0
      for (const [key, rows] of groups) {
        const relative =
          key === null
            ? ''
            : checkPartitionPath(callerHook('pathOf', () => request.partition!.pathOf(key)))
        const path = join(
          directory,
          relative,
          `${writeId}-${String(index++).padStart(5, '0')}.parquet`,
        )
        const table = newTableName()
        tables.push(table)
        await stageConn.run(typedTableSql(table, plan.columns))
        const loader = new TableLoader(stageConn, loadConn, table, plan.columns, newTableName)
        loaders.push(loader)
        for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
          await loader.add(rows, start, Math.min(rows.length, start + CHUNK_ROWS))
        }
        // Files are finished one at a time on their own connection, overlapping the staging of
        // the next partition.
        const ready = Promise.all([loader.done(), previous.catch(() => undefined)])
        const file = ready.then(() => finish(table, orderBy, path, key, plan))
        file.catch(() => undefined) // observed by Promise.all below
        paths.push(path)
        files.push(file)
        previous = file
      }
      return await Promise.all(files)
    } catch (err) {
      await Promise.allSettled([...files, ...loaders.map((l) => l.settled())])
      await Promise.allSettled(paths.map((p) => rm(p, { force: true })))
      throw toIcebergError(err, { directory: request.directory })
    } finally {
      for (const table of tables) await dropTable(stageConn, table)
    }
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
      enqueue(() => {
        checkRewriteRequest(request)
        const plan = planFor(request.schema)
        return rewriteFiles(finishConn, request, plan.columns, plan.fieldIds, settings)
      }),
    close: async () => {
      if (closed) return
      closed = true
      await queue
      for (const conn of connections) conn.closeSync()
      instance.closeSync()
    },
  }
}

/** Rows grouped by partition key, keys in order of first appearance; one group when unpartitioned. */
function splitRows<Row extends object>(
  request: ParquetWriteRequest<Row>,
): Map<string | null, Row[]> {
  const { rows, partition } = request
  if (partition === undefined) return new Map([[null, rows as Row[]]])
  const groups = new Map<string | null, Row[]>()
  for (const row of rows) {
    const key = callerHook('keyOf', () => partition.keyOf(row))
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [row])
    else group.push(row)
  }
  return groups
}

/** Runs a partition hook of the caller; what it throws or returns wrong is a bad argument. */
function callerHook(name: 'keyOf' | 'pathOf', run: () => unknown): string {
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
