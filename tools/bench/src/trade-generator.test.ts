import { microsToEpochDay, parseDecimal, type TradeV2 } from '@k2/core'
import { describe, expect, it } from 'vitest'

import { BINANCE_MARKETS } from './binance-markets.js'
import { textToScaled } from './scaled-decimal.js'
import { generateTrades, TRADE_GENERATOR_DEFAULTS } from './trade-generator.js'
import { tradeToJsonLine } from './trade-ndjson.js'

const ROWS = 20_000
const trades = generateTrades({ rows: ROWS })
const market = new Map(BINANCE_MARKETS.map((m) => [m.symbol, m]))

describe('generateTrades', () => {
  it('is deterministic: the same seed gives the same trades, another seed others', () => {
    const again = generateTrades({ rows: ROWS })
    expect(again.map(tradeToJsonLine)).toEqual(trades.map(tradeToJsonLine))
    const other = generateTrades({ rows: 100, seed: TRADE_GENERATOR_DEFAULTS.seed + 1 })
    expect(other.map(tradeToJsonLine)).not.toEqual(trades.slice(0, 100).map(tradeToJsonLine))
  })

  it('spreads the trades to the end of the window', () => {
    const last = trades[ROWS - 1] as TradeV2
    const endMicros = TRADE_GENERATOR_DEFAULTS.startMicros + 3 * 86_400_000_000
    expect(last.timestamp).toBeLessThan(endMicros)
    expect(last.timestamp).toBeGreaterThan(endMicros - 60_000_000)
  })

  it('has exact prices and quantities on the tick and lot step, within decimal(18, 8)', () => {
    for (const t of trades) {
      const m = market.get(t.symbol)!
      for (const [field, value, decimals] of [
        ['price', t.price, m.priceDecimals],
        ['quantity', t.quantity, m.quantityDecimals],
      ] as const) {
        const text = value.toFixed(8)
        // On the grid: no digits beyond the market's decimals, and the value survives D2's checks.
        expect(() => textToScaled(text, decimals), `${field} ${text}`).not.toThrow()
        expect(parseDecimal(field, text).eq(value)).toBe(true)
        expect(value.isPositive() && !value.isZero()).toBe(true)
      }
    }
  })

  it('keeps prices near the start (bounded walk) and notionals plausible', () => {
    for (const t of trades) {
      const start = Number(market.get(t.symbol)!.price)
      const price = t.price.toNumber()
      expect(price / start).toBeGreaterThan(1 / 1.25)
      expect(price / start).toBeLessThan(1.25)
      expect(price * t.quantity.toNumber()).toBeLessThan(250 * Math.exp(4.2) * 1.3)
    }
  })

  it('comes in time order, in ms, spread over the configured UTC days', () => {
    const days = new Set<number>()
    for (let i = 0; i < trades.length; i++) {
      const t = trades[i] as TradeV2
      if (i > 0) expect(t.timestamp).toBeGreaterThanOrEqual((trades[i - 1] as TradeV2).timestamp)
      expect(t.timestamp % 1000).toBe(0)
      expect(t.ingestion_timestamp).toBeGreaterThan(t.timestamp)
      days.add(microsToEpochDay(t.timestamp))
    }
    const first = microsToEpochDay(TRADE_GENERATOR_DEFAULTS.startMicros)
    expect([...days].sort()).toEqual([first, first + 1, first + 2])
    expect(
      new Set(generateTrades({ rows: 1000, days: 1 }).map((t) => microsToEpochDay(t.timestamp)))
        .size,
    ).toBe(1)
  })

  it('numbers trades consecutively per symbol, BINANCE-{t} = source_sequence, across all 20 markets', () => {
    const next = new Map(BINANCE_MARKETS.map((m) => [m.symbol, m.firstTradeId]))
    for (const t of trades) {
      const expected = next.get(t.symbol)!
      expect(t.trade_id).toBe(`BINANCE-${expected}`)
      expect(t.source_sequence).toBe(expected)
      next.set(t.symbol, expected + 1)
    }
    const counts = BINANCE_MARKETS.map((m) => next.get(m.symbol)! - m.firstTradeId)
    expect(counts.every((c) => c > 0)).toBe(true)
    // BTCUSDT has the largest share (22 of 97).
    expect(counts[0]! / ROWS).toBeCloseTo(22 / 97, 1)
  })

  it('fills the fields as the Binance mapper of D9 does', () => {
    const t = trades[0] as TradeV2
    const m = market.get(t.symbol)!
    expect(t).toMatchObject({
      exchange: 'BINANCE',
      asset_class: 'crypto',
      currency: 'USDT',
      trade_conditions: [],
      platform_sequence: null,
    })
    expect(Object.keys(t.vendor_data ?? {})).toEqual([
      'base_asset',
      'quote_asset',
      'is_buyer_maker',
      'event_time',
      'trade_time',
      'is_best_match',
    ])
    for (const u of trades) {
      const v = u.vendor_data!
      expect(Number(v['trade_time']) * 1000).toBe(u.timestamp)
      expect(u.side).toBe(v['is_buyer_maker'] === 'true' ? 'SELL' : 'BUY')
      expect(Number(v['event_time'])).toBeGreaterThanOrEqual(Number(v['trade_time']))
    }
    expect(t.vendor_data).toMatchObject({ base_asset: m.baseAsset, quote_asset: 'USDT' })
    expect(new Set(trades.map((u) => u.message_id)).size).toBe(ROWS)
  })

  it('rejects bad options', () => {
    expect(() => generateTrades({ rows: -1 })).toThrow(RangeError)
    expect(() => generateTrades({ rows: 1, days: 0 })).toThrow(RangeError)
    expect(() => generateTrades({ rows: 1, markets: [] })).toThrow(RangeError)
    expect(generateTrades({ rows: 0 })).toEqual([])
  })
})
