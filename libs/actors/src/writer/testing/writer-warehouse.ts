import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { TradeV2 } from '@k2/core'
import {
  createCatalog,
  createLocalFileIO,
  commitTable,
  createParquetWriter,
  ensureTable,
  loadTable,
  TRADES_V2_TABLE,
  type Catalog,
  type FileIO,
  type IcebergTable,
  type ParquetRewriter,
  type ParquetWriter,
} from '@k2/iceberg'
import { collectRows, createQueryEngine } from '@k2/query'

/** What the writer tests read back of a committed trade. */
export type TableTrade = Pick<TradeV2, 'exchange' | 'symbol' | 'source_sequence'>

/**
 * A temp warehouse with `market_data.trades_v2` for writer tests; `tableRows()` reads the trades
 * of the current snapshot back through the query engine (DuckDB over the live data files).
 */
export interface WriterWarehouse {
  readonly dir: string
  readonly ctx: { readonly catalog: Catalog; readonly io: FileIO; readonly parquet: ParquetWriter }
  /** The Parquet writer's rewriter, for compaction. */
  readonly rewriter: ParquetRewriter
  /** Another catalog connection on the same database (a second writer process). */
  openCatalog(): Promise<Catalog>
  table(): Promise<IcebergTable>
  /** Number of snapshots of the table. */
  snapshotCount(): Promise<number>
  /** The trades in the current snapshot's live data files. */
  tableRows(): Promise<TableTrade[]>
  /**
   * Commits a schema change: a new current schema (same fields, next schema id), as another
   * engine evolving the table would; columns read for the old schema can no longer be written.
   */
  changeSchema(): Promise<void>
  close(): Promise<void>
}

/** Opens a new warehouse and creates the trades table in it. */
export async function openWriterWarehouse(): Promise<WriterWarehouse> {
  const dir = mkdtempSync(join(tmpdir(), 'k2-actors-writer-'))
  const catalogs: Catalog[] = []
  const openCatalog = async () => {
    const c = await createCatalog({ warehouse: dir })
    catalogs.push(c)
    return c
  }
  const catalog = await openCatalog()
  const parquet = await createParquetWriter()
  const io = createLocalFileIO()
  const ctx = { catalog, io, parquet }
  await ensureTable(ctx, TRADES_V2_TABLE, dir)
  const table = () => loadTable(ctx, TRADES_V2_TABLE.identifier)
  const engine = await createQueryEngine({ catalog, io, threads: 1, connections: 1 })
  return {
    dir,
    ctx,
    rewriter: parquet,
    openCatalog,
    table,
    snapshotCount: async () => (await table()).metadata.snapshots.length,
    async changeSchema() {
      await commitTable(ctx, TRADES_V2_TABLE.identifier, async (base) => {
        const md = base.metadata
        const current = md.schemas.find((s) => s['schema-id'] === md['current-schema-id'])!
        const id = Math.max(...md.schemas.map((s) => s['schema-id'])) + 1
        const metadata = {
          ...md,
          schemas: [...md.schemas, { ...current, 'schema-id': id }],
          'current-schema-id': id,
          'last-updated-ms': Date.now(),
        }
        return { metadata, attemptFiles: [], value: undefined }
      })
    },
    async tableRows() {
      const { rows } = await engine.tradesStream({})
      return (await collectRows(rows)).map((r) => ({
        exchange: r.exchange,
        symbol: r.symbol,
        source_sequence: r.source_sequence,
      }))
    },
    async close() {
      await engine.close()
      await parquet.close()
      for (const c of catalogs) await c.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Sequences of `symbol` in `rows`, sorted (duplicates kept, so a duplicate shows). */
export function sequencesOf(rows: readonly TableTrade[], symbol: string): number[] {
  return rows
    .filter((r) => r.symbol === symbol)
    .map((r) => r.source_sequence!)
    .sort((a, b) => a - b)
}
