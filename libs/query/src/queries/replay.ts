import { TRADES_V2_TABLE } from '@k2/iceberg'

import { decodeCursor, encodeCursor } from '../cursor.js'
import { metaOf, type QueryContext, type QueryMeta } from '../engine/query-context.js'
import { collectRows, mapRows } from '../engine/row-stream.js'
import {
  parseAsOf,
  parseExchange,
  parseLimit,
  parseSymbols,
  parseTimeRange,
  type AsOf,
  type MicrosInput,
} from '../params.js'
import { timestampParam, WhereBuilder } from '../sql/where.js'
import { maxStart, scanFilterOf, whereMarket, type MarketFilter } from './market-filter.js'
import { integer, toTradeRow, TRADE_COLUMNS_SQL, type TradeRow } from './rows.js'

/** Parameters of `replay` (D7). `start` and `end` (µs UTC, `[start, end)`) are required. */
export interface ReplayParams {
  readonly symbols?: readonly string[]
  readonly exchange?: string
  readonly start: MicrosInput
  readonly end: MicrosInput
  readonly cursor?: string
  /** Page size, default 1,000, at most 10,000. */
  readonly limit?: number
  readonly asOf?: AsOf
}

/** A page of a replay. */
export interface ReplayPage {
  readonly rows: readonly TradeRow[]
  readonly nextCursor: string | null
  /** Trades matching the filters in the whole range (not just this page or after the cursor). */
  readonly total: number
  readonly meta: QueryMeta
}

/** Sort key of a missing `source_sequence`: after every real one at the same time. */
const NO_SEQUENCE = 9_223_372_036_854_775_807n
const SEQUENCE_KEY = `coalesce(source_sequence, ${NO_SEQUENCE})`

/**
 * A page of trades in replay order (D7): `timestamp`, then `source_sequence` (a source's own
 * order of events in one instant; missing ones last), then `trade_id` so the order is total
 * across sources, keyset-paginated by that triple. `total` counts the filtered range, cursor
 * aside (the old API's totals ignored the filters).
 */
export async function queryReplay(ctx: QueryContext, params: ReplayParams): Promise<ReplayPage> {
  const symbols = parseSymbols('symbols', params.symbols)
  const exchange = parseExchange('exchange', params.exchange)
  const { start, end } = parseTimeRange(params, true)
  const limit = parseLimit('limit', params.limit, 1_000)
  const selection = parseAsOf('asOf', params.asOf)
  const after = decodeCursor('cursor', 'replay', params.cursor)
  const range: MarketFilter = { symbols, exchange, start, end }
  const scan = await ctx.tables.scan(TRADES_V2_TABLE, selection, scanFilterOf(range))
  // The page reads only what is left after the cursor; the total reads the whole range.
  const pageScan = after
    ? await ctx.tables.scan(
        TRADES_V2_TABLE,
        selection,
        scanFilterOf({ ...range, start: maxStart(start, after.timestamp) }),
      )
    : scan
  const where = whereMarket(new WhereBuilder(), range)
  if (after) {
    const ts = timestampParam(where, after.timestamp)
    const seq = where.param(after.sequence ?? NO_SEQUENCE)
    where.and(
      `"timestamp" > ${ts} OR ("timestamp" = ${ts} AND (${SEQUENCE_KEY} > ${seq} OR ` +
        `(${SEQUENCE_KEY} = ${seq} AND trade_id > ${where.param(after.id)})))`,
    )
  }
  const pageSql =
    `SELECT ${TRADE_COLUMNS_SQL} FROM ${pageScan.relation} ${where.sql} ` +
    `ORDER BY "timestamp", ${SEQUENCE_KEY}, trade_id LIMIT ${where.param(BigInt(limit + 1))}`
  const options = { timeoutMs: ctx.timeoutMs, label: 'replay' }
  const all = await collectRows(
    mapRows(ctx.pool.stream(pageSql, where.params, options), toTradeRow),
  )
  const totalWhere = whereMarket(new WhereBuilder(), range)
  const [count] = await ctx.pool.all(
    `SELECT count(*)::VARCHAR AS n FROM ${scan.relation} ${totalWhere.sql}`,
    totalWhere.params,
    { ...options, label: 'replay total' },
  )
  const rows = all.slice(0, limit)
  const last = rows[rows.length - 1]
  const nextCursor =
    all.length > limit && last !== undefined
      ? encodeCursor('replay', {
          timestamp: BigInt(last.timestamp),
          id: last.trade_id,
          sequence: last.source_sequence === null ? null : BigInt(last.source_sequence),
        })
      : null
  return { rows, nextCursor, total: integer(count?.['n']) ?? 0, meta: metaOf(scan) }
}
