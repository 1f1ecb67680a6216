import {
  isoMicros,
  type Bar,
  type DailySummary,
  type QuoteRow,
  type SnapshotInfo,
  type SymbolInfo,
  type TradeRow,
} from '@k2/query'

/**
 * Query results as the API prints them (D7): µs timestamps as ISO-8601 with six fractional digits
 * and `Z`; decimals stay the engine's exact strings; 64-bit ids stay strings.
 */

/** A trade in API form. */
export function tradeJson(row: TradeRow) {
  return {
    ...row,
    timestamp: isoMicros(row.timestamp),
    ingestion_timestamp: isoMicros(row.ingestion_timestamp),
  }
}

/** A quote in API form. */
export function quoteJson(row: QuoteRow) {
  return {
    ...row,
    timestamp: isoMicros(row.timestamp),
    ingestion_timestamp: isoMicros(row.ingestion_timestamp),
  }
}

/** A bar in API form (`symbol` added for multi-symbol results). */
export function barJson(bar: Bar, symbol?: string) {
  return {
    ...(symbol !== undefined ? { symbol } : {}),
    ...bar,
    start: isoMicros(bar.start),
    end: isoMicros(bar.end),
  }
}

/** A daily summary in API form. */
export function summaryJson(summary: DailySummary) {
  return { ...summary, start: isoMicros(summary.start), end: isoMicros(summary.end) }
}

/** A symbol in API form. */
export function symbolJson(info: SymbolInfo) {
  return {
    ...info,
    first_timestamp: isoMicros(info.first_timestamp),
    last_timestamp: isoMicros(info.last_timestamp),
  }
}

/** A snapshot in API form (`timestamp` added; `timestamp_ms` kept). */
export function snapshotJson(info: SnapshotInfo) {
  return { ...info, timestamp: isoMicros(info.timestamp_ms * 1000) }
}

/** Column order of trades in CSV (the `trades_v2` order, D4). */
export const TRADE_COLUMNS = [
  'message_id',
  'trade_id',
  'symbol',
  'exchange',
  'asset_class',
  'timestamp',
  'price',
  'quantity',
  'currency',
  'side',
  'trade_conditions',
  'source_sequence',
  'ingestion_timestamp',
  'platform_sequence',
  'vendor_data',
] as const

/** Column order of quotes in CSV. */
export const QUOTE_COLUMNS = [
  'message_id',
  'quote_id',
  'symbol',
  'exchange',
  'asset_class',
  'timestamp',
  'bid_price',
  'bid_quantity',
  'ask_price',
  'ask_quantity',
  'currency',
  'source_sequence',
  'ingestion_timestamp',
  'platform_sequence',
  'vendor_data',
] as const
