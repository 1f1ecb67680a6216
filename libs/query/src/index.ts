/**
 * `@k2/query`: the query engine of D7. DuckDB reads the pruned file lists of the Iceberg read
 * path (`@k2/iceberg` `planScan`, D4); every query is a prepared statement with bound parameters,
 * runs under a per-query timeout that interrupts DuckDB, and returns exact decimal strings and µs
 * timestamps. Queries: trades and quotes (newest first, keyset cursors), daily summaries and bars
 * in any IANA time zone (exact VWAP), replay order with filtered totals, symbols, table stats,
 * snapshots, and time travel (`asOf`) on every read. No HTTP here: `libs/api` serves it.
 */
export { QueryError, QUERY_ERROR_CODES } from './errors.js'
export type { QueryErrorCode } from './errors.js'
export {
  createQueryEngine,
  validateQueryEngineOptions,
  QUERY_ENGINE_DEFAULTS,
} from './engine/query-engine.js'
export type { QueryEngine, QueryEngineOptions } from './engine/query-engine.js'
export type { QueryMeta } from './engine/query-context.js'
export { collectRows } from './engine/row-stream.js'
export type { RowStream } from './engine/row-stream.js'
export type { AsOf, MicrosInput } from './params.js'
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, MAX_SYMBOLS } from './params.js'
export type { TradesParams } from './queries/trades.js'
export type { QuotesParams } from './queries/quotes.js'
export type { Page } from './queries/newest-first.js'
export type { TradeRow, QuoteRow } from './queries/rows.js'
export type { Ohlcv } from './queries/ohlcv.js'
export type { DailySummary, DailySummaryParams } from './queries/summary.js'
export type { Bar, BarsParams } from './queries/bars.js'
export type { ReplayPage, ReplayParams } from './queries/replay.js'
export { QUERY_TABLES } from './queries/catalog-info.js'
export type { SnapshotInfo, SymbolInfo, TableStats } from './queries/catalog-info.js'
export { isoMicros } from './time.js'
export { divideDecimals, trimDecimal, VWAP_SCALE } from './decimal-text.js'
