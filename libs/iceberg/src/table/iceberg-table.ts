import type { TableIdentifier } from '../catalog/index.js'
import { parseTableMetadata, type TableMetadata } from '../spec/table-metadata.js'
import type { TableContext } from './table-context.js'

/** A table as read at one moment: its catalog pointer and the metadata it points at. */
export interface IcebergTable {
  readonly identifier: TableIdentifier
  readonly metadataLocation: string
  readonly metadata: TableMetadata
}

/** Loads a table's current metadata through the catalog. `ICEBERG_NOT_FOUND` when unknown. */
export async function loadTable(
  ctx: TableContext,
  identifier: TableIdentifier,
): Promise<IcebergTable> {
  const { metadataLocation } = await ctx.catalog.loadTable(identifier)
  const text = Buffer.from(await ctx.io.read(metadataLocation)).toString('utf8')
  return { identifier, metadataLocation, metadata: parseTableMetadata(text) }
}
