import { TRADE_SIDES, createTrade, type TradeV2 } from '@k2/core'

/** A seeded PRNG (mulberry32): the same seed gives the same sequence on every run and machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A random integer in [min, max] (both safe integers). */
export function randomInt(rand: () => number, min: number, max: number): number {
  // Two draws so the whole 2^53 range is reachable, not just 2^32 values.
  const span = max - min + 1
  const r = Math.floor(rand() * 2 ** 21) * 2 ** 32 + Math.floor(rand() * 2 ** 32)
  return min + (r % span)
}

function digits(rand: () => number, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += String(Math.floor(rand() * 10))
  return s
}

/**
 * A random decimal(18,8) value as text: 0-10 integer digits and 0-8 fractional digits, written
 * as digit strings so no float is ever involved.
 */
export function randomDecimalText(rand: () => number): string {
  const intDigits = Math.floor(rand() * 11)
  const fracDigits = Math.floor(rand() * 9)
  const int =
    intDigits === 0 ? '0' : String(1 + Math.floor(rand() * 9)) + digits(rand, intDigits - 1)
  return fracDigits === 0 ? int : `${int}.${digits(rand, fracDigits)}`
}

/**
 * A µs timestamp in a form `toMicros` reads as µs: integers above 10^15 in magnitude as they are,
 * smaller ones (which D2 reads as ms) as exact ISO-8601 text built with bigint arithmetic.
 */
export function microsInput(micros: number): number | string {
  if (Math.abs(micros) > 1e15) return micros
  const big = BigInt(micros)
  const seconds = big / 1_000_000n - (big % 1_000_000n < 0n ? 1n : 0n)
  const frac = big - seconds * 1_000_000n
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19)
  return `${base}.${frac.toString().padStart(6, '0')}Z`
}

const SYMBOLS = ['BTCUSDT', 'ETHBTC', 'BNBEUR', 'BHP', 'CBA', 'ΑΛΦΑ', '7203'] as const
const MAX_MICROS = 2 ** 53 - 1

/**
 * `count` random but valid trades from `seed`: timestamps anywhere in the safe µs range (years
 * 1685-2255), decimals from digit strings, sequences up to 2^53 - 1, random vendor_data (null,
 * empty or a few entries) and conditions.
 */
export function randomTrades(seed: number, count: number): TradeV2[] {
  const rand = seededRandom(seed)
  const trades: TradeV2[] = []
  for (let i = 0; i < count; i++) {
    const symbol = SYMBOLS[Math.floor(rand() * SYMBOLS.length)] as string
    const vendorKind = Math.floor(rand() * 3)
    const vendor_data =
      vendorKind === 0
        ? null
        : vendorKind === 1
          ? {}
          : Object.fromEntries(
              Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, k) => [
                `k${k}_${digits(rand, 3)}`,
                digits(rand, Math.floor(rand() * 12)),
              ]),
            )
    trades.push(
      createTrade({
        trade_id: `RANDOM-${seed}-${i}`,
        symbol,
        exchange: 'RANDOM',
        asset_class: rand() < 0.5 ? 'crypto' : 'equities',
        timestamp: microsInput(randomInt(rand, -MAX_MICROS, MAX_MICROS)),
        price: randomDecimalText(rand),
        quantity: randomDecimalText(rand),
        currency: symbol.endsWith('USDT') ? 'USDT' : 'AUD',
        side: TRADE_SIDES[Math.floor(rand() * TRADE_SIDES.length)] as (typeof TRADE_SIDES)[number],
        trade_conditions: Array.from({ length: Math.floor(rand() * 3) }, () => digits(rand, 2)),
        source_sequence: rand() < 0.3 ? null : randomInt(rand, 0, MAX_MICROS),
        ingestion_timestamp: microsInput(randomInt(rand, -MAX_MICROS, MAX_MICROS)),
        platform_sequence: rand() < 0.5 ? null : randomInt(rand, 0, 1_000_000_000),
        vendor_data,
      }),
    )
  }
  return trades
}
