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
  type ParquetRewriter,
  type ParquetWriter,
} from '@k2/iceberg'

/**
 * A temp warehouse with `market_data.trades_v2` for writer tests. Its Parquet writer records the
 * rows of every file it writes, so `tableRows()` can list exactly the rows the current snapshot
 * holds (files are immutable: a file's rows are the rows written into it) without a reader.
 */
export interface WriterWarehouse {
  readonly dir: string
  readonly ctx: { readonly catalog: Catalog; readonly io: FileIO; readonly parquet: ParquetWriter }
  /** The unrecorded writer, for compaction (rewritten files are not known to `tableRows`). */
  readonly rewriter: ParquetRewriter
  /** Another catalog connection on the same database (a second writer process). */
  openCatalog(): Promise<Catalog>
  table(): Promise<IcebergTable>
  /** Number of snapshots of the table. */
  snapshotCount(): Promise<number>
  /** The trades in the current snapshot's live data files. */
  tableRows(): Promise<TradeV2[]>
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
  const real = await createParquetWriter()
  const rowsByFile = new Map<string, TradeV2[]>()
  const parquet: ParquetWriter = {
    async write(request) {
      const written = await real.write(request)
      const rows = request.rows as readonly TradeV2[]
      const keyOf = request.partition?.keyOf as ((row: TradeV2) => string) | undefined
      if (new Set(written.map((w) => w.partitionKey)).size !== written.length) {
        throw new Error(
          'a partition was split over several files; the recorder cannot tell rows apart',
        )
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
  const ctx = { catalog, io, parquet }
  await ensureTable(ctx, TRADES_V2_TABLE, dir)
  const table = () => loadTable(ctx, TRADES_V2_TABLE.identifier)
  return {
    dir,
    ctx,
    rewriter: real,
    openCatalog,
    table,
    snapshotCount: async () => (await table()).metadata.snapshots.length,
    async tableRows() {
      const files = await liveDataFiles(io, currentSnapshot((await table()).metadata))
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

/** Sequences of `symbol` in `rows`, sorted (duplicates kept, so a duplicate shows). */
export function sequencesOf(rows: readonly TradeV2[], symbol: string): number[] {
  return rows
    .filter((r) => r.symbol === symbol)
    .map((r) => r.source_sequence!)
    .sort((a, b) => a - b)
}
