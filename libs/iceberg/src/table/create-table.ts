import { IcebergError } from '../errors.js'
import { newTableMetadata, serializeTableMetadata } from '../spec/table-metadata.js'
import type { TableDefinition } from '../tables/market-data-tables.js'
import { loadTable, type IcebergTable } from './iceberg-table.js'
import type { TableContext } from './table-context.js'
import { nextMetadataLocation, tableLocation } from './table-locations.js'

/**
 * Creates the table of `definition` under `warehouse` (first metadata file, then the catalog row),
 * or loads it if it exists already — so every process may call this at start-up. A lost creation
 * race (another process registered it between our check and our insert) loads the winner's table
 * and removes our unused metadata file.
 */
export async function ensureTable(
  ctx: TableContext,
  definition: TableDefinition,
  warehouse: string,
): Promise<IcebergTable> {
  const id = definition.identifier
  if (await ctx.catalog.tableExists(id)) return loadTable(ctx, id)
  if (!(await ctx.catalog.namespaceExists(id.namespace))) {
    try {
      await ctx.catalog.createNamespace(id.namespace)
    } catch (err) {
      if (!(err instanceof IcebergError && err.code === 'ICEBERG_ALREADY_EXISTS')) throw err
    }
  }
  const location = tableLocation(warehouse, id)
  const metadata = newTableMetadata({
    location,
    schema: definition.schema,
    spec: definition.spec,
    sortOrder: definition.sortOrder,
    properties: definition.properties,
  })
  const metadataLocation = nextMetadataLocation(location)
  await ctx.io.write(metadataLocation, Buffer.from(serializeTableMetadata(metadata), 'utf8'))
  try {
    await ctx.catalog.createTable(id, metadataLocation)
  } catch (err) {
    await ctx.io.delete(metadataLocation)
    if (err instanceof IcebergError && err.code === 'ICEBERG_ALREADY_EXISTS')
      return loadTable(ctx, id)
    throw err
  }
  return { identifier: id, metadataLocation, metadata }
}
