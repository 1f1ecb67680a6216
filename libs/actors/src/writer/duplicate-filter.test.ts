import { createTrade } from '@k2/core'
import { describe, expect, it } from 'vitest'

import { dropDuplicates } from './duplicate-filter.js'
import { trade } from './testing/trade-fixtures.js'

describe('dropDuplicates', () => {
  it('drops trades at or below their stream position and keeps the rest in order', () => {
    const positions = new Map([['BINANCE:BTCUSDT', 5]])
    const input = [
      trade('BTCUSDT', 4),
      trade('ETHUSDT', 1),
      trade('BTCUSDT', 5),
      trade('BTCUSDT', 6),
    ]
    const { kept, committed, repeated } = dropDuplicates(input, positions)
    expect(kept.map((t) => `${t.symbol}:${t.source_sequence}`)).toEqual(['ETHUSDT:1', 'BTCUSDT:6'])
    expect({ committed, repeated }).toEqual({ committed: 2, repeated: 0 })
  })

  it('drops a sequence repeated within the batch, per stream', () => {
    const input = [trade('BTCUSDT', 7), trade('ETHUSDT', 7), trade('BTCUSDT', 7)]
    const { kept, committed, repeated } = dropDuplicates(input, new Map())
    expect(kept).toHaveLength(2)
    expect({ committed, repeated }).toEqual({ committed: 0, repeated: 1 })
  })

  it('keeps trades without a source sequence (no position to compare with)', () => {
    const unsequenced = createTrade({
      trade_id: 'ASX-1-20140303-1',
      symbol: 'BHP',
      exchange: 'asx',
      asset_class: 'equities',
      timestamp: Date.UTC(2014, 2, 3),
      price: '36.5',
      quantity: '100',
      currency: 'AUD',
      side: 'UNKNOWN',
    })
    const { kept } = dropDuplicates([unsequenced, unsequenced], new Map([['ASX:BHP', 10]]))
    expect(kept).toHaveLength(2)
  })
})
