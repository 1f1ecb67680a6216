import type { Context } from 'hono'

import {
  DEFAULT_PAGE_LIMIT,
  type Page,
  type QuoteRow,
  type QuotesParams,
  type TradeRow,
  type TradesParams,
} from '@k2/query'

import { invalidParameter } from '../errors.js'
import { respondParquet, respondStream } from '../formats/respond.js'
import { QUOTE_COLUMNS, quoteJson, TRADE_COLUMNS, tradeJson } from '../formats/rows-json.js'
import { ok } from '../http/envelope.js'
import type { ApiEnv } from '../http/env.js'
import type { Format } from '../params.js'
import { runQuery, type RouteDeps } from './deps.js'

/** Trades or quotes: the two tables newest-first reads serve. */
export type DataType = 'trades' | 'quotes'

/** A projection of rows to `fields` (the old API's field selection), validated by name. */
function project(
  fields: readonly string[] | undefined,
  columns: readonly string[],
): { columns: readonly string[]; pick: (row: Record<string, unknown>) => Record<string, unknown> } {
  if (!fields || fields.length === 0) return { columns, pick: (row) => row }
  fields.forEach((f, i) => {
    if (!columns.includes(f)) {
      throw invalidParameter(`fields[${i}]`, `must be one of ${columns.join(', ')}`)
    }
  })
  return {
    columns: fields,
    pick: (row) => Object.fromEntries(fields.map((f) => [f, row[f]])),
  }
}

/**
 * Answers a trades or quotes read in any format (D7): JSON is one keyset page in the envelope;
 * CSV and NDJSON stream every matching row (`limit` defaults to the engine's `maxRows` there);
 * Parquet is a file written by DuckDB.
 */
export async function serveMarketRows(
  c: Context<ApiEnv>,
  deps: RouteDeps,
  dataType: DataType,
  params: TradesParams & QuotesParams,
  format: Format,
  names: Readonly<Record<string, string>>,
  fields?: readonly string[],
): Promise<Response> {
  const { engine, logger } = deps
  const allColumns = dataType === 'trades' ? TRADE_COLUMNS : QUOTE_COLUMNS
  const { columns, pick } = project(fields, allColumns)
  if (format === 'parquet') {
    if (fields && fields.length > 0) {
      throw invalidParameter('fields', 'is not supported with format=parquet')
    }
    return respondParquet(c, `${dataType}.parquet`, (path) =>
      runQuery(names, () =>
        dataType === 'trades'
          ? engine.tradesParquet(params, path)
          : engine.quotesParquet(params, path),
      ),
    )
  }
  if (format === 'json') {
    const page = await runQuery<Page<TradeRow> | Page<QuoteRow>>(names, () =>
      dataType === 'trades' ? engine.trades(params) : engine.quotes(params),
    )
    const rows = (page.rows as readonly never[]).map((row) =>
      pick(dataType === 'trades' ? tradeJson(row) : quoteJson(row)),
    )
    return ok(c, rows, {
      pagination: {
        limit: params.limit ?? DEFAULT_PAGE_LIMIT,
        next_cursor: page.nextCursor,
        has_more: page.nextCursor !== null,
      },
      snapshotId: page.meta.snapshotId,
    })
  }
  if (dataType === 'trades') {
    const { rows } = await runQuery(names, () => engine.tradesStream(params))
    return respondStream(c, format, columns, rows, (r) => pick(tradeJson(r)), logger)
  }
  const { rows } = await runQuery(names, () => engine.quotesStream(params))
  return respondStream(c, format, columns, rows, (r) => pick(quoteJson(r)), logger)
}
