import {
  EXCHANGES,
  K2Error,
  MICROS_THRESHOLD,
  createTrade,
  type Micros,
  type TradeV2,
} from '@k2/core'

import { BinanceError } from './errors.js'
import type { BinanceHistoricalTrade } from './historical-trade.js'
import { splitSymbol, type BinanceSymbol } from './symbol-split.js'
import type { BinanceTradeEvent } from './trade-event.js'

/**
 * Converts a validated trade event to a {@link TradeV2} exactly as D9 says: trade_id `BINANCE-{t}`,
 * exchange BINANCE, asset_class crypto, timestamp = T x 1000 µs (exchange clock),
 * ingestion_timestamp = `receivedAtMicros` (platform clock), exact price and quantity, side SELL
 * when `m` (the buyer was the maker, so the seller was the aggressor) else BUY, source_sequence =
 * t, currency = quote asset, vendor_data {base_asset, quote_asset, is_buyer_maker, event_time,
 * trade_time, is_best_match ("" when `M` is absent)}.
 *
 * `receivedAtMicros` is µs since the epoch (e.g. `nowMicros()` when the frame arrived). Throws
 * `BINANCE_INVALID_FIELD` (with the core error as cause) if the record builder rejects a value.
 */
export function convertTradeEvent(event: BinanceTradeEvent, receivedAtMicros: Micros): TradeV2 {
  return buildTrade(
    splitSymbol(event.s),
    event.t,
    event.p,
    event.q,
    event.T,
    event.m,
    event.M,
    String(event.E),
    receivedAtMicros,
  )
}

/**
 * Converts a validated historicalTrades item of `symbol` to the same {@link TradeV2} the trade
 * event gives, except that vendor_data.event_time is "" (REST has no event time).
 */
export function convertHistoricalTrade(
  symbol: string,
  item: BinanceHistoricalTrade,
  receivedAtMicros: Micros,
): TradeV2 {
  return buildTrade(
    splitSymbol(symbol),
    item.id,
    item.price,
    item.qty,
    item.time,
    item.isBuyerMaker,
    item.isBestMatch,
    '',
    receivedAtMicros,
  )
}

/** Record fields of TradeV2 named by the Binance keys they come from, for error messages. */
const SOURCE_KEY: Readonly<Record<string, string>> = {
  trade_id: 't',
  symbol: 's',
  timestamp: 'T',
  price: 'p',
  quantity: 'q',
  source_sequence: 't',
  ingestion_timestamp: 'receivedAtMicros',
}

function buildTrade(
  symbol: BinanceSymbol,
  id: number,
  price: string,
  quantity: string,
  tradeTimeMs: number,
  buyerIsMaker: boolean,
  bestMatch: boolean | undefined,
  eventTime: string,
  receivedAtMicros: Micros,
): TradeV2 {
  checkReceiptTime(receivedAtMicros)
  try {
    return createTrade({
      trade_id: 'BINANCE-' + id,
      symbol: symbol.symbol,
      exchange: EXCHANGES.BINANCE,
      asset_class: 'crypto',
      // ms on purpose: toMicros reads integers up to 10^15 as ms and multiplies by 1000 (D2);
      // every T we accept (<= 2^53 / 1000) is in that range, so this is exactly T x 1000 µs.
      timestamp: tradeTimeMs,
      price,
      quantity,
      currency: symbol.quote,
      side: buyerIsMaker ? 'SELL' : 'BUY',
      source_sequence: id,
      ingestion_timestamp: receivedAtMicros,
      vendor_data: {
        base_asset: symbol.base,
        quote_asset: symbol.quote,
        is_buyer_maker: buyerIsMaker ? 'true' : 'false',
        event_time: eventTime,
        trade_time: String(tradeTimeMs),
        is_best_match: bestMatch === undefined ? '' : bestMatch ? 'true' : 'false',
      },
    })
  } catch (cause) {
    const field = cause instanceof K2Error ? String(cause.context.field ?? '') : ''
    const message = cause instanceof Error ? cause.message : String(cause)
    throw new BinanceError(
      'BINANCE_INVALID_FIELD',
      `${SOURCE_KEY[field] ?? field}: rejected by the record builder: ${message}`,
      { cause, context: { field: SOURCE_KEY[field] ?? field, symbol: symbol.symbol, tradeId: id } },
    )
  }
}

/**
 * The receipt time must be µs: `createTrade` would read an integer up to 10^15 (before 2001 in
 * µs) as ms, so such a value is a caller's mistake (ms passed for µs), caught here.
 */
function checkReceiptTime(receivedAtMicros: Micros): void {
  if (!Number.isSafeInteger(receivedAtMicros) || receivedAtMicros <= MICROS_THRESHOLD) {
    throw new BinanceError(
      'BINANCE_INVALID_ARGUMENT',
      `receivedAtMicros ${String(receivedAtMicros)} must be µs since the epoch (> 10^15)`,
      { context: { argument: 'receivedAtMicros', value: String(receivedAtMicros) } },
    )
  }
}
