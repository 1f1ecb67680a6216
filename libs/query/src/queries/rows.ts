import type { JsonRow } from '../engine/duckdb-pool.js'
import { trimDecimal } from '../decimal-text.js'

/**
 * A trade as queries return it: the columns of `trades_v2` (D4) with exact decimal strings and µs
 * timestamps (formatting them as ISO-8601 is the API's job, see `isoMicros`).
 */
export interface TradeRow {
  readonly message_id: string
  readonly trade_id: string
  readonly symbol: string
  readonly exchange: string
  readonly asset_class: string
  /** Exchange time, µs UTC. */
  readonly timestamp: number
  /** Exact decimal text, shortest form (`36.667`). */
  readonly price: string
  readonly quantity: string
  readonly currency: string
  /** Aggressor side: BUY, SELL, SELL_SHORT or UNKNOWN. */
  readonly side: string
  readonly trade_conditions: readonly string[]
  readonly source_sequence: number | null
  /** Platform receipt time, µs UTC. */
  readonly ingestion_timestamp: number
  readonly platform_sequence: number | null
  readonly vendor_data: Readonly<Record<string, string>> | null
}

/** A quote as queries return it (columns of `quotes_v2`). */
export interface QuoteRow {
  readonly message_id: string
  readonly quote_id: string
  readonly symbol: string
  readonly exchange: string
  readonly asset_class: string
  readonly timestamp: number
  readonly bid_price: string
  readonly bid_quantity: string
  readonly ask_price: string
  readonly ask_quantity: string
  readonly currency: string
  readonly source_sequence: number | null
  readonly ingestion_timestamp: number
  readonly platform_sequence: number | null
  readonly vendor_data: Readonly<Record<string, string>> | null
}

/** The SELECT list of a trade: decimals and times as text so nothing passes through a float. */
export const TRADE_COLUMNS_SQL = [
  'message_id',
  'trade_id',
  'symbol',
  'exchange',
  'asset_class',
  'epoch_us("timestamp")::VARCHAR AS "timestamp"',
  'price::VARCHAR AS price',
  'quantity::VARCHAR AS quantity',
  'currency',
  'side',
  'to_json(trade_conditions)::VARCHAR AS trade_conditions',
  'source_sequence::VARCHAR AS source_sequence',
  'epoch_us(ingestion_timestamp)::VARCHAR AS ingestion_timestamp',
  'platform_sequence::VARCHAR AS platform_sequence',
  'to_json(vendor_data)::VARCHAR AS vendor_data',
].join(', ')

/** The SELECT list of a quote. */
export const QUOTE_COLUMNS_SQL = [
  'message_id',
  'quote_id',
  'symbol',
  'exchange',
  'asset_class',
  'epoch_us("timestamp")::VARCHAR AS "timestamp"',
  'bid_price::VARCHAR AS bid_price',
  'bid_quantity::VARCHAR AS bid_quantity',
  'ask_price::VARCHAR AS ask_price',
  'ask_quantity::VARCHAR AS ask_quantity',
  'currency',
  'source_sequence::VARCHAR AS source_sequence',
  'epoch_us(ingestion_timestamp)::VARCHAR AS ingestion_timestamp',
  'platform_sequence::VARCHAR AS platform_sequence',
  'to_json(vendor_data)::VARCHAR AS vendor_data',
].join(', ')

/** The columns of a trade in the table's own types (Parquet exports), in `trades_v2` order. */
export const TRADE_NATIVE_COLUMNS_SQL = [
  'message_id',
  'trade_id',
  'symbol',
  'exchange',
  'asset_class',
  '"timestamp"',
  'price',
  'quantity',
  'currency',
  'side',
  'trade_conditions',
  'source_sequence',
  'ingestion_timestamp',
  'platform_sequence',
  'vendor_data',
].join(', ')

/** The columns of a quote in the table's own types (Parquet exports). */
export const QUOTE_NATIVE_COLUMNS_SQL = [
  'message_id',
  'quote_id',
  'symbol',
  'exchange',
  'asset_class',
  '"timestamp"',
  'bid_price',
  'bid_quantity',
  'ask_price',
  'ask_quantity',
  'currency',
  'source_sequence',
  'ingestion_timestamp',
  'platform_sequence',
  'vendor_data',
].join(', ')

/** A DuckDB row of {@link TRADE_COLUMNS_SQL} as a {@link TradeRow}. */
export function toTradeRow(row: JsonRow): TradeRow {
  return {
    message_id: text(row['message_id']),
    trade_id: text(row['trade_id']),
    symbol: text(row['symbol']),
    exchange: text(row['exchange']),
    asset_class: text(row['asset_class']),
    timestamp: integer(row['timestamp'])!,
    price: trimDecimal(text(row['price'])),
    quantity: trimDecimal(text(row['quantity'])),
    currency: text(row['currency']),
    side: text(row['side']),
    trade_conditions: (parseJson(row['trade_conditions']) as string[] | null) ?? [],
    source_sequence: integer(row['source_sequence']),
    ingestion_timestamp: integer(row['ingestion_timestamp'])!,
    platform_sequence: integer(row['platform_sequence']),
    vendor_data: parseJson(row['vendor_data']) as Record<string, string> | null,
  }
}

/** A DuckDB row of {@link QUOTE_COLUMNS_SQL} as a {@link QuoteRow}. */
export function toQuoteRow(row: JsonRow): QuoteRow {
  return {
    message_id: text(row['message_id']),
    quote_id: text(row['quote_id']),
    symbol: text(row['symbol']),
    exchange: text(row['exchange']),
    asset_class: text(row['asset_class']),
    timestamp: integer(row['timestamp'])!,
    bid_price: trimDecimal(text(row['bid_price'])),
    bid_quantity: trimDecimal(text(row['bid_quantity'])),
    ask_price: trimDecimal(text(row['ask_price'])),
    ask_quantity: trimDecimal(text(row['ask_quantity'])),
    currency: text(row['currency']),
    source_sequence: integer(row['source_sequence']),
    ingestion_timestamp: integer(row['ingestion_timestamp'])!,
    platform_sequence: integer(row['platform_sequence']),
    vendor_data: parseJson(row['vendor_data']) as Record<string, string> | null,
  }
}

/** A text column. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value)
}

/** A BIGINT column (text) as a number; null stays null. */
export function integer(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value)
}

/** A decimal column (text) in its shortest form; null stays null. */
export function decimalOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : trimDecimal(text(value))
}

function parseJson(value: unknown): unknown {
  return value === null || value === undefined ? null : JSON.parse(text(value))
}
