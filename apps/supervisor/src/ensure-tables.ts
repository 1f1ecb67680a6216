import type { K2Config } from '@k2/config'
import type { Logger } from '@k2/core'
import {
  createCatalog,
  createLocalFileIO,
  ensureTable,
  formatTableIdentifier,
  MARKET_DATA_TABLES,
} from '@k2/iceberg'

/**
 * Creates K2's Iceberg tables (D4) in the configured warehouse and catalog if they do not exist,
 * so readers (pyiceberg, DuckDB, the API) can open them before the first commit. Safe to run from
 * several processes at once. Returns the identifiers with their current metadata locations.
 */
export async function ensureMarketDataTables(
  config: K2Config,
  logger: Logger,
): Promise<Array<{ table: string; metadataLocation: string }>> {
  const catalog = await createCatalog({
    uri: config.iceberg.catalogUri,
    warehouse: config.iceberg.warehouse,
  })
  try {
    const ctx = { catalog, io: createLocalFileIO(), logger }
    const out: Array<{ table: string; metadataLocation: string }> = []
    for (const definition of MARKET_DATA_TABLES) {
      const table = await ensureTable(ctx, definition, config.iceberg.warehouse)
      out.push({
        table: formatTableIdentifier(table.identifier),
        metadataLocation: table.metadataLocation,
      })
    }
    return out
  } finally {
    await catalog.close()
  }
}
