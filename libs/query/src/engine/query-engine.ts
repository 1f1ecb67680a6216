import { NOOP_LOGGER, type Logger } from '@k2/core'
import { ManifestCache, type Catalog, type FileIO } from '@k2/iceberg'

import { invalidParameter } from '../errors.js'
import { queryBars, type Bar, type BarsParams } from '../queries/bars.js'
import {
  createSymbolsQuery,
  queryStats,
  querySnapshots,
  type SnapshotInfo,
  type SymbolInfo,
  type TableStats,
} from '../queries/catalog-info.js'
import type { Page } from '../queries/newest-first.js'
import { parquetQuotes, queryQuotes, streamQuotes, type QuotesParams } from '../queries/quotes.js'
import { queryReplay, type ReplayPage, type ReplayParams } from '../queries/replay.js'
import type { QuoteRow, TradeRow } from '../queries/rows.js'
import {
  queryDailySummary,
  type DailySummary,
  type DailySummaryParams,
} from '../queries/summary.js'
import { parquetTrades, queryTrades, streamTrades, type TradesParams } from '../queries/trades.js'
import { createDuckDbPool } from './duckdb-pool.js'
import type { QueryContext, QueryMeta } from './query-context.js'
import type { RowStream } from './row-stream.js'
import { createTableSource } from './table-source.js'

/** Options of {@link createQueryEngine}. */
export interface QueryEngineOptions {
  readonly catalog: Catalog
  readonly io: FileIO
  readonly logger?: Logger
  /** Per-query timeout; the running DuckDB statement is interrupted after it (default 10 s). */
  readonly timeoutMs?: number
  /** Most rows a stream or a bar grid may have (default 1,000,000). */
  readonly maxRows?: number
  /** DuckDB connections, i.e. queries running at once (default 4). */
  readonly connections?: number
  /** DuckDB worker threads (default: one per core). */
  readonly threads?: number
  /** DuckDB `memory_limit`, e.g. `256MB` (default: DuckDB's, 80% of RAM). */
  readonly memoryLimit?: string
  /** Manifest cache; a private one (2,000 files) by default. */
  readonly manifestCache?: ManifestCache
}

/** Defaults of {@link QueryEngineOptions}. */
export const QUERY_ENGINE_DEFAULTS = Object.freeze({
  timeoutMs: 10_000,
  maxRows: 1_000_000,
  connections: 4,
})

/** The typed queries of D7 over the market-data tables. */
export interface QueryEngine {
  /** A page of trades newest first with the next page's cursor. */
  trades(params?: TradesParams): Promise<Page<TradeRow>>
  /** The rows of {@link trades} as a stream of chunks (NDJSON/CSV exports). */
  tradesStream(params?: TradesParams): Promise<{ rows: RowStream<TradeRow>; meta: QueryMeta }>
  /** A page of quotes newest first with the next page's cursor. */
  quotes(params?: QuotesParams): Promise<Page<QuoteRow>>
  /** The rows of {@link quotes} as a stream of chunks. */
  quotesStream(params?: QuotesParams): Promise<{ rows: RowStream<QuoteRow>; meta: QueryMeta }>
  /**
   * The rows of {@link tradesStream} written by DuckDB to a zstd Parquet file at `path` (a path
   * of the caller's, e.g. a temporary file), with the table's own column types.
   */
  tradesParquet(params: TradesParams, path: string): Promise<{ rows: number; meta: QueryMeta }>
  /** The rows of {@link quotesStream} written to a Parquet file at `path`. */
  quotesParquet(params: QuotesParams, path: string): Promise<{ rows: number; meta: QueryMeta }>
  /** OHLCV, VWAP and counts of one symbol over one calendar day of a time zone. */
  dailySummary(params: DailySummaryParams): Promise<{ summary: DailySummary; meta: QueryMeta }>
  /** Bars of one symbol at any interval from 1s to 1d, aligned to a time zone's calendar. */
  bars(params: BarsParams): Promise<{ bars: Bar[]; meta: QueryMeta }>
  /** A page of trades in replay order `(timestamp, source_sequence)` with the filtered total. */
  replay(params: ReplayParams): Promise<ReplayPage>
  /** Symbols with trades or quotes. */
  symbols(): Promise<SymbolInfo[]>
  /** Rows, files and snapshots per table. */
  stats(): Promise<TableStats[]>
  /** Snapshots of a table (`trades`, `quotes`, `trades_v2`, ...), oldest first. */
  snapshots(table: string): Promise<SnapshotInfo[]>
  /** Waits for running queries, then closes DuckDB. */
  close(): Promise<void>
}

/** Checks options up front, naming the failing one (STYLE.md habit 7). */
export function validateQueryEngineOptions(
  options: QueryEngineOptions,
): Required<Pick<QueryEngineOptions, 'timeoutMs' | 'maxRows' | 'connections'>> {
  const positive = (name: string, value: number | undefined, fallback: number, max: number) => {
    const v = value ?? fallback
    if (!Number.isInteger(v) || v < 1 || v > max) {
      throw invalidParameter(name, `must be an integer from 1 to ${max}`)
    }
    return v
  }
  return {
    timeoutMs: positive('timeoutMs', options.timeoutMs, QUERY_ENGINE_DEFAULTS.timeoutMs, 3_600_000),
    maxRows: positive('maxRows', options.maxRows, QUERY_ENGINE_DEFAULTS.maxRows, 100_000_000),
    connections: positive(
      'connections',
      options.connections,
      QUERY_ENGINE_DEFAULTS.connections,
      64,
    ),
  }
}

const CONTEXTS = new WeakMap<QueryEngine, QueryContext>()

/**
 * The query engine of D7: one in-process DuckDB with a small connection pool over the pruned
 * file lists of the Iceberg read path (D4). Every query validates its parameters (errors name
 * the parameter), picks the snapshot (`asOf`), plans a pruned scan with the cached manifests,
 * and runs one prepared statement with bound parameters under the per-query timeout.
 */
export async function createQueryEngine(options: QueryEngineOptions): Promise<QueryEngine> {
  const settings = validateQueryEngineOptions(options)
  const logger = (options.logger ?? NOOP_LOGGER).child({ component: 'query' })
  const pool = await createDuckDbPool({
    connections: settings.connections,
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.memoryLimit !== undefined ? { memoryLimit: options.memoryLimit } : {}),
    logger,
  })
  const zones = await pool.all(
    'SELECT name FROM pg_timezone_names()',
    {},
    {
      timeoutMs: settings.timeoutMs,
      label: 'time zones',
    },
  )
  const ctx: QueryContext = {
    pool,
    tables: createTableSource(
      options.catalog,
      options.io,
      options.manifestCache ?? new ManifestCache(),
    ),
    timeZones: new Set(zones.map((z) => String(z['name']))),
    timeoutMs: settings.timeoutMs,
    maxRows: settings.maxRows,
    logger,
  }
  const symbols = createSymbolsQuery(ctx)
  const engine: QueryEngine = {
    trades: (params = {}) => queryTrades(ctx, params),
    tradesStream: (params = {}) => streamTrades(ctx, params),
    quotes: (params = {}) => queryQuotes(ctx, params),
    quotesStream: (params = {}) => streamQuotes(ctx, params),
    tradesParquet: (params, path) => parquetTrades(ctx, params, path),
    quotesParquet: (params, path) => parquetQuotes(ctx, params, path),
    dailySummary: (params) => queryDailySummary(ctx, params),
    bars: (params) => queryBars(ctx, params),
    replay: (params) => queryReplay(ctx, params),
    symbols,
    stats: () => queryStats(ctx),
    snapshots: (table) => querySnapshots(ctx, table),
    close: () => pool.close(),
  }
  CONTEXTS.set(engine, ctx)
  return engine
}

/** The context behind an engine (tests of this lib only; not exported from the package). */
export function contextOf(engine: QueryEngine): QueryContext {
  const ctx = CONTEXTS.get(engine)
  if (!ctx) throw new Error('not an engine of createQueryEngine')
  return ctx
}
