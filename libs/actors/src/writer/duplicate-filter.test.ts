import { createQuote, createTrade } from '@k2/core'
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

  it('keeps late but unseen sequences and drops late repeats, interleaved streams too', () => {
    const seqs = [3, 1, 5, 2, 5, 4, 1, 9, 6]
    const input = seqs.flatMap((n) => [trade('BTCUSDT', n), trade('ETHUSDT', n + 100)])
    const { kept, repeated } = dropDuplicates(input, new Map())
    const of = (symbol: string) =>
      kept.filter((t) => t.symbol === symbol).map((t) => t.source_sequence)
    expect(of('BTCUSDT')).toEqual([3, 1, 5, 2, 4, 9, 6])
    expect(of('ETHUSDT')).toEqual([103, 101, 105, 102, 104, 109, 106])
    expect(repeated).toBe(4)
  })

  it('classifies drops against the committed positions when given', () => {
    const held = new Map([['BINANCE:BTCUSDT', 10]])
    const inTable = new Map([['BINANCE:BTCUSDT', 6]])
    const input = [5, 6, 7, 10, 11, 11].map((n) => trade('BTCUSDT', n))
    const { kept, committed, repeated } = dropDuplicates(input, held, inTable)
    expect(kept.map((t) => t.source_sequence)).toEqual([11])
    expect({ committed, repeated }).toEqual({ committed: 2, repeated: 3 })
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

  it('filters quotes by the same rule (any sequenced record)', () => {
    const quote = (seq: number) =>
      createQuote({
        quote_id: `ASX-7078-${seq}`,
        symbol: 'BHP',
        exchange: 'asx',
        asset_class: 'equities',
        timestamp: Date.UTC(2014, 2, 3) + seq,
        bid_price: '36.5',
        bid_quantity: '100',
        ask_price: '36.51',
        ask_quantity: '200',
        currency: 'AUD',
        source_sequence: seq,
      })
    const { kept, committed, repeated } = dropDuplicates(
      [quote(9), quote(10), quote(11), quote(11), quote(12)],
      new Map([['ASX:BHP', 10]]),
    )
    expect(kept.map((q) => q.quote_id)).toEqual(['ASX-7078-11', 'ASX-7078-12'])
    expect({ committed, repeated }).toEqual({ committed: 2, repeated: 1 })
  })
})
