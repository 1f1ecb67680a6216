import { QUOTES_V2_TABLE } from '@k2/iceberg'

import type { QueryContext, QueryMeta } from '../engine/query-context.js'
import type { RowStream } from '../engine/row-stream.js'
import {
  parseAsOf,
  parseExchange,
  parseSymbols,
  parseTimeRange,
  type AsOf,
  type MicrosInput,
} from '../params.js'
import {
  newestFirstPage,
  newestFirstParquet,
  newestFirstStream,
  pageLimit,
  type NewestFirstRequest,
  type NewestFirstTable,
  type Page,
} from './newest-first.js'
import { QUOTE_COLUMNS_SQL, QUOTE_NATIVE_COLUMNS_SQL, toQuoteRow, type QuoteRow } from './rows.js'

/** Parameters of `quotes` (D7). Times are µs UTC, `[start, end)`. */
export interface QuotesParams {
  readonly symbols?: readonly string[]
  readonly exchange?: string
  readonly start?: MicrosInput
  readonly end?: MicrosInput
  readonly limit?: number
  readonly cursor?: string
  readonly asOf?: AsOf
}

const QUOTES: NewestFirstTable<QuoteRow> = {
  kind: 'quotes',
  table: QUOTES_V2_TABLE,
  idColumn: 'quote_id',
  columnsSql: QUOTE_COLUMNS_SQL,
  nativeColumnsSql: QUOTE_NATIVE_COLUMNS_SQL,
  toRow: toQuoteRow,
  idOf: (row) => row.quote_id,
  timestampOf: (row) => row.timestamp,
}

function request(params: QuotesParams, limit: number): NewestFirstRequest {
  const symbols = parseSymbols('symbols', params.symbols)
  const exchange = parseExchange('exchange', params.exchange)
  const { start, end } = parseTimeRange(params)
  return {
    filter: { symbols, exchange, start, end },
    limit,
    cursor: params.cursor,
    selection: parseAsOf('asOf', params.asOf),
  }
}

/** A page of quotes newest first, `(timestamp, quote_id)` descending, with its next cursor. */
export async function queryQuotes(
  ctx: QueryContext,
  params: QuotesParams,
): Promise<Page<QuoteRow>> {
  return newestFirstPage(ctx, QUOTES, request(params, pageLimit(params.limit, false, ctx.maxRows)))
}

/** The same rows as {@link queryQuotes}, streamed in chunks (`limit` up to `maxRows`). */
export async function streamQuotes(
  ctx: QueryContext,
  params: QuotesParams,
): Promise<{ rows: RowStream<QuoteRow>; meta: QueryMeta }> {
  return newestFirstStream(ctx, QUOTES, request(params, pageLimit(params.limit, true, ctx.maxRows)))
}

/** The same rows as {@link streamQuotes} written to a Parquet file at `path` (bulk exports). */
export async function parquetQuotes(
  ctx: QueryContext,
  params: QuotesParams,
  path: string,
): Promise<{ rows: number; meta: QueryMeta }> {
  return newestFirstParquet(
    ctx,
    QUOTES,
    request(params, pageLimit(params.limit, true, ctx.maxRows)),
    path,
  )
}
