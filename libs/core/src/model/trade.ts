import { parseDecimal, type ExactDecimal } from '../decimal/index.js'
import { toMicros, type Micros } from '../time/index.js'
import { ASSET_CLASSES, TRADE_SIDES, type AssetClass, type TradeSide } from './enums.js'
import {
  ingestionMicros,
  messageIdFor,
  optionalSequence,
  optionalStringMap,
  requireOneOf,
  requireText,
  stringList,
} from './fields.js'

/**
 * One executed trade in the v2 hybrid model (`schemas/trade_v2.avsc`, D2). Field names are the
 * public names of the Avro schema, the Iceberg table and the API.
 */
export interface TradeV2 {
  /** UUID v5 of exchange, symbol and trade_id: the same trade always has the same message id. */
  readonly message_id: string
  /** Unique and deterministic per source, e.g. `BINANCE-{t}`. */
  readonly trade_id: string
  readonly symbol: string
  /** Exchange code, upper case. */
  readonly exchange: string
  readonly asset_class: AssetClass
  /** Exchange time of the trade, µs since the epoch, UTC. */
  readonly timestamp: Micros
  /** Exact price, decimal(18,8). */
  readonly price: ExactDecimal
  /** Exact quantity, decimal(18,8). */
  readonly quantity: ExactDecimal
  /** Currency of the price (for crypto: the quote asset). */
  readonly currency: string
  /** The aggressor's side. */
  readonly side: TradeSide
  /** Venue trade-condition codes; empty when none. */
  readonly trade_conditions: readonly string[]
  /** The source's own sequence number (e.g. Binance trade id), if it has one. */
  readonly source_sequence: number | null
  /** Platform receipt time, µs since the epoch, UTC. */
  readonly ingestion_timestamp: Micros
  /** K2's own sequence number, if assigned. */
  readonly platform_sequence: number | null
  /** Source-specific extras that have no core field. */
  readonly vendor_data: Readonly<Record<string, string>> | null
}

/** What a source adapter supplies to build a {@link TradeV2}; validated by {@link createTrade}. */
export interface TradeInput {
  readonly message_id?: string
  readonly trade_id: string
  readonly symbol: string
  readonly exchange: string
  readonly asset_class: AssetClass
  readonly timestamp: number | bigint | string | Date
  readonly price: string | ExactDecimal
  readonly quantity: string | ExactDecimal
  readonly currency: string
  readonly side: TradeSide
  readonly trade_conditions?: readonly string[]
  readonly source_sequence?: number | bigint | null
  /** Defaults to now. */
  readonly ingestion_timestamp?: number | bigint | string | Date
  readonly platform_sequence?: number | bigint | null
  /**
   * Copied into the record (own enumerable string keys, in order) and frozen: the record never
   * shares the caller's object, so changing it later cannot change the record.
   */
  readonly vendor_data?: Readonly<Record<string, string>> | null
}

/**
 * Builds a validated, frozen {@link TradeV2}: exact decimals within decimal(18,8), timestamps
 * normalised to µs, exchange upper-cased, message id derived when not given. Throws a
 * `CoreError` naming the offending field.
 */
export function createTrade(input: TradeInput): TradeV2 {
  const exchange = requireText('exchange', input.exchange).toUpperCase()
  const symbol = requireText('symbol', input.symbol)
  const tradeId = requireText('trade_id', input.trade_id)
  return Object.freeze({
    message_id: messageIdFor(input.message_id, exchange, symbol, tradeId),
    trade_id: tradeId,
    symbol,
    exchange,
    asset_class: requireOneOf('asset_class', input.asset_class, ASSET_CLASSES),
    timestamp: toMicros('timestamp', input.timestamp),
    price: parseDecimal('price', input.price),
    quantity: parseDecimal('quantity', input.quantity),
    currency: requireText('currency', input.currency),
    side: requireOneOf('side', input.side, TRADE_SIDES),
    trade_conditions: stringList('trade_conditions', input.trade_conditions),
    source_sequence: optionalSequence('source_sequence', input.source_sequence),
    ingestion_timestamp: ingestionMicros(input.ingestion_timestamp),
    platform_sequence: optionalSequence('platform_sequence', input.platform_sequence),
    vendor_data: optionalStringMap('vendor_data', input.vendor_data),
  })
}
