import { TRADES_V2_TABLE } from '@k2/iceberg'

import { metaOf, type QueryContext, type QueryMeta } from '../engine/query-context.js'
import { QueryError } from '../errors.js'
import {
  parseAsOf,
  parseFlag,
  parseInterval,
  parseSymbol,
  parseTimeRange,
  parseTimeZone,
  type AsOf,
  type MicrosInput,
} from '../params.js'
import { TRADE_AGGREGATES_SQL } from '../sql/aggregates.js'
import { WhereBuilder } from '../sql/where.js'
import { scanFilterOf, whereMarket } from './market-filter.js'
import { toOhlcv, type Ohlcv } from './ohlcv.js'
import { integer } from './rows.js'
import { DAY_MICROS, localDayStart, localMicros } from './zoned-day.js'

/** Parameters of `bars` (D7, `GET /v1/bars/{interval}`). Times are µs UTC, `[start, end)`. */
export interface BarsParams {
  readonly symbol: string
  /** `N` + `s`, `m`, `h` or `d`, from 1s to 1d (`1s`, `5s`, `1m`, `5m`, `15m`, `1h`, `4h`, `1d`, `7m`...). */
  readonly interval: string
  readonly start: MicrosInput
  readonly end: MicrosInput
  /** IANA zone whose wall clock aligns the buckets; default UTC. */
  readonly tz?: string
  /** Return empty buckets too (count 0, volumes 0, OHLC carried from the previous close). */
  readonly fill?: boolean
  readonly asOf?: AsOf
}

/** One bar. */
export interface Bar extends Ohlcv {
  /** First µs of the bucket, UTC. */
  readonly start: number
  /** First µs after the bucket, UTC. */
  readonly end: number
}

/**
 * Bars of one symbol (D7). Buckets are aligned to the wall clock of `tz`: each local day is cut
 * from local midnight into buckets of `interval` (an interval that does not divide the day has a
 * shorter last bucket, ending at midnight), so `1h` bars start on local hours and `1d` bars are
 * local days. Trades are bucketed by their local wall-clock time; on a DST fall-back the repeated
 * hour shares its wall-clock bucket. Aggregates as {@link Ohlcv}; empty buckets are omitted unless
 * `fill`, where they carry the previous bar's close as OHLC (null before the first trade) and 0
 * counts. More buckets than the engine's `maxRows` is `QUERY_RESULT_TOO_LARGE`.
 */
export async function queryBars(
  ctx: QueryContext,
  params: BarsParams,
): Promise<{ bars: Bar[]; meta: QueryMeta }> {
  const symbol = parseSymbol('symbol', params.symbol)
  const interval = parseInterval('interval', params.interval)
  const { start, end } = parseTimeRange(params, true) as { start: bigint; end: bigint }
  const tz = parseTimeZone('tz', params.tz, ctx.timeZones)
  const fill = parseFlag('fill', params.fill, false)
  const selection = parseAsOf('asOf', params.asOf)

  // The local buckets of the first and the last µs of the range bound the grid.
  const [localFirst, localLast] = (await localMicros(ctx, tz, [start, end - 1n])) as [
    bigint,
    bigint,
  ]
  const bucketOf = (local: bigint) => {
    const day = localDayStart(local)
    return day + ((local - day) / interval) * interval
  }
  const lo = bucketOf(localFirst)
  const hi = bucketOf(localLast)
  const perDay = (DAY_MICROS + interval - 1n) / interval
  const days = (localDayStart(hi) - localDayStart(lo)) / DAY_MICROS + 1n
  if (days * perDay > BigInt(ctx.maxRows)) {
    throw new QueryError(
      'QUERY_RESULT_TOO_LARGE',
      `${params.interval} bars over this range would exceed ${ctx.maxRows} buckets; narrow the range`,
      { context: { parameter: 'interval', maxRows: ctx.maxRows } },
    )
  }

  const filter = { symbols: [symbol], start, end }
  const scan = await ctx.tables.scan(TRADES_V2_TABLE, selection, scanFilterOf(filter))
  const where = whereMarket(new WhereBuilder(), filter)
  const p = {
    tz: where.param(tz),
    interval: where.param(interval),
    day: where.param(DAY_MICROS),
  }
  const localUs = `epoch_us(timezone(${p.tz}, "timestamp"))`
  const dayUs = `(${localUs} - ((${localUs} % ${p.day}) + ${p.day}) % ${p.day})`
  const bucketed =
    `SELECT *, ${dayUs} + ((${localUs} - ${dayUs}) // ${p.interval}) * ${p.interval} AS bucket ` +
    `FROM ${scan.relation} ${where.sql}`
  const aggregated = `SELECT bucket, ${TRADE_AGGREGATES_SQL} FROM (${bucketed}) GROUP BY bucket`
  const grid = fill
    ? `SELECT d + k * ${p.interval} AS bucket ` +
      `FROM (SELECT unnest(generate_series(${where.param(localDayStart(lo))}, ` +
      `${where.param(localDayStart(hi))}, ${p.day})) AS d), ` +
      `(SELECT unnest(generate_series(0, ${where.param(perDay - 1n)})) AS k) ` +
      `WHERE d + k * ${p.interval} BETWEEN ${where.param(lo)} AND ${where.param(hi)}`
    : 'SELECT bucket FROM aggregated'
  // A bucket ends after `interval` or at the next local midnight, whichever is first.
  const b = 'grid.bucket'
  const bucketEnd = `least(${b} + ${p.interval}, ${b} - ((${b} % ${p.day}) + ${p.day}) % ${p.day} + ${p.day})`
  const sql =
    `WITH aggregated AS (${aggregated}), grid AS (${grid}) ` +
    `SELECT epoch_us(timezone(${p.tz}, make_timestamp(${b})))::VARCHAR AS bar_start, ` +
    `epoch_us(timezone(${p.tz}, make_timestamp(${bucketEnd})))::VARCHAR AS bar_end, ` +
    `aggregated.* EXCLUDE (bucket) ` +
    `FROM grid LEFT JOIN aggregated ON aggregated.bucket = grid.bucket ORDER BY grid.bucket`
  const rows = await ctx.pool.all(sql, where.params, {
    timeoutMs: ctx.timeoutMs,
    label: 'bars',
  })
  const bars: Bar[] = []
  let previousClose: string | null = null
  for (const row of rows) {
    const ohlcv = toOhlcv(row['trade_count'] === null ? undefined : row)
    const bar: Bar = {
      start: integer(row['bar_start'])!,
      end: integer(row['bar_end'])!,
      ...ohlcv,
      ...(ohlcv.trade_count === 0
        ? { open: previousClose, high: previousClose, low: previousClose, close: previousClose }
        : {}),
    }
    previousClose = bar.close
    bars.push(bar)
  }
  return { bars, meta: metaOf(scan) }
}
