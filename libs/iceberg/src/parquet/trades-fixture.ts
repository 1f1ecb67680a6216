import { createTrade, microsToEpochDay, type TradeV2 } from '@k2/core'

import type { StructType } from '../spec/types.js'
import type { PartitionSplit } from './write-request.js'

/**
 * Test and measurement fixture: the trades_v2 schema of D4 (same field ids as the table
 * definition: 1-15 top level, 16 list element, 17/18 map key/value) and deterministic trades over
 * several days and five symbols, in no particular order, with nulls in the optional columns.
 */
export const TRADES_SCHEMA: StructType & { readonly 'schema-id': number } = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'message_id', required: true, type: 'string' },
    { id: 2, name: 'trade_id', required: true, type: 'string' },
    { id: 3, name: 'symbol', required: true, type: 'string' },
    { id: 4, name: 'exchange', required: true, type: 'string' },
    { id: 5, name: 'asset_class', required: true, type: 'string' },
    { id: 6, name: 'timestamp', required: true, type: 'timestamptz' },
    { id: 7, name: 'price', required: true, type: 'decimal(18, 8)' },
    { id: 8, name: 'quantity', required: true, type: 'decimal(18, 8)' },
    { id: 9, name: 'currency', required: true, type: 'string' },
    { id: 10, name: 'side', required: true, type: 'string' },
    {
      id: 11,
      name: 'trade_conditions',
      required: true,
      type: { type: 'list', 'element-id': 16, element: 'string', 'element-required': true },
    },
    { id: 12, name: 'source_sequence', required: false, type: 'long' },
    { id: 13, name: 'ingestion_timestamp', required: true, type: 'timestamptz' },
    { id: 14, name: 'platform_sequence', required: false, type: 'long' },
    {
      id: 15,
      name: 'vendor_data',
      required: false,
      type: {
        type: 'map',
        'key-id': 17,
        key: 'string',
        'value-id': 18,
        value: 'string',
        'value-required': true,
      },
    },
  ],
}

/** The five symbols of the fixture. */
export const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT', 'XRPUSDT'] as const

/** 2025-11-24T00:00:00Z in µs: the first day of the fixture. */
export const FIRST_DAY_MICROS = Date.UTC(2025, 10, 24) * 1000

const DAY_MICROS = 86_400_000_000

/** `count` trades spread over `days` days from {@link FIRST_DAY_MICROS}, timestamps shuffled. */
export function makeTrades(count: number, days = 3): TradeV2[] {
  const trades: TradeV2[] = new Array<TradeV2>(count)
  let seed = 42
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed
  }
  for (let i = 0; i < count; i++) {
    const r = next()
    const symbol = SYMBOLS[r % SYMBOLS.length]!
    const timestamp = FIRST_DAY_MICROS + Math.floor((next() / 2 ** 32) * days * DAY_MICROS)
    const cents = String(next() % 100_000_000).padStart(8, '0')
    trades[i] = createTrade({
      trade_id: `BINANCE-${symbol}-${1_000_000_000 + i}`,
      symbol,
      exchange: 'binance',
      asset_class: 'crypto',
      timestamp,
      price: `${1000 + (r % 90_000)}.${cents}`,
      quantity: `0.${String(next() % 100_000_000).padStart(8, '0')}`,
      currency: 'USDT',
      side: r % 2 === 0 ? 'BUY' : 'SELL',
      trade_conditions: i % 3 === 0 ? ['X', `C${i % 7}`] : [],
      source_sequence: i % 10 === 0 ? null : 5_000_000_000 + i,
      ingestion_timestamp: timestamp + 1234 + (i % 1000),
      platform_sequence: i % 3 === 1 ? null : i,
      vendor_data: i % 4 === 0 ? null : { is_best_match: 'true', buyer_order: String(i) },
    })
  }
  return trades
}

/** Iceberg's `day(timestamp)` split: key = days since epoch, path `timestamp_day=YYYY-MM-DD`. */
export const BY_TIMESTAMP_DAY: PartitionSplit<TradeV2> = {
  keyOf: (row) => String(microsToEpochDay(row.timestamp)),
  pathOf: (key) => `timestamp_day=${new Date(Number(key) * 86_400_000).toISOString().slice(0, 10)}`,
}
