import { z } from 'zod'

import type { Bar } from '@k2/query'

import { invalidParameter } from '../errors.js'
import { columnsOf } from '../formats/csv.js'
import { chooseFormat } from '../formats/negotiate.js'
import { respondRows } from '../formats/respond.js'
import { barJson, summaryJson, TRADE_COLUMNS, tradeJson } from '../formats/rows-json.js'
import { ok } from '../http/envelope.js'
import { asOf, booleanText, instant, normalizeInterval, type Format } from '../params.js'
import { PARAMETER_NAMES, runQuery, type RouteDeps } from './deps.js'
import { bodyInstant } from './market-routes.js'
import { defineRoute, type RouteDefinition } from './route.js'
import { BarSchema, SummarySchema, TradeSchema } from './schemas.js'

const TABLE_FORMATS: readonly Format[] = ['json', 'csv', 'ndjson']
const format = z.enum(['json', 'csv', 'ndjson']).describe('Response format (default json)')
const tz = z.string().describe('IANA time zone of day and bucket boundaries (default UTC)')

/** JSON envelope or CSV/NDJSON rows of an in-memory result. */
function answer(
  c: Parameters<RouteDefinition['handle']>[0],
  chosen: Format,
  rows: Record<string, unknown>[],
  snapshotId: string | null,
  data: unknown = rows,
) {
  if (chosen === 'csv' || chosen === 'ndjson') {
    return respondRows(c, chosen, columnsOf(rows), rows)
  }
  return ok(c, data, { snapshotId })
}

const aggregationsBody = z
  .object({
    kind: z
      .enum(['bars', 'summary'])
      .default('bars')
      .describe('bars: OHLCV buckets over [start_time, end_time); summary: one calendar day'),
    symbols: z.array(z.string()).min(1).max(50).describe('1-50 symbols'),
    interval: z.string().optional().describe('bars: 1s..1d as N{s,m,h,d} (old 5min/1hour too)'),
    start_time: bodyInstant.optional(),
    end_time: bodyInstant.optional(),
    date: z.string().optional().describe('summary: YYYY-MM-DD in tz'),
    tz: tz.optional(),
    fill: z.boolean().optional().describe('bars: include empty buckets'),
    as_of: asOf.optional(),
    format: format.optional(),
  })
  .strict()

const replayBody = z
  .object({
    data_type: z.enum(['trades']).default('trades').describe('Only trades replay'),
    symbols: z.array(z.string()).optional(),
    symbol: z.string().optional().describe('One symbol (the old API); or use symbols'),
    exchange: z.string().optional(),
    start_time: bodyInstant,
    end_time: bodyInstant,
    limit: z.number().int().optional().describe('Rows per page 1-10,000 (default 1,000)'),
    batch_size: z.number().int().optional().describe('Old name of limit'),
    cursor: z.string().optional(),
    as_of: asOf.optional(),
    snapshot_id: z.string().optional().describe('Old name of as_of with a snapshot id'),
    format: format.optional(),
  })
  .strict()

/** Summary, bars, aggregations (several symbols) and replay. */
export function aggregateRoutes(deps: RouteDeps): RouteDefinition[] {
  const { engine } = deps
  return [
    defineRoute({
      method: 'get',
      path: '/v1/summary/{symbol}/{date}',
      operationId: 'dailySummary',
      tag: 'aggregates',
      summary: 'OHLCV, VWAP and counts of one symbol over one calendar day of tz',
      auth: true,
      params: z.object({ symbol: z.string(), date: z.string().describe('YYYY-MM-DD') }),
      query: z
        .object({ tz: tz.optional(), as_of: asOf.optional(), format: format.optional() })
        .strict(),
      formats: TABLE_FORMATS,
      data: SummarySchema,
      errors: [404],
      handle: async (c, { params, query }) => {
        const chosen = chooseFormat(c, query.format, TABLE_FORMATS)
        const { summary, meta } = await runQuery(PARAMETER_NAMES, () =>
          engine.dailySummary({
            symbol: params.symbol,
            date: params.date,
            ...(query.tz !== undefined ? { tz: query.tz } : {}),
            ...(query.as_of !== undefined ? { asOf: query.as_of } : {}),
          }),
        )
        const row = summaryJson(summary)
        return answer(c, chosen, [row], meta.snapshotId, row)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/bars/{interval}',
      operationId: 'bars',
      tag: 'aggregates',
      summary: 'OHLCV bars of one symbol at any interval 1s..1d, aligned to tz',
      auth: true,
      params: z.object({ interval: z.string().describe('N{s,m,h,d}, e.g. 1m, 5m, 1h, 1d') }),
      query: z
        .object({
          symbol: z.string(),
          start_time: instant,
          end_time: instant,
          tz: tz.optional(),
          fill: booleanText.optional().describe('Include empty buckets (true/false)'),
          as_of: asOf.optional(),
          format: format.optional(),
        })
        .strict(),
      formats: TABLE_FORMATS,
      data: z.array(BarSchema),
      errors: [404, 413],
      handle: async (c, { params, query }) => {
        const chosen = chooseFormat(c, query.format, TABLE_FORMATS)
        const { bars, meta } = await runQuery(PARAMETER_NAMES, () =>
          engine.bars({
            symbol: query.symbol,
            interval: normalizeInterval(params.interval),
            start: query.start_time,
            end: query.end_time,
            ...(query.tz !== undefined ? { tz: query.tz } : {}),
            ...(query.fill !== undefined ? { fill: query.fill } : {}),
            ...(query.as_of !== undefined ? { asOf: query.as_of } : {}),
          }),
        )
        return answer(
          c,
          chosen,
          bars.map((b) => barJson(b)),
          meta.snapshotId,
        )
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/aggregations',
      operationId: 'aggregations',
      tag: 'aggregates',
      summary: 'Bars or daily summaries of several symbols in one call',
      description:
        'kind=bars needs interval, start_time and end_time; kind=summary needs date. Every ' +
        'bar/summary has OHLCV, trade_count, VWAP and buy/sell volume; rows carry their symbol.',
      auth: true,
      body: aggregationsBody,
      formats: TABLE_FORMATS,
      data: z.array(z.union([BarSchema, SummarySchema])),
      errors: [404, 413],
      handle: async (c, { body }) => {
        const chosen = chooseFormat(c, body.format, TABLE_FORMATS)
        const common = {
          ...(body.tz !== undefined ? { tz: body.tz } : {}),
          ...(body.as_of !== undefined ? { asOf: body.as_of } : {}),
        }
        const rows: Record<string, unknown>[] = []
        let snapshotId: string | null = null
        if (body.kind === 'summary') {
          if (body.date === undefined)
            throw invalidParameter('date', 'is required for kind=summary')
          for (const [i, symbol] of body.symbols.entries()) {
            const { summary, meta } = await runQuery(
              { ...PARAMETER_NAMES, symbol: `symbols[${i}]` },
              () => engine.dailySummary({ symbol, date: body.date!, ...common }),
            )
            rows.push(summaryJson(summary))
            snapshotId = meta.snapshotId
          }
        } else {
          const { interval, start_time: start, end_time: end } = body
          if (interval === undefined) throw invalidParameter('interval', 'is required for bars')
          if (start === undefined) throw invalidParameter('start_time', 'is required for bars')
          if (end === undefined) throw invalidParameter('end_time', 'is required for bars')
          for (const [i, symbol] of body.symbols.entries()) {
            const { bars, meta } = await runQuery(
              { ...PARAMETER_NAMES, symbol: `symbols[${i}]` },
              () =>
                engine.bars({
                  symbol,
                  interval: normalizeInterval(interval),
                  start,
                  end,
                  ...common,
                  ...(body.fill !== undefined ? { fill: body.fill } : {}),
                }),
            )
            rows.push(...bars.map((b: Bar) => barJson(b, symbol)))
            snapshotId = meta.snapshotId
          }
        }
        return answer(c, chosen, rows, snapshotId)
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/replay',
      operationId: 'replay',
      tag: 'market data',
      summary: 'Trades of a time range in (timestamp, source_sequence) order, cursor-paginated',
      description:
        'pagination.total counts every trade matching the filters in the range; walk the pages ' +
        'with cursor = pagination.next_cursor until it is null.',
      auth: true,
      body: replayBody,
      formats: TABLE_FORMATS,
      paginated: true,
      data: z.array(TradeSchema),
      errors: [404],
      handle: async (c, { body }) => {
        const chosen = chooseFormat(c, body.format, TABLE_FORMATS)
        if (body.symbol !== undefined && body.symbols !== undefined) {
          throw invalidParameter('symbol', 'give symbol or symbols, not both')
        }
        if (body.limit !== undefined && body.batch_size !== undefined) {
          throw invalidParameter('batch_size', 'give limit or batch_size, not both')
        }
        if (body.as_of !== undefined && body.snapshot_id !== undefined) {
          throw invalidParameter('snapshot_id', 'give as_of or snapshot_id, not both')
        }
        const symbols = body.symbol !== undefined ? [body.symbol] : body.symbols
        const limit = body.limit ?? body.batch_size
        const asOfValue =
          body.snapshot_id !== undefined ? { snapshotId: body.snapshot_id } : body.as_of
        const names = {
          ...PARAMETER_NAMES,
          symbols: body.symbol !== undefined ? 'symbol' : 'symbols',
          limit: body.batch_size !== undefined ? 'batch_size' : 'limit',
          asOf: body.snapshot_id !== undefined ? 'snapshot_id' : 'as_of',
        }
        const page = await runQuery(names, () =>
          engine.replay({
            start: body.start_time,
            end: body.end_time,
            ...(symbols !== undefined ? { symbols } : {}),
            ...(body.exchange !== undefined ? { exchange: body.exchange } : {}),
            ...(limit !== undefined ? { limit } : {}),
            ...(body.cursor !== undefined ? { cursor: body.cursor } : {}),
            ...(asOfValue !== undefined ? { asOf: asOfValue } : {}),
          }),
        )
        const rows = page.rows.map(tradeJson)
        if (chosen === 'csv' || chosen === 'ndjson') {
          return respondRows(c, chosen, TRADE_COLUMNS, rows)
        }
        return ok(c, rows, {
          pagination: {
            limit: limit ?? 1_000,
            next_cursor: page.nextCursor,
            has_more: page.nextCursor !== null,
            total: page.total,
          },
          snapshotId: page.meta.snapshotId,
        })
      },
    }),
  ]
}
