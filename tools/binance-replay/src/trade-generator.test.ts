import { describe, expect, it } from 'vitest'

import { formatUnits } from './decimal-units.js'
import { symbolProfile } from './symbol-profile.js'
import { createTradeGenerator } from './trade-generator.js'
import type { ReplayTrade } from './trade.js'

const START = 1_700_000_000_000

function tape(symbol: string, n: number, seed = 1, meanGapMs = 10): ReplayTrade[] {
  const generator = createTradeGenerator({ symbol, seed, startTime: START, meanGapMs })
  return Array.from({ length: n }, () => generator.take().trade)
}

describe('createTradeGenerator', () => {
  it('is deterministic for a seed and differs for another', () => {
    expect(tape('BTCUSDT', 500)).toEqual(tape('BTCUSDT', 500))
    expect(tape('BTCUSDT', 50, 2)).not.toEqual(tape('BTCUSDT', 50, 1))
  })

  it('numbers trades 1, 2, 3, ... and never lets time or event time go back', () => {
    const trades = tape('ETHUSDT', 5000)
    trades.forEach((trade, i) => expect(trade.id).toBe(i + 1))
    for (let i = 1; i < trades.length; i++) {
      const [before, after] = [trades[i - 1] as ReplayTrade, trades[i] as ReplayTrade]
      expect(after.time).toBeGreaterThanOrEqual(before.time)
      expect(after.eventTime).toBeGreaterThanOrEqual(before.eventTime)
    }
    for (const trade of trades) {
      expect(trade.eventTime).toBeGreaterThanOrEqual(trade.time)
      expect(trade.eventTime - trade.time).toBeLessThan(100)
      expect(trade.time).toBeGreaterThanOrEqual(START)
    }
  })

  it.each(['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLBTC', 'XYZEUR'])(
    'keeps %s prices on the tick grid and sizes on the lot grid',
    (symbol) => {
      const { tickSize, stepSize } = symbolProfile(symbol)
      for (const trade of tape(symbol, 2000)) {
        expect(trade.price % tickSize).toBe(0)
        expect(trade.price).toBeGreaterThan(0)
        expect(trade.quantity % stepSize).toBe(0)
        expect(trade.quantity).toBeGreaterThanOrEqual(stepSize)
        expect(formatUnits(trade.price)).toMatch(/^\d+\.\d{8}$/)
      }
    },
  )

  it('uses Binance-like grids for BTCUSDT', () => {
    expect(formatUnits(symbolProfile('BTCUSDT').tickSize)).toBe('0.01000000')
    expect(formatUnits(symbolProfile('BTCUSDT').stepSize)).toBe('0.00001000')
  })

  it('has bursts (several trades of one side at one time) and both sides', () => {
    const trades = tape('BTCUSDT', 5000)
    let burstTrades = 0
    for (let i = 1; i < trades.length; i++) {
      const [a, b] = [trades[i - 1] as ReplayTrade, trades[i] as ReplayTrade]
      if (a.time === b.time && a.isBuyerMaker === b.isBuyerMaker) burstTrades++
    }
    expect(burstTrades).toBeGreaterThan(500)
    const sells = trades.filter((trade) => trade.isBuyerMaker).length
    expect(sells).toBeGreaterThan(1500)
    expect(sells).toBeLessThan(3500)
  })

  it('draws heavy-tailed sizes: the largest trade dwarfs the median', () => {
    const sizes = tape('BTCUSDT', 10_000)
      .map((trade) => trade.quantity)
      .sort((a, b) => a - b)
    const median = sizes[sizes.length / 2] as number
    expect(sizes[sizes.length - 1]).toBeGreaterThan(100 * median)
  })

  it('walks the price without leaving a plausible band', () => {
    const prices = tape('BTCUSDT', 10_000).map((trade) => trade.price / 1e8)
    expect(new Set(prices).size).toBeGreaterThan(100)
    for (const price of prices) {
      expect(price).toBeGreaterThan(30_000)
      expect(price).toBeLessThan(60_000)
    }
  })

  it('spaces trades by the mean gap it is given', () => {
    const trades = tape('BTCUSDT', 20_000, 3, 10)
    const span = (trades[trades.length - 1] as ReplayTrade).time - START
    expect(span / trades.length).toBeGreaterThan(8)
    expect(span / trades.length).toBeLessThan(12)
  })
})
