import { serialize } from 'node:v8'

import { describe, expect, it } from 'vitest'

import { createTrade } from '@k2/core'

import { trades } from '../writer/testing/trade-fixtures.js'
import { decodeTradeBatch, encodeTradeBatch } from './trade-batch-wire.js'
import { writerIndexFor } from './writer-routing.js'

describe('trade batch wire', () => {
  it('round-trips trades exactly (decimals, µs times, vendor data, nulls)', async () => {
    const batch = [
      ...trades('BTCUSDT', 1, 3),
      createTrade({
        trade_id: 'ASX-1',
        symbol: 'BHP',
        exchange: 'asx',
        asset_class: 'equities',
        timestamp: 1_700_000_000_123_456n,
        price: '0.00000001',
        quantity: '9999999999.99999999',
        currency: 'AUD',
        side: 'UNKNOWN',
        trade_conditions: ['XT'],
        source_sequence: null,
        vendor_data: { venue: 'ASX', ünïcode: '✓' },
      }),
    ]
    const decoded = decodeTradeBatch(encodeTradeBatch(batch))
    expect(decoded).toHaveLength(batch.length)
    decoded.forEach((t, i) => {
      const want = batch[i]!
      expect(t.price.toFixed()).toBe(want.price.toFixed())
      expect(t.quantity.toFixed()).toBe(want.quantity.toFixed())
      expect({ ...t, price: 0, quantity: 0 }).toEqual({ ...want, price: 0, quantity: 0 })
    })
  })

  it('gives decoded trades real exact decimals, frozen', () => {
    const [t] = decodeTradeBatch(encodeTradeBatch(trades('BTCUSDT', 1, 1)))
    expect(t!.price.plus(t!.quantity).toFixed()).toBe('101.62345678')
    expect(Object.isFrozen(t)).toBe(true)
    expect(decodeTradeBatch(encodeTradeBatch([]))).toEqual([])
  })

  it('refuses bytes that are not a batch, naming the problem', () => {
    const buf = encodeTradeBatch(trades('BTCUSDT', 1, 2))
    expect(() => decodeTradeBatch(buf.slice(0, buf.byteLength - 5))).toThrow(
      expect.objectContaining({ code: 'ACTORS_INVALID_BATCH' }),
    )
    expect(() => decodeTradeBatch(new ArrayBuffer(2))).toThrow(/not a serialized batch/)
    const notTrades = serialize([{ symbol: 'BTCUSDT' }])
    expect(() => decodeTradeBatch(new Uint8Array(notTrades).buffer)).toThrow(
      /trade 0 is not a wire trade/,
    )
    expect(() => decodeTradeBatch(new Uint8Array(serialize({ a: 1 })).buffer)).toThrow(
      /not an array/,
    )
  })
})

describe('writerIndexFor', () => {
  it('is stable and within range, and spreads symbols over the writers', () => {
    const symbols = Array.from({ length: 200 }, (_, i) => `SYM${i}USDT`)
    const counts = [0, 0, 0, 0]
    for (const s of symbols) {
      const w = writerIndexFor(s, 4)
      expect(w).toBe(writerIndexFor(s, 4))
      counts[w]!++
    }
    for (const c of counts) expect(c).toBeGreaterThan(25)
    expect(writerIndexFor('BTCUSDT', 1)).toBe(0)
  })

  it('refuses a writer count below one', () => {
    expect(() => writerIndexFor('BTCUSDT', 0)).toThrow(/writers/)
  })
})
