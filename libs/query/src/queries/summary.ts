import { TRADES_V2_TABLE } from '@k2/iceberg'

import { metaOf, type QueryContext, type QueryMeta } from '../engine/query-context.js'
import { parseAsOf, parseDate, parseSymbol, parseTimeZone, type AsOf } from '../params.js'
import { TRADE_AGGREGATES_SQL } from '../sql/aggregates.js'
import { WhereBuilder } from '../sql/where.js'
import { scanFilterOf, whereMarket } from './market-filter.js'
import { toOhlcv, type Ohlcv } from './ohlcv.js'
import { zonedDayRange } from './zoned-day.js'

/** Parameters of `dailySummary` (D7, `GET /v1/summary/{symbol}/{date}`). */
export interface DailySummaryParams {
  readonly symbol: string
  /** Calendar date YYYY-MM-DD in `tz`. */
  readonly date: string
  /** IANA zone whose midnights bound the day; default UTC. */
  readonly tz?: string
  readonly asOf?: AsOf
}

/** One symbol's day. */
export interface DailySummary extends Ohlcv {
  readonly symbol: string
  readonly date: string
  readonly tz: string
  /** First µs of the day (local midnight in `tz`), UTC. */
  readonly start: number
  /** First µs after the day, UTC. */
  readonly end: number
}

/**
 * Open, high, low, close, volume, trade count, buy/sell volume and VWAP (exact, see
 * {@link Ohlcv.vwap}) of one symbol over one calendar day of `tz` (D7). A day without trades has
 * count and volumes 0 and null prices.
 */
export async function queryDailySummary(
  ctx: QueryContext,
  params: DailySummaryParams,
): Promise<{ summary: DailySummary; meta: QueryMeta }> {
  const symbol = parseSymbol('symbol', params.symbol)
  const date = parseDate('date', params.date)
  const tz = parseTimeZone('tz', params.tz, ctx.timeZones)
  const selection = parseAsOf('asOf', params.asOf)
  const { start, end } = await zonedDayRange(ctx, date, tz)
  const filter = { symbols: [symbol], start, end }
  const scan = await ctx.tables.scan(TRADES_V2_TABLE, selection, scanFilterOf(filter))
  const where = whereMarket(new WhereBuilder(), filter)
  const [row] = await ctx.pool.all(
    `SELECT ${TRADE_AGGREGATES_SQL} FROM ${scan.relation} ${where.sql}`,
    where.params,
    { timeoutMs: ctx.timeoutMs, label: 'daily summary' },
  )
  return {
    summary: { symbol, date, tz, start: Number(start), end: Number(end), ...toOhlcv(row) },
    meta: metaOf(scan),
  }
}
