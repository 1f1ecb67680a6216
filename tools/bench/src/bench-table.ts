import {
  createCatalog,
  createLocalFileIO,
  ensureTable,
  TRADES_V2_TABLE,
  type TableContext,
} from '@k2/iceberg'

/** The table both sides append to: `market_data.trades_v2` as D4 defines it (zstd, by day). */
export const BENCH_TABLE = TRADES_V2_TABLE

/**
 * Opens the SQLite catalog of `warehouse` (`<warehouse>/catalog.db`, name `k2`, the catalog
 * pyiceberg's `SqlCatalog("k2", ...)` reads) with local file IO, and creates the benchmark table
 * if it is missing. The caller closes `ctx.catalog`.
 */
export async function openBenchTable(warehouse: string): Promise<TableContext> {
  const ctx: TableContext = { catalog: await createCatalog({ warehouse }), io: createLocalFileIO() }
  try {
    await ensureTable(ctx, BENCH_TABLE, warehouse)
  } catch (err) {
    await ctx.catalog.close()
    throw err
  }
  return ctx
}
