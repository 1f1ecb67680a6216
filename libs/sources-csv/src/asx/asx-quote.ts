import { createQuote, EXCHANGES, parseDecimal, type QuoteV2 } from '@k2/core'

import { reasonOf, reject, type Conversion } from '../row-result.js'
import { asxLocalToMicros } from '../time/index.js'
import type { AsxFileContext } from './asx-trade.js'

/**
 * The columns of `quotes/<company_id>.csv` (headerless). The order is the one of DESIGN.md D9,
 * `bid,ask,bid_volume,ask_volume`, not the one the data README states (`bid,bid_volume,ask,
 * ask_volume`): the real files decide it, see this lib's README ("Quote column order").
 */
export const ASX_QUOTE_COLUMNS = ['date', 'time', 'bid', 'ask', 'bid_volume', 'ask_volume'] as const

/**
 * How a quote's two sides relate, kept in `vendor_data.quote_state` so that nothing is dropped
 * and readers can filter: `normal` (bid < ask), `locked` (bid = ask), `crossed` (bid > ask, e.g.
 * in the pre-open auction), `bid_only` / `ask_only` (the other side is 0: absent), `empty`.
 */
export type AsxQuoteState = 'normal' | 'locked' | 'crossed' | 'bid_only' | 'ask_only' | 'empty'

const INTEGER = /^\d+$/

/**
 * One ASX quote row -> QuoteV2 (D9): Sydney time -> UTC µs; quote_id
 * `ASX-{company_id}-{YYYYMMDD}-Q{row}` (the `Q` keeps quote ids apart from trade ids of the same
 * company, day and row); currency AUD; source_sequence = row; vendor_data {company_id,
 * quote_state}. A side given as 0 / 0.0 is absent and kept as zero.
 */
export function convertAsxQuote(
  fields: readonly string[],
  row: number,
  file: AsxFileContext,
): Conversion<QuoteV2> {
  if (fields.length !== ASX_QUOTE_COLUMNS.length) {
    return reject(`expected ${ASX_QUOTE_COLUMNS.length} fields, got ${fields.length}`)
  }
  const [date, time, bid, ask, bidVolume, askVolume] = fields.map((f) => f.trim()) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ]
  const when = asxLocalToMicros(date, time)
  if ('reason' in when) return reject(when.reason)
  if (!INTEGER.test(bidVolume)) {
    return reject(`bid_volume: ${JSON.stringify(bidVolume)} must be a whole number of shares`)
  }
  if (!INTEGER.test(askVolume)) {
    return reject(`ask_volume: ${JSON.stringify(askVolume)} must be a whole number of shares`)
  }
  try {
    const bidPrice = parseDecimal('bid_price', bid)
    const askPrice = parseDecimal('ask_price', ask)
    const quote = createQuote({
      quote_id: `ASX-${file.companyId}-${when.yyyymmdd}-Q${row}`,
      symbol: file.symbol,
      exchange: EXCHANGES.ASX,
      asset_class: 'equities',
      timestamp: when.micros,
      bid_price: bidPrice,
      bid_quantity: bidVolume,
      ask_price: askPrice,
      ask_quantity: askVolume,
      currency: 'AUD',
      source_sequence: row,
      ...(file.ingestionTimestamp === undefined
        ? {}
        : { ingestion_timestamp: file.ingestionTimestamp }),
      vendor_data: {
        company_id: file.companyId,
        quote_state: quoteState({ bid_price: bidPrice, ask_price: askPrice }),
      },
    })
    return { ok: true, value: quote }
  } catch (error) {
    return reject(reasonOf(error))
  }
}

/** The {@link AsxQuoteState} of a quote's prices. */
export function quoteState(quote: Pick<QuoteV2, 'bid_price' | 'ask_price'>): AsxQuoteState {
  const hasBid = !quote.bid_price.isZero()
  const hasAsk = !quote.ask_price.isZero()
  if (!hasBid && !hasAsk) return 'empty'
  if (!hasAsk) return 'bid_only'
  if (!hasBid) return 'ask_only'
  const c = quote.bid_price.comparedTo(quote.ask_price)
  return c < 0 ? 'normal' : c === 0 ? 'locked' : 'crossed'
}
