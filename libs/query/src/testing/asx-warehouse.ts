import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import type { QuoteV2, TradeV2 } from '@k2/core'
import {
  appendRows,
  createCatalog,
  createLocalFileIO,
  createParquetWriter,
  ensureTable,
  QUOTES_V2_TABLE,
  TRADES_V2_TABLE,
  type Catalog,
  type FileIO,
  type Snapshot,
} from '@k2/iceberg'
// Test fixture only: the sample is loaded through the real ASX adapter (D9), as `k2 load asx`
// does, so the oracle checks the whole path CSV -> Iceberg -> query. The engine itself never
// imports CSV sources (D1).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { fileLines, listAsxDirectory, readAsxFile, readCompanyInfo } from '@k2/sources-csv'

/** The real ASX sample (read-only): next to the repository or in the machines' shared folder. */
export const ASX_SAMPLE_DIR: string =
  [
    fileURLToPath(new URL('../../../../../shared/data/asx-2014-03', import.meta.url)),
    '/work/shared/data/asx-2014-03',
  ].find((dir) => existsSync(`${dir}/trades`)) ?? '/work/shared/data/asx-2014-03'

/** A temporary warehouse holding the ASX sample. */
export interface AsxWarehouse {
  readonly dir: string
  readonly catalog: Catalog
  readonly io: FileIO
  /** trades_v2 snapshots in commit order, one per vendor trades file (sorted by company id). */
  readonly tradeSnapshots: readonly { readonly symbol: string; readonly snapshot: Snapshot }[]
  /** Rows loaded per table. */
  readonly counts: { readonly trades: number; readonly quotes: number }
  close(): Promise<void>
}

/**
 * Loads the ASX sample into a fresh warehouse: one `appendRows` commit per vendor file (so each
 * trades snapshot adds one symbol, and each file holds one symbol and one UTC day). Quotes only
 * when `quotes` is set; only the first `maxRowsPerFile` rows of each file when set (a quick
 * fixture for tests that need realistic rows, not the whole sample). Every row must convert (the
 * sample has no bad row).
 */
export async function openAsxWarehouse(options: {
  quotes: boolean
  maxRowsPerFile?: number
}): Promise<AsxWarehouse> {
  const dir = await mkdtemp(join(tmpdir(), 'k2-query-asx-'))
  const catalog = await createCatalog({ warehouse: dir })
  const io = createLocalFileIO()
  const parquet = await createParquetWriter()
  const ctx = { catalog, io, parquet }
  await ensureTable(ctx, TRADES_V2_TABLE, dir)
  await ensureTable(ctx, QUOTES_V2_TABLE, dir)
  const listing = await listAsxDirectory(ASX_SAMPLE_DIR)
  const { companies } = await readCompanyInfo(listing.companyInfo, fileLines(listing.companyInfo))
  const tradeSnapshots: { symbol: string; snapshot: Snapshot }[] = []
  const counts = { trades: 0, quotes: 0 }
  const ingestion = Date.UTC(2014, 3, 1) * 1000
  for (const file of listing.files) {
    if (file.kind === 'quotes' && !options.quotes) continue
    const rows: Array<TradeV2 | QuoteV2> = []
    for await (const r of readAsxFile(file, companies, { ingestionTimestamp: () => ingestion })) {
      if (!r.ok) throw new Error(`${file.path} row ${r.row}: ${r.reason}`)
      rows.push(r.value)
      if (rows.length === options.maxRowsPerFile) break
    }
    const table = file.kind === 'trades' ? TRADES_V2_TABLE : QUOTES_V2_TABLE
    const { snapshot } = await appendRows(ctx, table.identifier, rows)
    if (file.kind === 'trades') {
      tradeSnapshots.push({ symbol: companies.get(file.companyId)!.symbol, snapshot })
      counts.trades += rows.length
    } else {
      counts.quotes += rows.length
    }
  }
  await parquet.close()
  return {
    dir,
    catalog,
    io,
    tradeSnapshots,
    counts,
    async close() {
      await catalog.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
