import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { TradeV2 } from '@k2/core'
import {
  createCatalog,
  createLocalFileIO,
  createParquetWriter,
  currentSnapshot,
  ensureTable,
  liveDataFiles,
  loadTable,
  TRADES_V2_TABLE,
  type Catalog,
  type FileIO,
  type IcebergTable,
  type ParquetWriter,
} from '@k2/iceberg'

/**
 * A temp warehouse with a SQLite catalog and `market_data.trades_v2`. Its Parquet writer records
 * the rows of every file it writes, so `tableRows()` lists exactly the rows of the current
 * snapshot's live files without a reader (files are immutable; deleted files of refused commits
 * are simply not live).
 */
export interface E2eWarehouse {
  readonly dir: string
  readonly io: FileIO
  readonly parquet: ParquetWriter
  /** A new catalog connection on the warehouse's database (one per simulated process). */
  openCatalog(): Promise<Catalog>
  table(): Promise<IcebergTable>
  tableRows(): Promise<TradeV2[]>
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
  const real = await createParquetWriter()
  const rowsByFile = new Map<string, TradeV2[]>()
  const parquet: ParquetWriter = {
    async write(request) {
      const written = await real.write(request)
      const rows = request.rows as readonly TradeV2[]
      const keyOf = request.partition?.keyOf as ((row: TradeV2) => string) | undefined
      if (new Set(written.map((w) => w.partitionKey)).size !== written.length) {
        throw new Error('a partition was split over several files; the recorder cannot tell')
      }
      for (const w of written) {
        rowsByFile.set(
          w.path,
          keyOf === undefined ? [...rows] : rows.filter((r) => keyOf(r) === w.partitionKey),
        )
      }
      return written
    },
    close: () => real.close(),
  }
  const io = createLocalFileIO()
  await ensureTable({ catalog, io }, TRADES_V2_TABLE, dir)
  const table = () => loadTable({ catalog, io }, TRADES_V2_TABLE.identifier)
  return {
    dir,
    io,
    parquet,
    openCatalog,
    table,
    async tableRows() {
      const snapshot = currentSnapshot((await table()).metadata)
      if (snapshot === undefined) return []
      const files = await liveDataFiles(io, snapshot)
      return files.flatMap(({ file }) => {
        const rows = rowsByFile.get(file.file_path.replace(/^file:\/\//, ''))
        if (rows === undefined) throw new Error(`no recorded rows for ${file.file_path}`)
        return rows
      })
    },
    async close() {
      await real.close()
      for (const c of catalogs) await c.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
