import { randomUUID } from 'node:crypto'
import { mkdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'

import type { DuckDBConnection } from '@duckdb/node-api'

import { IcebergError } from '../errors.js'
import { toLocalPath } from '../io/local-path.js'
import type { ColumnPlan } from './column-plan.js'
import { copyOptions } from './copy-options.js'
import { toIcebergError } from './duckdb-errors.js'
import { collectFileMetrics } from './file-metrics.js'
import type { ParquetWriterOptions } from './parquet-writer-options.js'
import {
  checkRewriteRequest,
  rewriteFileCount,
  type ParquetRewriteRequest,
} from './rewrite-request.js'
import { quoteString } from './sql.js'
import { sortKeys } from './write-request.js'
import type { WrittenDataFile } from './written-data-file.js'

/**
 * Rewrites Parquet data files into sorted ones inside DuckDB (see {@link ParquetRewriteRequest}):
 * `COPY (SELECT <columns> FROM read_parquet([...]) ORDER BY ...) TO ... (FIELD_IDS ...)`, then the
 * same metrics as freshly written files, collected from the new file itself.
 *
 * Sources are read with `hive_partitioning = false`: DuckDB would otherwise take `name=value`
 * directories (Iceberg's partition paths) as columns and, for an identity partition, replace the
 * column's stored values with the directory's text. `union_by_name` matches columns by name
 * whatever their order in each file, and every column is cast to the type the schema gives it,
 * so files of other writers (pyiceberg: large strings, other decimal encodings) come out alike.
 *
 * Several output files are cut from one total order (the sort keys, then source file and row
 * number as tie-breakers), by row number ranges: DuckDB's own `FILE_SIZE_BYTES` rotation was
 * seen to write row groups out of order within a file when it runs on several threads.
 */
export async function rewriteFiles(
  conn: DuckDBConnection,
  request: ParquetRewriteRequest,
  columns: readonly ColumnPlan[],
  fieldIds: string,
  settings: ParquetWriterOptions,
): Promise<WrittenDataFile[]> {
  checkRewriteRequest(request)
  const keys = sortKeys(request.sortOrder, columns)
  const directory = toLocalPath(request.directory)
  const sources = request.sources.map(toLocalPath)
  if (sources.length === 0) return []
  const inputBytes = await sourceBytes(sources)
  const source =
    `read_parquet([${sources.map(quoteString).join(', ')}], hive_partitioning = false, ` +
    `union_by_name = true, filename = 'k2_source_file', file_row_number = true)`
  const writeId = randomUUID()
  const paths: string[] = []
  try {
    const rows = await countRows(conn, source)
    const { files, rowsPerFile } = rewriteFileCount(inputBytes, rows, request.targetFileSizeBytes)
    const columnList = columns
      .map((c) => `CAST(${c.sqlName} AS ${c.sqlType}) AS ${c.sqlName}`)
      .join(', ')
    const orderBy = keys.length > 0 ? ` ORDER BY ${keys.join(', ')}` : ''
    const totalOrder = [...keys, 'k2_source_file', 'file_row_number'].join(', ')
    const options = copyOptions(settings, fieldIds)
    await mkdir(directory, { recursive: true })
    const written: WrittenDataFile[] = []
    for (let i = 0; i < files; i++) {
      const path = join(directory, `${writeId}-${String(i).padStart(5, '0')}.parquet`)
      paths.push(path)
      const query =
        files === 1
          ? `SELECT ${columnList} FROM ${source}${orderBy}`
          : `SELECT ${columnList} FROM (SELECT *, row_number() OVER (ORDER BY ${totalOrder}) ` +
            `AS k2_rn FROM ${source}) WHERE k2_rn > ${i * rowsPerFile} ` +
            `AND k2_rn <= ${(i + 1) * rowsPerFile} ORDER BY k2_rn`
      await conn.run(`COPY (${query}) TO ${quoteString(path)} ${options}`)
      const metrics = await collectFileMetrics(
        conn,
        `read_parquet(${quoteString(path)}, hive_partitioning = false)`,
        path,
        columns,
        settings.truncateLength,
      )
      written.push({ path, partitionKey: request.partitionKey ?? null, ...metrics })
    }
    const total = written.reduce((n, f) => n + f.recordCount, 0n)
    if (total !== BigInt(rows)) {
      throw new IcebergError(
        'ICEBERG_IO_FAILED',
        `rewrite wrote ${total} rows of the sources' ${rows}`,
        { context: { directory: request.directory } },
      )
    }
    return written
  } catch (err) {
    await Promise.allSettled(paths.map((p) => rm(p, { force: true })))
    throw toIcebergError(err, { directory: request.directory })
  }
}

/** Total size of the sources; `ICEBERG_NOT_FOUND` naming the first that does not exist. */
async function sourceBytes(sources: readonly string[]): Promise<number> {
  let total = 0
  for (const path of sources) {
    try {
      total += (await stat(path)).size
    } catch (err) {
      const code = (err as { code?: unknown }).code
      throw new IcebergError(
        code === 'ENOENT' ? 'ICEBERG_NOT_FOUND' : 'ICEBERG_IO_FAILED',
        `rewrite source ${path} cannot be read: ${(err as Error).message}`,
        { cause: err, context: { path } },
      )
    }
  }
  return total
}

async function countRows(conn: DuckDBConnection, source: string): Promise<number> {
  const result = await conn.runAndReadAll(`SELECT count(*) FROM ${source}`)
  const n = result.getRows()[0]?.[0]
  return Number(n ?? 0)
}
