import { z } from 'zod'

/** Response data schemas (documentation in `/openapi.json`; the handlers build these shapes). */

const decimal = z.string().describe('Exact decimal, shortest form (e.g. "36.667")')
const iso = z.string().describe('ISO-8601 UTC with microseconds, e.g. 2014-03-11T00:00:00.000000Z')

export const TradeSchema = z.object({
  message_id: z.string(),
  trade_id: z.string(),
  symbol: z.string(),
  exchange: z.string(),
  asset_class: z.string(),
  timestamp: iso,
  price: decimal,
  quantity: decimal,
  currency: z.string(),
  side: z.enum(['BUY', 'SELL', 'SELL_SHORT', 'UNKNOWN']),
  trade_conditions: z.array(z.string()),
  source_sequence: z.number().int().nullable(),
  ingestion_timestamp: iso,
  platform_sequence: z.number().int().nullable(),
  vendor_data: z.record(z.string(), z.string()).nullable(),
})

export const QuoteSchema = z.object({
  message_id: z.string(),
  quote_id: z.string(),
  symbol: z.string(),
  exchange: z.string(),
  asset_class: z.string(),
  timestamp: iso,
  bid_price: decimal,
  bid_quantity: decimal,
  ask_price: decimal,
  ask_quantity: decimal,
  currency: z.string(),
  source_sequence: z.number().int().nullable(),
  ingestion_timestamp: iso,
  platform_sequence: z.number().int().nullable(),
  vendor_data: z.record(z.string(), z.string()).nullable(),
})

const ohlcv = {
  open: decimal.nullable(),
  high: decimal.nullable(),
  low: decimal.nullable(),
  close: decimal.nullable(),
  volume: decimal,
  trade_count: z.number().int(),
  vwap: decimal.nullable().describe('sum(price*quantity)/sum(quantity), exact to 18 digits'),
  buy_volume: decimal,
  sell_volume: decimal,
}

export const BarSchema = z.object({
  symbol: z.string().optional(),
  start: iso,
  end: iso,
  ...ohlcv,
})

export const SummarySchema = z.object({
  symbol: z.string(),
  date: z.string(),
  tz: z.string(),
  start: iso,
  end: iso,
  ...ohlcv,
})

export const SymbolSchema = z.object({
  symbol: z.string(),
  exchange: z.string(),
  trade_count: z.number().int(),
  quote_count: z.number().int(),
  first_timestamp: iso,
  last_timestamp: iso,
})

export const StatsSchema = z.object({
  table: z.string(),
  snapshot_id: z.string().nullable(),
  rows: z.number().int(),
  files: z.number().int(),
  size_bytes: z.number().int(),
  snapshots: z.number().int(),
})

export const SnapshotSchema = z.object({
  snapshot_id: z.string(),
  parent_snapshot_id: z.string().nullable(),
  sequence_number: z.string(),
  timestamp_ms: z.number().int(),
  timestamp: iso,
  operation: z.string(),
  is_current: z.boolean(),
  summary: z.record(z.string(), z.string()),
})

export const HealthSchema = z.object({
  status: z.enum(['healthy', 'degraded', 'unhealthy']),
  version: z.string(),
  timestamp: z.string(),
  dependencies: z.array(
    z.object({
      name: z.string(),
      status: z.enum(['healthy', 'degraded', 'unhealthy']),
      latency_ms: z.number().optional(),
      message: z.string().optional(),
    }),
  ),
})
