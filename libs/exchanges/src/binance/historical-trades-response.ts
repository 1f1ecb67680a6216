import type { Micros, TradeV2 } from '@k2/core'

import { convertHistoricalTrade } from './convert-trade.js'
import { BinanceError, frameError, fromBinanceApiError } from './errors.js'
import { validateHistoricalTrade } from './historical-trade.js'
import { normalizeSymbol } from './symbol-split.js'

/**
 * Parses a `GET /api/v3/historicalTrades` response body for `symbol` (the text, or the JSON the
 * caller already decoded) into trades in id order. Throws a coded {@link BinanceError}:
 * `BINANCE_MALFORMED_JSON` for bad text; a Binance `{code, msg}` body as mapped by
 * `BINANCE_API_ERROR_MAP` (e.g. -1003 -> `BINANCE_RATE_LIMITED`, retriable); any other non-list
 * body, or ids that do not strictly increase, `BINANCE_INVALID_RESPONSE`; a bad item
 * `BINANCE_MISSING_FIELD`/`BINANCE_INVALID_FIELD` with its index. A bad item fails the whole
 * response: gap repair must not emit a partial range as if it were complete.
 */
export function parseHistoricalTradesResponse(
  symbol: string,
  body: unknown,
  receivedAtMicros: Micros,
): TradeV2[] {
  const canonical = normalizeSymbol(symbol)
  let data = body
  if (typeof body === 'string') {
    try {
      data = JSON.parse(body)
    } catch (cause) {
      throw frameError(
        'BINANCE_MALFORMED_JSON',
        body,
        null,
        'response is not valid JSON',
        {},
        cause,
      )
    }
  }
  if (!Array.isArray(data)) throw notAList(data, canonical)
  const trades: TradeV2[] = []
  let previousId = -1
  for (let i = 0; i < data.length; i++) {
    const item = validateHistoricalTrade(data[i], i)
    if (item instanceof BinanceError) throw item
    if (item.id <= previousId) {
      throw new BinanceError(
        'BINANCE_INVALID_RESPONSE',
        `historicalTrades ids must increase: item ${i} has id ${item.id} after ${previousId}`,
        { context: { symbol: canonical, index: i, id: item.id, previousId } },
      )
    }
    previousId = item.id
    trades.push(convertHistoricalTrade(canonical, item, receivedAtMicros))
  }
  return trades
}

function notAList(data: unknown, symbol: string): BinanceError {
  if (typeof data === 'object' && data !== null) {
    const { code, msg } = data as { code?: unknown; msg?: unknown }
    if (typeof code === 'number' && typeof msg === 'string') {
      return fromBinanceApiError(code, msg, { symbol, endpoint: 'historicalTrades' })
    }
  }
  let text: string
  try {
    text = JSON.stringify(data) ?? String(data)
  } catch {
    text = String(data)
  }
  return frameError(
    'BINANCE_INVALID_RESPONSE',
    text,
    null,
    'historicalTrades response is not a list',
    {
      symbol,
    },
  )
}
