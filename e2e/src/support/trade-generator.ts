import { createTrade, ExactDecimal, type TradeV2 } from '@k2/core'

/** mulberry32: a tiny seeded PRNG, so generated data is the same on every run. */
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

/** Options of {@link generateTrades}. */
export interface TradeGeneratorOptions {
  readonly symbols: readonly string[]
  readonly count: number
  readonly seed: number
  readonly exchange?: string
  /** First trade time, µs UTC. */
  readonly startMicros?: number
}

/**
 * Realistic Binance-like trades: round-robin-ish random symbols, consecutive source_sequence per
 * symbol starting at 1, random-walk prices with 8 decimals, µs timestamps that never go backwards.
 */
export function generateTrades(options: TradeGeneratorOptions): TradeV2[] {
  const rand = seededRandom(options.seed)
  const exchange = options.exchange ?? 'BINANCE'
  const seq = new Map<string, number>()
  const price = new Map<string, ExactDecimal>()
  let ts = options.startMicros ?? 1_764_115_200_000_000 // 2025-11-26T00:00:00Z
  const out: TradeV2[] = []
  for (let i = 0; i < options.count; i++) {
    const symbol = options.symbols[Math.floor(rand() * options.symbols.length)] as string
    const n = (seq.get(symbol) ?? 0) + 1
    seq.set(symbol, n)
    const last = price.get(symbol) ?? new ExactDecimal(Math.floor(rand() * 60_000) + 1)
    const step = new ExactDecimal(Math.floor((rand() - 0.5) * 2_000_000)).dividedBy(1e8)
    const next = ExactDecimal.max(last.plus(step), new ExactDecimal('0.00000001'))
    price.set(symbol, next)
    ts += Math.floor(rand() * 900) + 1
    const quantity = new ExactDecimal(Math.floor(rand() * 5e10) + 1).dividedBy(1e8)
    out.push(
      createTrade({
        trade_id: `${exchange}-${n}`,
        symbol,
        exchange,
        asset_class: 'crypto',
        timestamp: ts,
        price: next.toFixed(8),
        quantity: quantity.toFixed(8),
        currency: 'USDT',
        side: rand() < 0.5 ? 'BUY' : 'SELL',
        trade_conditions: rand() < 0.1 ? ['X'] : [],
        source_sequence: n,
        ingestion_timestamp: ts + Math.floor(rand() * 5_000),
        vendor_data: {
          is_buyer_maker: rand() < 0.5 ? 'true' : 'false',
          event_time: String(Math.floor(ts / 1000)),
        },
      }),
    )
  }
  return out
}
