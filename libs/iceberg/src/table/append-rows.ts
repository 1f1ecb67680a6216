import type { TableIdentifier } from '../catalog/index.js'
import type { ParquetWriter } from '../parquet/index.js'
import type { DataFile } from '../spec/data-file.js'
import type { Snapshot } from '../spec/snapshot.js'
import { appendFiles, type AppendOptions } from './append-files.js'
import { writeDataFiles, type TableColumns } from './data-files.js'
import { loadTable, type IcebergTable } from './iceberg-table.js'
import type { TableContext } from './table-context.js'

/**
 * Appends rows to a table in one snapshot: Parquet files per partition (sorted, with field ids
 * and metrics), then a fast-append commit carrying `options.summary` properties. The files are
 * written for the table's schema and spec as loaded now; if the commit gives up, they are deleted.
 */
export async function appendRows<Row extends object>(
  ctx: TableContext & { readonly parquet: ParquetWriter },
  identifier: TableIdentifier,
  rows: readonly Row[],
  options: AppendOptions = {},
): Promise<{ table: IcebergTable; snapshot: Snapshot; files: DataFile[] }> {
  const current = await loadTable(ctx, identifier)
  const files = await writeDataFiles(ctx.parquet, current.metadata, rows)
  const { table, snapshot } = await appendFiles(ctx, identifier, files, options)
  return { table, snapshot, files }
}

/** Rows read into columns (see {@link TableColumns}), less the rows `skip` marks (by row number). */
export interface ColumnsPart<Row extends object> {
  readonly columns: TableColumns<Row>
  readonly skip?: Uint8Array
}

/**
 * {@link appendRows} for rows read into {@link TableColumns} as they arrived (a buffering writer):
 * the files of every part (parts whose rows are all skipped write none) in one snapshot. Fails
 * with `ICEBERG_SCHEMA_CHANGED` when the table's schema or partition spec changed since the
 * columns were created, and `ICEBERG_INVALID_ARGUMENT` when no row is left to write. On failure
 * no data file of the call is left behind.
 */
export async function appendColumns<Row extends object>(
  ctx: TableContext & { readonly parquet: ParquetWriter },
  identifier: TableIdentifier,
  parts: readonly ColumnsPart<Row>[],
  options: AppendOptions = {},
): Promise<{ table: IcebergTable; snapshot: Snapshot; files: DataFile[] }> {
  const current = await loadTable(ctx, identifier)
  const files: DataFile[] = []
  try {
    for (const part of parts) {
      files.push(...(await writeDataFiles(ctx.parquet, current.metadata, part.columns, part.skip)))
    }
  } catch (err) {
    await Promise.all(files.map((f) => ctx.io.delete(f.file_path).catch(() => undefined)))
    throw err
  }
  const { table, snapshot } = await appendFiles(ctx, identifier, files, options)
  return { table, snapshot, files }
}
