import { describe, expect, it } from 'vitest'

import { advancePositions, sourceKey, sourceRanges, stalePositions } from './source-positions.js'
import { trade } from './testing/trade-fixtures.js'

describe('source positions', () => {
  it('keys streams by upper-case exchange and symbol', () => {
    expect(sourceKey(trade('BTCUSDT', 1))).toBe('BINANCE:BTCUSDT')
  })

  it('finds the lowest and highest sequence per stream, in any order', () => {
    const ranges = sourceRanges([
      trade('BTCUSDT', 12),
      trade('ETHUSDT', 3),
      trade('BTCUSDT', 10),
      trade('BTCUSDT', 15),
    ])
    expect(Object.fromEntries(ranges)).toEqual({
      'BINANCE:BTCUSDT': { first: 10, last: 15 },
      'BINANCE:ETHUSDT': { first: 3, last: 3 },
    })
  })

  it('advances positions and never moves one back', () => {
    const merged = advancePositions(
      new Map([
        ['BINANCE:BTCUSDT', 20],
        ['BINANCE:SOLUSDT', 4],
      ]),
      new Map([
        ['BINANCE:BTCUSDT', { first: 5, last: 9 }],
        ['BINANCE:ETHUSDT', { first: 1, last: 2 }],
      ]),
    )
    expect(Object.fromEntries(merged)).toEqual({
      'BINANCE:BTCUSDT': 20,
      'BINANCE:SOLUSDT': 4,
      'BINANCE:ETHUSDT': 2,
    })
  })

  it('calls a stream stale when its stored position is >= the batch first sequence', () => {
    const ranges = new Map([
      ['A:X', { first: 11, last: 20 }],
      ['A:Y', { first: 5, last: 6 }],
      ['A:Z', { first: 1, last: 1 }],
    ])
    const stored = new Map([
      ['A:X', 10],
      ['A:Y', 5],
    ])
    expect(stalePositions(stored, ranges)).toEqual([{ key: 'A:Y', stored: 5, first: 5 }])
  })
})
