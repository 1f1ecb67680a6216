import { z } from 'zod'

import type { AsOf, TradesParams } from '@k2/query'

import { chooseFormat } from '../formats/negotiate.js'
import { QUOTE_COLUMNS, TRADE_COLUMNS } from '../formats/rows-json.js'
import {
  asOf,
  commaList,
  decimalInput,
  FORMATS,
  instant,
  integerText,
  parseSnapshotIdParam,
  type Format,
} from '../params.js'
import { PARAMETER_NAMES, type RouteDeps } from './deps.js'
import { serveMarketRows } from './market-serving.js'
import { defineRoute, type RouteDefinition } from './route.js'
import { QuoteSchema, TradeSchema } from './schemas.js'

const MARKET_FORMATS: readonly Format[] = FORMATS

/** An instant in a JSON body: ISO-8601 text or epoch ms/µs as a number. */
export const bodyInstant = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform(String)
  .pipe(instant)

const limitBody = z.number().int().describe('Rows per page (JSON: 1-10,000, default 100)')
const format = z.enum(FORMATS).describe('Response format (default: Accept header, else json)')

/** Query string of `GET /v1/trades`. */
const tradesQuery = z
  .object({
    symbol: commaList.optional().describe('Symbols, comma-separated (BHP,RIO); all by default'),
    exchange: z.string().optional(),
    start_time: instant.optional().describe('Inclusive start (ISO-8601 or epoch ms/µs)'),
    end_time: instant.optional().describe('Exclusive end'),
    min_price: z.string().optional(),
    max_price: z.string().optional(),
    min_quantity: z.string().optional(),
    max_quantity: z.string().optional(),
    limit: integerText.optional().describe('Rows per page (JSON: 1-10,000, default 100)'),
    cursor: z.string().optional().describe('pagination.next_cursor of the previous page'),
    as_of: asOf.optional(),
    format: format.optional(),
  })
  .strict()

const quotesQuery = tradesQuery.omit({
  min_price: true,
  max_price: true,
  min_quantity: true,
  max_quantity: true,
})

/** Body of `POST /v1/trades/query`. */
const tradesBody = z
  .object({
    symbols: z.array(z.string()).optional().describe('Symbols (at most 100); all by default'),
    exchange: z.string().optional(),
    start_time: bodyInstant.optional(),
    end_time: bodyInstant.optional(),
    min_price: decimalInput.optional(),
    max_price: decimalInput.optional(),
    min_quantity: decimalInput.optional(),
    max_quantity: decimalInput.optional(),
    fields: z.array(z.enum(TRADE_COLUMNS)).optional().describe('Columns to return'),
    limit: limitBody.optional(),
    cursor: z.string().optional(),
    as_of: asOf.optional(),
    format: format.optional(),
  })
  .strict()

const quotesBody = z
  .object({
    symbols: z.array(z.string()).optional(),
    exchange: z.string().optional(),
    start_time: bodyInstant.optional(),
    end_time: bodyInstant.optional(),
    fields: z.array(z.enum(QUOTE_COLUMNS)).optional(),
    limit: limitBody.optional(),
    cursor: z.string().optional(),
    as_of: asOf.optional(),
    format: format.optional(),
  })
  .strict()

const snapshotQueryBody = z
  .object({
    data_type: z.enum(['trades', 'quotes']).default('trades'),
    symbols: z.array(z.string()).optional(),
    exchange: z.string().optional(),
    start_time: bodyInstant.optional(),
    end_time: bodyInstant.optional(),
    limit: limitBody.optional(),
    cursor: z.string().optional(),
    format: format.optional(),
  })
  .strict()

interface MarketInput {
  readonly symbols?: readonly string[] | undefined
  readonly exchange?: string | undefined
  readonly start_time?: bigint | undefined
  readonly end_time?: bigint | undefined
  readonly min_price?: string | number | undefined
  readonly max_price?: string | number | undefined
  readonly min_quantity?: string | number | undefined
  readonly max_quantity?: string | number | undefined
  readonly limit?: number | undefined
  readonly cursor?: string | undefined
  readonly as_of?: AsOf | undefined
}

/** API inputs -> engine parameters (absent ones left out). */
function engineParams(input: MarketInput): TradesParams {
  const entries: Array<[keyof TradesParams, unknown]> = [
    ['symbols', input.symbols],
    ['exchange', input.exchange],
    ['start', input.start_time],
    ['end', input.end_time],
    ['minPrice', input.min_price],
    ['maxPrice', input.max_price],
    ['minQuantity', input.min_quantity],
    ['maxQuantity', input.max_quantity],
    ['limit', input.limit],
    ['cursor', input.cursor],
    ['asOf', input.as_of],
  ]
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as TradesParams
}

const GET_NAMES = { ...PARAMETER_NAMES, symbols: 'symbol' }

const responses = { formats: MARKET_FORMATS, paginated: true }

/** `GET /v1/trades`, `GET /v1/quotes`, `POST /v1/{trades,quotes}/query`, snapshot queries. */
export function marketRoutes(deps: RouteDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/trades',
      operationId: 'listTrades',
      tag: 'market data',
      summary: 'Trades newest first, keyset-paginated (JSON) or exported (CSV/NDJSON/Parquet)',
      auth: true,
      query: tradesQuery,
      data: z.array(TradeSchema),
      ...responses,
      errors: [404],
      handle: (c, { query }) =>
        serveMarketRows(
          c,
          deps,
          'trades',
          engineParams({ ...query, symbols: query.symbol }),
          chooseFormat(c, query.format, MARKET_FORMATS),
          GET_NAMES,
        ),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/quotes',
      operationId: 'listQuotes',
      tag: 'market data',
      summary: 'Quotes (bid/ask) newest first, keyset-paginated or exported',
      auth: true,
      query: quotesQuery,
      data: z.array(QuoteSchema),
      ...responses,
      errors: [404],
      handle: (c, { query }) =>
        serveMarketRows(
          c,
          deps,
          'quotes',
          engineParams({ ...query, symbols: query.symbol }),
          chooseFormat(c, query.format, MARKET_FORMATS),
          GET_NAMES,
        ),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/trades/query',
      operationId: 'queryTrades',
      tag: 'market data',
      summary: 'Multi-symbol trade query with filters, field selection and bulk formats',
      auth: true,
      body: tradesBody,
      data: z.array(TradeSchema.partial()),
      ...responses,
      errors: [404, 413],
      handle: (c, { body }) =>
        serveMarketRows(
          c,
          deps,
          'trades',
          engineParams(body),
          chooseFormat(c, body.format, MARKET_FORMATS),
          PARAMETER_NAMES,
          body.fields,
        ),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/quotes/query',
      operationId: 'queryQuotes',
      tag: 'market data',
      summary: 'Multi-symbol quote query with field selection and bulk formats',
      auth: true,
      body: quotesBody,
      data: z.array(QuoteSchema.partial()),
      ...responses,
      errors: [404, 413],
      handle: (c, { body }) =>
        serveMarketRows(
          c,
          deps,
          'quotes',
          engineParams(body),
          chooseFormat(c, body.format, MARKET_FORMATS),
          PARAMETER_NAMES,
          body.fields,
        ),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/snapshots/{snapshot_id}/query',
      operationId: 'querySnapshot',
      tag: 'time travel',
      summary: 'Trades or quotes as they were at one snapshot (unknown snapshot: 404)',
      description:
        'Snapshot ids are per table: use an id that GET /v1/snapshots?table=<data_type> lists.',
      auth: true,
      params: z.object({ snapshot_id: z.string().describe('A snapshot id of the table') }),
      body: snapshotQueryBody,
      data: z.array(z.union([TradeSchema, QuoteSchema])),
      ...responses,
      errors: [404],
      handle: (c, { params, body }) => {
        const snapshotId = parseSnapshotIdParam('snapshot_id', params.snapshot_id)
        return serveMarketRows(
          c,
          deps,
          body.data_type,
          engineParams({ ...body, as_of: { snapshotId } }),
          chooseFormat(c, body.format, MARKET_FORMATS),
          { ...PARAMETER_NAMES, asOf: 'snapshot_id' },
        )
      },
    }),
  ]
}
