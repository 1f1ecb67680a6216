import { parseDecimal, type ExactDecimal } from '../decimal/index.js'
import { toMicros, type Micros } from '../time/index.js'
import { ASSET_CLASSES, type AssetClass } from './enums.js'
import {
  ingestionMicros,
  messageIdFor,
  optionalSequence,
  optionalStringMap,
  requireOneOf,
  requireText,
} from './fields.js'

/** Top-of-book quote in the v2 hybrid model (`schemas/quote_v2.avsc`, D2). */
export interface QuoteV2 {
  /** UUID v5 of exchange, symbol and quote_id. */
  readonly message_id: string
  readonly quote_id: string
  readonly symbol: string
  /** Exchange code, upper case. */
  readonly exchange: string
  readonly asset_class: AssetClass
  /** Exchange time of the quote, µs since the epoch, UTC. */
  readonly timestamp: Micros
  /** Best bid; zero when the side is absent (e.g. before the open). */
  readonly bid_price: ExactDecimal
  readonly bid_quantity: ExactDecimal
  /** Best ask; zero when the side is absent. */
  readonly ask_price: ExactDecimal
  readonly ask_quantity: ExactDecimal
  readonly currency: string
  readonly source_sequence: number | null
  /** Platform receipt time, µs since the epoch, UTC. */
  readonly ingestion_timestamp: Micros
  readonly platform_sequence: number | null
  readonly vendor_data: Readonly<Record<string, string>> | null
}

/** What a source adapter supplies to build a {@link QuoteV2}. */
export interface QuoteInput {
  readonly message_id?: string
  readonly quote_id: string
  readonly symbol: string
  readonly exchange: string
  readonly asset_class: AssetClass
  readonly timestamp: number | bigint | string | Date
  readonly bid_price: string | ExactDecimal
  readonly bid_quantity: string | ExactDecimal
  readonly ask_price: string | ExactDecimal
  readonly ask_quantity: string | ExactDecimal
  readonly currency: string
  readonly source_sequence?: number | bigint | null
  readonly ingestion_timestamp?: number | bigint | string | Date
  readonly platform_sequence?: number | bigint | null
  readonly vendor_data?: Readonly<Record<string, string>> | null
}

/** Builds a validated, frozen {@link QuoteV2}; throws a `CoreError` naming the offending field. */
export function createQuote(input: QuoteInput): QuoteV2 {
  const exchange = requireText('exchange', input.exchange).toUpperCase()
  const symbol = requireText('symbol', input.symbol)
  const quoteId = requireText('quote_id', input.quote_id)
  return Object.freeze({
    message_id: messageIdFor(input.message_id, exchange, symbol, quoteId),
    quote_id: quoteId,
    symbol,
    exchange,
    asset_class: requireOneOf('asset_class', input.asset_class, ASSET_CLASSES),
    timestamp: toMicros('timestamp', input.timestamp),
    bid_price: parseDecimal('bid_price', input.bid_price),
    bid_quantity: parseDecimal('bid_quantity', input.bid_quantity),
    ask_price: parseDecimal('ask_price', input.ask_price),
    ask_quantity: parseDecimal('ask_quantity', input.ask_quantity),
    currency: requireText('currency', input.currency),
    source_sequence: optionalSequence('source_sequence', input.source_sequence),
    ingestion_timestamp: ingestionMicros(input.ingestion_timestamp),
    platform_sequence: optionalSequence('platform_sequence', input.platform_sequence),
    vendor_data: optionalStringMap('vendor_data', input.vendor_data),
  })
}
