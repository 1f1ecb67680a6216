import { TRADES_V2_TABLE } from '@k2/iceberg'

import type { QueryContext, QueryMeta } from '../engine/query-context.js'
import type { RowStream } from '../engine/row-stream.js'
import {
  parseAsOf,
  parseDecimal,
  parseExchange,
  parseSymbols,
  parseTimeRange,
  type AsOf,
  type MicrosInput,
} from '../params.js'
import type { WhereBuilder } from '../sql/where.js'
import {
  newestFirstPage,
  newestFirstParquet,
  newestFirstStream,
  pageLimit,
  type NewestFirstRequest,
  type NewestFirstTable,
  type Page,
} from './newest-first.js'
import { toTradeRow, TRADE_COLUMNS_SQL, TRADE_NATIVE_COLUMNS_SQL, type TradeRow } from './rows.js'

/** Parameters of `trades` (D7). Times are µs UTC, `[start, end)`; decimals as text or numbers. */
export interface TradesParams {
  readonly symbols?: readonly string[]
  readonly exchange?: string
  readonly start?: MicrosInput
  readonly end?: MicrosInput
  readonly minPrice?: string | number
  readonly maxPrice?: string | number
  readonly minQuantity?: string | number
  readonly maxQuantity?: string | number
  /** Page size, default 100, at most 10,000 (for streams: at most the engine's `maxRows`). */
  readonly limit?: number
  /** `nextCursor` of the previous page. */
  readonly cursor?: string
  readonly asOf?: AsOf
}

const TRADES: NewestFirstTable<TradeRow> = {
  kind: 'trades',
  table: TRADES_V2_TABLE,
  idColumn: 'trade_id',
  columnsSql: TRADE_COLUMNS_SQL,
  nativeColumnsSql: TRADE_NATIVE_COLUMNS_SQL,
  toRow: toTradeRow,
  idOf: (row) => row.trade_id,
  timestampOf: (row) => row.timestamp,
}

function request(params: TradesParams, limit: number): NewestFirstRequest {
  const symbols = parseSymbols('symbols', params.symbols)
  const exchange = parseExchange('exchange', params.exchange)
  const { start, end } = parseTimeRange(params)
  const bounds = [
    ['minPrice', 'price', '>='],
    ['maxPrice', 'price', '<='],
    ['minQuantity', 'quantity', '>='],
    ['maxQuantity', 'quantity', '<='],
  ] as const
  const decimals = bounds.map(
    ([name, column, op]) => [parseDecimal(name, params[name]), column, op] as const,
  )
  return {
    filter: { symbols, exchange, start, end },
    extra: (where: WhereBuilder) => {
      for (const [value, column, op] of decimals) {
        if (value !== undefined) where.and(`${column} ${op} ${where.param(value)}::DECIMAL(18, 8)`)
      }
    },
    limit,
    cursor: params.cursor,
    selection: parseAsOf('asOf', params.asOf),
  }
}

/** A page of trades newest first, `(timestamp, trade_id)` descending, with its next cursor. */
export async function queryTrades(
  ctx: QueryContext,
  params: TradesParams,
): Promise<Page<TradeRow>> {
  return newestFirstPage(ctx, TRADES, request(params, pageLimit(params.limit, false, ctx.maxRows)))
}

/** The same rows as {@link queryTrades}, streamed in chunks (`limit` up to `maxRows`). */
export async function streamTrades(
  ctx: QueryContext,
  params: TradesParams,
): Promise<{ rows: RowStream<TradeRow>; meta: QueryMeta }> {
  return newestFirstStream(ctx, TRADES, request(params, pageLimit(params.limit, true, ctx.maxRows)))
}

/** The same rows as {@link streamTrades} written to a Parquet file at `path` (bulk exports). */
export async function parquetTrades(
  ctx: QueryContext,
  params: TradesParams,
  path: string,
): Promise<{ rows: number; meta: QueryMeta }> {
  return newestFirstParquet(
    ctx,
    TRADES,
    request(params, pageLimit(params.limit, true, ctx.maxRows)),
    path,
  )
}
