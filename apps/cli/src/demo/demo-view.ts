import { METRICS } from '@k2/telemetry'

import { bucketDelta, histogramBuckets, histogramQuantile } from './histogram-quantile.js'
import type { Exposition } from './prometheus-text.js'

/** The table whose committed rows the demo counts (the Binance trades land there, D4). */
export const DEMO_TRADES_TABLE = 'market_data.trades_v2'

/** One scrape of `/metrics` and when it was taken. */
export interface Scrape {
  readonly atMs: number
  readonly exposition: Exposition
}

/** One symbol's line of the view. */
export interface SymbolRow {
  readonly symbol: string
  /** `k2_last_trade_price` (a float for display); undefined before the first trade. */
  readonly lastPrice: number | undefined
  /** Trades received per second over the rate window; undefined with one scrape only. */
  readonly tradesPerSecond: number | undefined
  /** `k2_binance_messages_received_total` of the symbol. */
  readonly received: number
}

/** Freshness quantiles (seconds from receipt to the commit that made a row readable). */
export interface Freshness {
  readonly p50: number | undefined
  readonly p99: number | undefined
  /** Rows committed in the span the quantiles cover. */
  readonly rows: number
}

/** What the demo shows after a scrape. */
export interface DemoView {
  /** Seconds since the first scrape. */
  readonly elapsedS: number
  readonly symbols: readonly SymbolRow[]
  /** `k2_iceberg_rows_written_total` of {@link DEMO_TRADES_TABLE}. */
  readonly committedRows: number
  /** Committed rows per second over the rate window. */
  readonly rowsPerSecond: number | undefined
  /** Open exchange connections (`k2_binance_connection_status` summed over workers). */
  readonly connections: number
  /** Freshness over the freshness window (the live figure). */
  readonly recent: Freshness
  /** Freshness over the whole run. */
  readonly run: Freshness
}

/** Spans of the computed figures. */
export interface ViewWindows {
  /** Span of the per-second rates (default 5 s). */
  readonly rateMs: number
  /** Span of the recent freshness quantiles (default 10 s). */
  readonly freshnessMs: number
}

/** Default {@link ViewWindows}. */
export const VIEW_WINDOWS: ViewWindows = { rateMs: 5_000, freshnessMs: 10_000 }

/**
 * The view after the newest scrape of `history` (oldest first, at least one): per symbol the
 * last price and the trade rate; committed rows and their rate; freshness p50/p99 from the
 * `k2_ingest_to_commit_seconds` buckets, over the last `freshnessMs` and over the whole run.
 */
export function buildView(
  history: readonly Scrape[],
  symbols: readonly string[],
  windows: ViewWindows = VIEW_WINDOWS,
): DemoView {
  const first = history[0]
  const last = history.at(-1)
  if (first === undefined || last === undefined) throw new RangeError('buildView needs a scrape')
  const now = last.exposition
  const rateBase = baseline(history, last.atMs - windows.rateMs)
  const seconds = rateBase === undefined ? 0 : (last.atMs - rateBase.atMs) / 1000
  const rate = (value: (e: Exposition) => number) =>
    rateBase === undefined || seconds <= 0
      ? undefined
      : Math.max(0, value(now) - value(rateBase.exposition)) / seconds
  const received = (e: Exposition, symbol: string) =>
    e.sum(METRICS.binanceMessagesReceived.name, { symbol })
  const committed = (e: Exposition) =>
    e.sum(METRICS.icebergRowsWritten.name, { table: DEMO_TRADES_TABLE })

  const freshnessName = METRICS.ingestToCommit.name
  const runBuckets = histogramBuckets(now, freshnessName)
  const freshBase = baseline(history, last.atMs - windows.freshnessMs)
  const recentBuckets =
    freshBase === undefined
      ? runBuckets
      : bucketDelta(runBuckets, histogramBuckets(freshBase.exposition, freshnessName))
  return {
    elapsedS: (last.atMs - first.atMs) / 1000,
    symbols: symbols.map((symbol) => ({
      symbol,
      lastPrice: now.select(METRICS.lastTradePrice.name, { symbol })[0]?.value,
      tradesPerSecond: rate((e) => received(e, symbol)),
      received: received(now, symbol),
    })),
    committedRows: committed(now),
    rowsPerSecond: rate(committed),
    connections: now.sum(METRICS.binanceConnectionStatus.name),
    recent: freshness(recentBuckets),
    run: freshness(runBuckets),
  }
}

/** The newest scrape at or before `atMs`, else the oldest one if it is not the newest. */
function baseline(history: readonly Scrape[], atMs: number): Scrape | undefined {
  if (history.length < 2) return undefined
  let chosen = history[0] as Scrape
  for (const scrape of history.slice(0, -1)) if (scrape.atMs <= atMs) chosen = scrape
  return chosen
}

function freshness(buckets: ReturnType<typeof histogramBuckets>): Freshness {
  return {
    p50: histogramQuantile(buckets, 0.5),
    p99: histogramQuantile(buckets, 0.99),
    rows: buckets.at(-1)?.count ?? 0,
  }
}
