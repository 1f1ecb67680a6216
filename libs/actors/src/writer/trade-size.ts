import type { QuoteV2, TradeV2 } from '@k2/core'

/** Bytes counted for each fixed-width column: timestamps, decimals, sequences, enums. */
const FIXED_BYTES = 8 * 6 + 2

/**
 * A cheap estimate of a trade's size in a data file before compression: the UTF-16 length of its
 * strings (ASCII in practice, so bytes) plus 8 bytes per fixed-width column. Only used to bound
 * a batch (D6 "B bytes"); a typical Binance trade estimates to about 130 bytes.
 */
export function estimateTradeBytes(trade: TradeV2): number {
  let n =
    FIXED_BYTES +
    trade.message_id.length +
    trade.trade_id.length +
    trade.symbol.length +
    trade.exchange.length +
    trade.asset_class.length +
    trade.currency.length +
    trade.side.length
  for (const c of trade.trade_conditions) n += c.length + 4
  const vendor = trade.vendor_data
  if (vendor !== null) {
    for (const k in vendor) n += k.length + vendor[k]!.length + 8
  }
  return n
}

/** Bytes counted for a quote's fixed-width columns: timestamps, four decimals, sequences. */
const QUOTE_FIXED_BYTES = 8 * 8

/** The same estimate as {@link estimateTradeBytes} for a quote (a typical ASX quote: ~150 bytes). */
export function estimateQuoteBytes(quote: QuoteV2): number {
  let n =
    QUOTE_FIXED_BYTES +
    quote.message_id.length +
    quote.quote_id.length +
    quote.symbol.length +
    quote.exchange.length +
    quote.asset_class.length +
    quote.currency.length
  const vendor = quote.vendor_data
  if (vendor !== null) {
    for (const k in vendor) n += k.length + vendor[k]!.length + 8
  }
  return n
}
