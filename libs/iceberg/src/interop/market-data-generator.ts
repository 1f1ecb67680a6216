import { createQuote, createTrade, TRADE_SIDES, type QuoteV2, type TradeV2 } from '@k2/core'

import { createSeededRandom, type SeededRandom } from './seeded-random.js'

/**
 * Deterministic K2 trades and quotes for the interop tests: realistic 2025 timestamps, decimals
 * built from random digit strings (never from floats), every optional column both null and set,
 * and edge rows at the limits of decimal(18,8) and of a day partition.
 */

/** µs in an hour. */
export const HOUR_MICROS = 3_600_000_000
/** µs in a day. */
export const DAY_MICROS = 24 * HOUR_MICROS

/** µs since the epoch of `day` (`YYYY-MM-DD`) at 00:00:00 UTC. */
export function dayStartMicros(day: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`)
  if (Number.isNaN(ms)) throw new Error(`bad day ${day}`)
  return ms * 1000
}

/** What {@link generateTrades} and {@link generateQuotes} make. */
export interface BatchOptions {
  readonly seed: number
  readonly count: number
  /** Symbols picked uniformly. */
  readonly symbols: readonly string[]
  /** UTC days (`YYYY-MM-DD`) picked uniformly. */
  readonly days: readonly string[]
  /** Hours `[from, to)` of each day the timestamps fall in; the whole day by default. */
  readonly hours?: readonly [number, number]
  /** Prefix of the record ids; batches of one table need different prefixes. */
  readonly idPrefix: string
}

const CONDITIONS = ['@', 'F', 'T', 'I', 'XT', '4'] as const
const VENDOR_KEYS = ['venue', 'is_best_match', 'buyer_order_id', 'seller_order_id', 'note'] as const

function timestampIn(rnd: SeededRandom, options: BatchOptions): number {
  const [from, to] = options.hours ?? [0, 24]
  const start = dayStartMicros(rnd.pick(options.days)) + from * HOUR_MICROS
  // Two draws: one float has only 32 random bits, too few for µs over hours.
  return start + rnd.int(0, (to - from) * 3600 - 1) * 1_000_000 + rnd.int(0, 999_999)
}

function decimalText(rnd: SeededRandom, maxInteger: number): string {
  return `${rnd.int(0, maxInteger)}.${rnd.digits(8)}`
}

function vendorData(rnd: SeededRandom): Record<string, string> | null {
  const r = rnd.next()
  if (r < 0.3) return null
  if (r < 0.4) return {}
  const out: Record<string, string> = {}
  for (let i = rnd.int(1, 3); i > 0; i--) out[rnd.pick(VENDOR_KEYS)] = rnd.digits(rnd.int(1, 12))
  return out
}

function sequence(rnd: SeededRandom, nullChance: number): number | null {
  // Up to ~8e15: wide longs, still exact in a JS number.
  return rnd.chance(nullChance)
    ? null
    : rnd.int(0, 4_000_000_000) * 2_000_000 + rnd.int(0, 1_999_999)
}

/** `count` random trades (unsorted), ids `<idPrefix>-<n>`. */
export function generateTrades(options: BatchOptions): TradeV2[] {
  const rnd = createSeededRandom(options.seed)
  return Array.from({ length: options.count }, (_, i) => {
    const timestamp = timestampIn(rnd, options)
    return createTrade({
      trade_id: `${options.idPrefix}-${i}`,
      symbol: rnd.pick(options.symbols),
      exchange: rnd.pick(['BINANCE', 'KRAKEN']),
      asset_class: 'crypto',
      timestamp,
      price: decimalText(rnd, 99_999),
      quantity: decimalText(rnd, 999),
      currency: 'USDT',
      side: rnd.pick(TRADE_SIDES),
      trade_conditions: Array.from({ length: rnd.int(0, 3) }, () => rnd.pick(CONDITIONS)),
      source_sequence: sequence(rnd, 0.1),
      ingestion_timestamp: timestamp + rnd.int(0, 5_000_000),
      platform_sequence: rnd.chance(0.2) ? null : i,
      vendor_data: vendorData(rnd),
    })
  })
}

/**
 * Edge trades on `day` for `symbol`: the smallest and largest decimal(18,8) values and zero, the
 * first and last µs of the day (partition boundaries), 2^53 - 1 as a sequence, empty and null
 * vendor_data and trade_conditions with several (and repeated) values, and map keys and strings
 * that stress JSON and sorting (quotes, backslashes, control characters, non-BMP text, keys that
 * look like integers, the empty key).
 */
export function edgeCaseTrades(day: string, symbol: string, idPrefix: string): TradeV2[] {
  const start = dayStartMicros(day)
  const base = {
    symbol,
    exchange: 'BINANCE',
    asset_class: 'crypto',
    currency: 'USDT',
  } as const
  return [
    createTrade({
      ...base,
      trade_id: `${idPrefix}-min`,
      timestamp: start,
      price: '0.00000001',
      quantity: '0.00000001',
      side: 'BUY',
      trade_conditions: [],
      source_sequence: null,
      ingestion_timestamp: start,
      platform_sequence: null,
      vendor_data: {},
    }),
    createTrade({
      ...base,
      trade_id: `${idPrefix}-max`,
      timestamp: start + DAY_MICROS - 1,
      price: '9999999999.99999999',
      quantity: '9999999999.99999999',
      side: 'SELL',
      trade_conditions: ['@', 'F', 'T', 'I'],
      source_sequence: Number.MAX_SAFE_INTEGER,
      ingestion_timestamp: start + DAY_MICROS,
      platform_sequence: 0,
      vendor_data: null,
    }),
    createTrade({
      ...base,
      trade_id: `${idPrefix}-text`,
      timestamp: start + 12 * HOUR_MICROS,
      price: '0',
      quantity: '1',
      side: 'UNKNOWN',
      trade_conditions: ['X', 'X', 'ü'],
      source_sequence: 0,
      ingestion_timestamp: start + 12 * HOUR_MICROS + 1,
      platform_sequence: 1,
      vendor_data: {
        note: 'quote " backslash \\ newline \n tab \t bell \u0007',
        ünïcødé: '東京 🚀',
        '10': 'integer-like key',
        '9': 'sorts after 10 as text',
        '': 'empty key',
      },
    }),
  ]
}

/** `count` random quotes (unsorted), ids `<idPrefix>-<n>`; about 5% have a zero bid. */
export function generateQuotes(options: BatchOptions): QuoteV2[] {
  const rnd = createSeededRandom(options.seed)
  return Array.from({ length: options.count }, (_, i) => {
    const timestamp = timestampIn(rnd, options)
    const noBid = rnd.chance(0.05)
    return createQuote({
      quote_id: `${options.idPrefix}-${i}`,
      symbol: rnd.pick(options.symbols),
      exchange: 'KRAKEN',
      asset_class: 'crypto',
      timestamp,
      bid_price: noBid ? '0' : decimalText(rnd, 99_999),
      bid_quantity: noBid ? '0' : decimalText(rnd, 999),
      ask_price: decimalText(rnd, 99_999),
      ask_quantity: decimalText(rnd, 999),
      currency: 'USD',
      source_sequence: sequence(rnd, 0.5),
      ingestion_timestamp: timestamp + rnd.int(0, 2_000_000),
      platform_sequence: rnd.chance(0.5) ? null : i,
      vendor_data: vendorData(rnd),
    })
  })
}
