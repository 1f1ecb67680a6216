import type { TableIdentifier } from '../catalog/index.js'
import type { ParquetWriter } from '../parquet/index.js'
import type { DataFile } from '../spec/data-file.js'
import type { Snapshot } from '../spec/snapshot.js'
import { appendFiles, type AppendOptions } from './append-files.js'
import { writeDataFiles } from './data-files.js'
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
