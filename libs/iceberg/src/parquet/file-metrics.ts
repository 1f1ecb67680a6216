import { stat } from 'node:fs/promises'

import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api'

import { IcebergError } from '../errors.js'
import { encodeBounds } from './bounds.js'
import type { ColumnPlan } from './column-plan.js'
import { toSingleValue } from './duckdb-values.js'
import { quoteString } from './sql.js'
import type { WrittenDataFile } from './written-data-file.js'

/** The metrics part of a {@link WrittenDataFile}. */
export type FileMetrics = Omit<WrittenDataFile, 'path' | 'partitionKey'>

/**
 * Metrics of a freshly written Parquet file (spec: "Manifests", data_file fields 103-132):
 * - sizes, value and null counts and split offsets from the file's own footer
 *   (`parquet_metadata`), leaf by leaf, mapped to field ids through the ids stored in the file
 *   (`parquet_schema`); these are the numbers Java's `ParquetUtil.footerMetrics` and pyiceberg
 *   take, so list elements count one value per element plus one per empty or null list;
 * - exact bounds and NaN counts by aggregating the typed rows the file was written from (`table`),
 *   read back as typed values rather than parsed from statistics strings.
 */
export async function collectFileMetrics(
  conn: DuckDBConnection,
  table: string,
  path: string,
  columns: readonly ColumnPlan[],
  truncateLength: number,
): Promise<FileMetrics> {
  const footer = await readFooter(conn, path)
  const aggregates = await aggregate(conn, table, columns, truncateLength)
  if (aggregates.recordCount !== footer.recordCount) {
    throw new IcebergError(
      'ICEBERG_IO_FAILED',
      `${path} holds ${footer.recordCount} rows, expected ${aggregates.recordCount}`,
      { context: { path } },
    )
  }
  const { size } = await stat(path, { bigint: true })
  return { ...footer, ...aggregates, fileSizeInBytes: size }
}

interface Footer {
  readonly recordCount: bigint
  readonly columnSizes: Map<number, bigint>
  readonly valueCounts: Map<number, bigint>
  readonly nullValueCounts: Map<number, bigint>
  readonly splitOffsets: bigint[]
}

async function readFooter(conn: DuckDBConnection, path: string): Promise<Footer> {
  const file = quoteString(path)
  const schema = await conn.runAndReadAll(`SELECT field_id, type FROM parquet_schema(${file})`)
  // Leaves are the schema elements with a physical type, in the order of Parquet column ids.
  const leafIds = schema
    .getRows()
    .filter(([, type]) => type !== null)
    .map(([fieldId]) => fieldId)
  const chunks = await conn.runAndReadAll(
    `SELECT row_group_id, row_group_num_rows, column_id, num_values, stats_null_count,
       total_compressed_size, dictionary_page_offset, data_page_offset
     FROM parquet_metadata(${file}) ORDER BY row_group_id, column_id`,
  )
  const columnSizes = new Map<number, bigint>()
  const valueCounts = new Map<number, bigint>()
  const nullValueCounts = new Map<number, bigint>()
  const unknownNulls = new Set<number>()
  const splitOffsets: bigint[] = []
  let recordCount = 0n
  for (const [, groupRows, columnId, values, nulls, size, dictionary, data] of chunks.getRows()) {
    const fieldId = leafIds[Number(columnId)]
    if (fieldId === null || fieldId === undefined) {
      throw new IcebergError('ICEBERG_IO_FAILED', `${path}: column ${columnId} has no field id`, {
        context: { path },
      })
    }
    const id = Number(fieldId)
    add(columnSizes, id, big(size))
    add(valueCounts, id, big(values))
    if (nulls === null) unknownNulls.add(id)
    else add(nullValueCounts, id, big(nulls))
    if (big(columnId) === 0n) {
      recordCount += big(groupRows)
      // A row group starts at its first column chunk: its dictionary page when it has one.
      const dict = dictionary === null ? 0n : big(dictionary)
      splitOffsets.push(dict > 0n && dict < big(data) ? dict : big(data))
    }
  }
  for (const id of unknownNulls) nullValueCounts.delete(id)
  splitOffsets.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return { recordCount, columnSizes, valueCounts, nullValueCounts, splitOffsets }
}

interface Aggregates {
  readonly recordCount: bigint
  readonly nanValueCounts: Map<number, bigint>
  readonly lowerBounds: Map<number, Uint8Array>
  readonly upperBounds: Map<number, Uint8Array>
}

async function aggregate(
  conn: DuckDBConnection,
  table: string,
  columns: readonly ColumnPlan[],
  truncateLength: number,
): Promise<Aggregates> {
  const bounded = columns.filter((c) => c.primitive !== undefined)
  const select = ['count(*)']
  for (const { sqlName: c, primitive } of bounded) {
    if (isFloating(primitive!.type)) {
      // Bounds must not be NaN (spec: "Metrics"); DuckDB orders NaN above every number.
      select.push(
        `min(${c}) FILTER (WHERE NOT isnan(${c}))`,
        `max(${c}) FILTER (WHERE NOT isnan(${c}))`,
        `count(*) FILTER (WHERE isnan(${c}))`,
      )
    } else {
      select.push(`min(${c})`, `max(${c})`)
    }
  }
  const result = await conn.runAndReadAll(`SELECT ${select.join(', ')} FROM ${table}`)
  const row: DuckDBValue[] = result.getRows()[0] ?? []
  const nanValueCounts = new Map<number, bigint>()
  const lowerBounds = new Map<number, Uint8Array>()
  const upperBounds = new Map<number, Uint8Array>()
  let k = 1
  for (const { field, primitive } of bounded) {
    const type = primitive!.type
    const bounds = encodeBounds(
      type,
      toSingleValue(row[k++] ?? null),
      toSingleValue(row[k++] ?? null),
      truncateLength,
    )
    if (isFloating(type)) nanValueCounts.set(field.id, big(row[k++] ?? 0n))
    if (bounds.lower !== undefined) lowerBounds.set(field.id, bounds.lower)
    if (bounds.upper !== undefined) upperBounds.set(field.id, bounds.upper)
  }
  return { recordCount: big(row[0] ?? 0n), nanValueCounts, lowerBounds, upperBounds }
}

function isFloating(type: string): boolean {
  return type === 'float' || type === 'double'
}

function add(map: Map<number, bigint>, id: number, value: bigint): void {
  map.set(id, (map.get(id) ?? 0n) + value)
}

function big(value: DuckDBValue): bigint {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number') return BigInt(value)
  throw new IcebergError(
    'ICEBERG_IO_FAILED',
    `expected an integer from DuckDB, got ${String(value)}`,
  )
}
