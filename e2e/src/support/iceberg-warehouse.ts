import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import {
  createCatalog,
  createLocalFileIO,
  createParquetWriter,
  currentSnapshot,
  ensureTable,
  loadTable,
  TRADES_V2_TABLE,
  type Catalog,
  type FileIO,
  type IcebergTable,
  type ParquetWriter,
} from '@k2/iceberg'
import { collectRows, createQueryEngine, type TradeRow } from '@k2/query'

/**
 * A temp warehouse with a SQLite catalog and `market_data.trades_v2`. `tableRows()` reads the
 * rows of the current snapshot back through the query engine (DuckDB over the live data files).
 */
export interface E2eWarehouse {
  readonly dir: string
  readonly io: FileIO
  readonly parquet: ParquetWriter
  /** A new catalog connection on the warehouse's database (one per simulated process). */
  openCatalog(): Promise<Catalog>
  table(): Promise<IcebergTable>
  tableRows(): Promise<TradeRow[]>
  close(): Promise<void>
}

/** Opens a fresh warehouse and creates the trades table. */
export async function openE2eWarehouse(): Promise<E2eWarehouse> {
  const dir = mkdtempSync(join(tmpdir(), 'k2-e2e-ingest-'))
  const catalogs: Catalog[] = []
  const openCatalog = async () => {
    const c = await createCatalog({ warehouse: dir })
    catalogs.push(c)
    return c
  }
  const catalog = await openCatalog()
  const parquet = await createParquetWriter()
  const io = createLocalFileIO()
  await ensureTable({ catalog, io }, TRADES_V2_TABLE, dir)
  const table = () => loadTable({ catalog, io }, TRADES_V2_TABLE.identifier)
  const engine = await createQueryEngine({ catalog, io, threads: 1, connections: 1 })
  return {
    dir,
    io,
    parquet,
    openCatalog,
    table,
    async tableRows() {
      if (currentSnapshot((await table()).metadata) === undefined) return []
      const { rows } = await engine.tradesStream({})
      return collectRows(rows)
    },
    async close() {
      await engine.close()
      await parquet.close()
      for (const c of catalogs) await c.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
