import { existsSync, readFileSync, rmSync, statSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import {
  appendRows,
  createParquetWriter,
  currentSnapshot,
  liveDataFiles,
  loadTable,
  ManifestCache,
  quoteString,
  toLocalPath,
  type TableContext,
} from '@k2/iceberg'

import type { BinanceMarket } from './binance-markets.js'
import { BENCH_TABLE, openBenchTable } from './bench-table.js'
import { TRADE_GENERATOR_DEFAULTS, generateTrades } from './trade-generator.js'

const DAY_MICROS = 86_400_000_000

/** What the cached benchmark data holds; written last, so its presence means "complete". */
export interface QueryWarehouseManifest {
  readonly trades: number
  readonly seed: number
  readonly days: number
  /** Rows per Parquet row group asked of the table's writer and of the sorted file's COPY. */
  readonly rowGroupSize: number
  readonly startMicros: number
  readonly symbols: readonly string[]
  /** Data files of the table's current snapshot. */
  readonly tableFiles: number
  readonly tableBytes: number
  /** Row groups in all of the table's data files, and in the sorted file. */
  readonly tableRowGroups: number
  readonly sortedFileBytes: number
  readonly sortedFileRowGroups: number
  /** Seconds spent generating + appending, and writing the sorted file, when it was built. */
  readonly appendSeconds: number
  readonly sortedFileSeconds: number
  readonly builtAt: string
}

/** The benchmark's data: the warehouse and the single sorted Parquet file of the same rows. */
export interface QueryWarehouse {
  readonly dir: string
  readonly warehouse: string
  readonly sortedFile: string
  readonly manifest: QueryWarehouseManifest
  /** True when a complete cached copy was reused. */
  readonly reused: boolean
}

/** Options of {@link prepareQueryWarehouse}. */
export interface QueryWarehouseOptions {
  /** Cache directory ({@link queryWarehouseDirName}). */
  readonly dir: string
  readonly trades: number
  readonly seed: number
  readonly days: number
  /** Rows per row group of the table's files and the sorted file. */
  readonly rowGroupSize: number
  /** Build again even when a complete cached copy exists. */
  readonly rebuild: boolean
  readonly progress: (text: string) => void
}

const MANIFEST = 'query-warehouse.json'

/**
 * Name of the cache directory of a build: everything that changes the files is in it (trades,
 * seed, rows per row group), so builds of different row group sizes live side by side; the days
 * are fixed (`QUERY_LATENCY_DAYS`) and checked against the manifest.
 */
export function queryWarehouseDirName(o: {
  readonly trades: number
  readonly seed: number
  readonly rowGroupSize: number
}): string {
  return `query-warehouse-${o.trades}-${o.seed}-rg${o.rowGroupSize}`
}

/**
 * The warehouse of `options.dir`, built unless a complete copy with the same trades, seed, days
 * and row group size is there: a fresh warehouse whose `market_data.trades_v2` gets one
 * `appendRows` per UTC day (so each day is one sorted file, as the writers produce them in
 * production), then the same rows copied by DuckDB into one Parquet file sorted by (symbol,
 * timestamp), with the same rows per row group as the table's files (a bound with bigger row
 * groups would decode more per query and flatter the API, one with smaller ones the reverse).
 */
export async function prepareQueryWarehouse(
  options: QueryWarehouseOptions,
): Promise<QueryWarehouse> {
  const { dir } = options
  const warehouse = join(dir, 'warehouse')
  const sortedFile = join(dir, 'sorted.parquet')
  const manifestPath = join(dir, MANIFEST)
  if (!options.rebuild && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as QueryWarehouseManifest
    if (
      manifest.trades === options.trades &&
      manifest.seed === options.seed &&
      manifest.days === options.days &&
      manifest.rowGroupSize === options.rowGroupSize &&
      existsSync(sortedFile)
    ) {
      return { dir, warehouse, sortedFile, manifest, reused: true }
    }
  }
  rmSync(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })

  const appendStarted = performance.now()
  const startMicros = TRADE_GENERATOR_DEFAULTS.startMicros
  const ctx = await openBenchTable(warehouse)
  const parquet = await createParquetWriter({ rowGroupSize: options.rowGroupSize })
  let markets: readonly BinanceMarket[] = TRADE_GENERATOR_DEFAULTS.markets
  try {
    for (let day = 0; day < options.days; day++) {
      const rows =
        Math.floor((options.trades * (day + 1)) / options.days) -
        Math.floor((options.trades * day) / options.days)
      // One generator call per day (memory: ~1.1 KiB per TradeV2); each day continues the
      // previous one's trade ids and prices, and draws from its own seed.
      const trades = generateTrades({
        rows,
        seed: (options.seed + day) >>> 0,
        days: 1,
        startMicros: startMicros + day * DAY_MICROS,
        markets,
      })
      markets = continueMarkets(markets, trades)
      await appendRows({ ...ctx, parquet }, BENCH_TABLE.identifier, trades)
      options.progress(`  day ${day + 1}/${options.days}: ${rows} trades appended`)
    }
  } finally {
    await parquet.close()
  }
  const appendSeconds = (performance.now() - appendStarted) / 1000
  const files = await tableFiles(ctx)
  await ctx.catalog.close()

  const sortedStarted = performance.now()
  options.progress(`  writing the sorted single file (${files.paths.length} table files)`)
  let tableRowGroups = 0
  let sortedFileRowGroups = 0
  const duck = await DuckDBInstance.create(':memory:')
  const conn = await duck.connect()
  try {
    await conn.run("SET TimeZone = 'UTC'")
    const list = files.paths.map((f) => quoteString(f)).join(', ')
    await conn.run(
      `COPY (SELECT * FROM read_parquet([${list}]) ORDER BY symbol, "timestamp") ` +
        `TO ${quoteString(sortedFile)} ` +
        `(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${options.rowGroupSize})`,
    )
    const reader = await conn.runAndReadAll(
      `SELECT count(*)::BIGINT AS n FROM read_parquet(${quoteString(sortedFile)})`,
    )
    const n = Number(reader.getRowObjectsJson()[0]?.['n'])
    if (n !== options.trades) {
      throw new Error(`the sorted file holds ${n} rows, expected ${options.trades}`)
    }
    tableRowGroups = await rowGroups(conn, files.paths)
    sortedFileRowGroups = await rowGroups(conn, [sortedFile])
  } finally {
    conn.closeSync()
    duck.closeSync()
  }
  const manifest: QueryWarehouseManifest = {
    trades: options.trades,
    seed: options.seed,
    days: options.days,
    rowGroupSize: options.rowGroupSize,
    startMicros,
    symbols: TRADE_GENERATOR_DEFAULTS.markets.map((m) => m.symbol),
    tableFiles: files.paths.length,
    tableBytes: files.bytes,
    tableRowGroups,
    sortedFileBytes: statSync(sortedFile).size,
    sortedFileRowGroups,
    appendSeconds,
    sortedFileSeconds: (performance.now() - sortedStarted) / 1000,
    builtAt: new Date().toISOString(),
  }
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)
  return { dir, warehouse, sortedFile, manifest, reused: false }
}

/** Row groups in the footers of `paths`. */
async function rowGroups(conn: DuckDBConnection, paths: readonly string[]): Promise<number> {
  const list = paths.map((p) => quoteString(p)).join(', ')
  const groups = await conn.runAndReadAll(
    `SELECT sum(num_row_groups)::BIGINT AS n FROM parquet_file_metadata([${list}])`,
  )
  return Number(groups.getRowObjectsJson()[0]?.['n'])
}

/** The markets with each one's next trade id and last price after `trades`. */
function continueMarkets(
  markets: readonly BinanceMarket[],
  trades: readonly { symbol: string; source_sequence: number | null; price: unknown }[],
): BinanceMarket[] {
  const last = new Map<string, { id: number; price: string }>()
  for (const t of trades) last.set(t.symbol, { id: t.source_sequence ?? 0, price: String(t.price) })
  return markets.map((m) => {
    const l = last.get(m.symbol)
    return l === undefined ? m : { ...m, firstTradeId: l.id + 1, price: l.price }
  })
}

/** Local paths and total bytes of the current snapshot's data files. */
async function tableFiles(ctx: TableContext): Promise<{ paths: string[]; bytes: number }> {
  const table = await loadTable(ctx, BENCH_TABLE.identifier)
  const live = await liveDataFiles(ctx.io, currentSnapshot(table.metadata), new ManifestCache())
  return {
    paths: live.map((f) => toLocalPath(f.file.file_path)),
    bytes: live.reduce((sum, f) => sum + Number(f.file.file_size_in_bytes), 0),
  }
}
