import { IcebergError } from '../errors.js'
import type { StructType } from '../spec/types.js'
import type { ColumnPlan } from './column-plan.js'
import { RowColumns } from './row-columns.js'

/**
 * One sort key of the rows inside each file. Defaults follow Iceberg's sort orders (spec: "Sort
 * Orders"; Java's `SortOrder.Builder`): ascending puts nulls first, descending puts them last.
 */
export interface SortColumn {
  readonly column: string
  readonly direction?: 'asc' | 'desc'
  readonly nullOrder?: 'nulls-first' | 'nulls-last'
}

/**
 * How rows are split into files: one file per partition key. The writer knows nothing of
 * partition transforms; the caller computes the key (e.g. the day of `timestamp`) and the
 * directory of each key relative to the target directory (e.g. `timestamp_day=2025-11-26`).
 */
export interface PartitionSplit<Row> {
  readonly keyOf: (row: Row) => string
  readonly pathOf: (key: string) => string
}

/** Where and how to write: the target directory and the sort order inside each file. */
interface WriteTarget {
  /** Target directory: a `file:` URI or an absolute path. */
  readonly directory: string
  /** Sort order of the rows inside each file (column names or {@link SortColumn}s). */
  readonly sortOrder?: readonly (string | SortColumn)[]
}

/** Rows to write: plain objects keyed by column name, with their schema. */
export interface RowsWriteRequest<Row extends object> extends WriteTarget {
  readonly rows: readonly Row[]
  /** Iceberg schema (JSON form) of the table; every column is written with its field id. */
  readonly schema: StructType
  /** One file per partition key; all rows go to one file when absent. */
  readonly partition?: PartitionSplit<Row>
}

/** Rows read into columns before (`RowColumns`: its schema and partition split apply). */
export interface ColumnsWriteRequest<Row extends object> extends WriteTarget {
  readonly columns: RowColumns<Row>
  /** Rows not to write: `skip[r] === 1` for row number r (in append order); all written if absent. */
  readonly skip?: Uint8Array
}

/** What to write: rows, or rows read into columns before. */
export type ParquetWriteRequest<Row extends object> =
  | RowsWriteRequest<Row>
  | ColumnsWriteRequest<Row>

/** The `ORDER BY` clause of a sort order ('' for none); sort columns must be primitive. */
export function orderByClause(
  sortOrder: readonly (string | SortColumn)[] | undefined,
  columns: readonly ColumnPlan[],
): string {
  const keys = sortKeys(sortOrder, columns)
  return keys.length === 0 ? '' : ` ORDER BY ${keys.join(', ')}`
}

/** A sort key resolved against the schema: column, direction and null order made explicit. */
export interface ResolvedSortKey {
  readonly name: string
  readonly descending: boolean
  readonly nullsFirst: boolean
}

/**
 * Resolves a sort order against the columns (`ICEBERG_INVALID_ARGUMENT` for a column that is not
 * a primitive column of the schema, or a bad direction or null order), [] for none.
 */
export function resolveSortOrder(
  sortOrder: readonly (string | SortColumn)[] | undefined,
  isPrimitiveColumn: (name: string) => boolean,
): ResolvedSortKey[] {
  if (sortOrder === undefined) return []
  return sortOrder.map((entry) => {
    const key: SortColumn = typeof entry === 'string' ? { column: entry } : entry
    if (!isPrimitiveColumn(key.column)) {
      throw new IcebergError(
        'ICEBERG_INVALID_ARGUMENT',
        `sort column ${key.column} is not a primitive column of the schema`,
        { context: { column: key.column } },
      )
    }
    const direction = key.direction ?? 'asc'
    if (direction !== 'asc' && direction !== 'desc') {
      throw new IcebergError('ICEBERG_INVALID_ARGUMENT', `bad sort direction ${String(direction)}`)
    }
    const nulls = key.nullOrder ?? (direction === 'asc' ? 'nulls-first' : 'nulls-last')
    if (nulls !== 'nulls-first' && nulls !== 'nulls-last') {
      throw new IcebergError('ICEBERG_INVALID_ARGUMENT', `bad null order ${String(nulls)}`)
    }
    return {
      name: key.column,
      descending: direction === 'desc',
      nullsFirst: nulls === 'nulls-first',
    }
  })
}

/** The SQL sort keys of a sort order (`"symbol" ASC NULLS FIRST`), [] for none. */
export function sortKeys(
  sortOrder: readonly (string | SortColumn)[] | undefined,
  columns: readonly ColumnPlan[],
): string[] {
  const byName = new Map(columns.map((c) => [c.field.name, c]))
  const primitive = (name: string) => byName.get(name)?.primitive !== undefined
  return resolveSortOrder(sortOrder, primitive).map((key) => {
    const column = byName.get(key.name)!
    const direction = key.descending ? 'DESC' : 'ASC'
    return `${column.sqlName} ${direction} NULLS ${key.nullsFirst ? 'FIRST' : 'LAST'}`
  })
}

/** Checks a partition directory: relative, no `.`/`..` or empty segments ('' = the target itself). */
export function checkPartitionPath(path: string): string {
  if (path === '') return path
  const segments = path.split('/')
  if (path.includes('\\') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new IcebergError(
      'ICEBERG_INVALID_ARGUMENT',
      `partition path ${JSON.stringify(path)} must be relative, without empty, . or .. segments`,
      { context: { path } },
    )
  }
  return path
}

/** The check every request gets before any work starts. */
export function checkRequest<Row extends object>(request: ParquetWriteRequest<Row>): void {
  if ('columns' in request) {
    if (!(request.columns instanceof RowColumns)) {
      throw new IcebergError('ICEBERG_INVALID_ARGUMENT', 'columns must be RowColumns')
    }
    if (request.skip !== undefined && !(request.skip instanceof Uint8Array)) {
      throw new IcebergError('ICEBERG_INVALID_ARGUMENT', 'skip must be a Uint8Array')
    }
    return
  }
  if (!Array.isArray(request.rows)) {
    throw new IcebergError('ICEBERG_INVALID_ARGUMENT', 'rows must be an array')
  }
  if (request.schema?.type !== 'struct' || !Array.isArray(request.schema.fields)) {
    throw new IcebergError('ICEBERG_INVALID_ARGUMENT', 'schema must be an Iceberg struct schema')
  }
}
