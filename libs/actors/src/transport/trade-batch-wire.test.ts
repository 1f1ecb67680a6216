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
    const decoded = await decodeTradeBatch(encodeTradeBatch(batch))
    expect(decoded).toHaveLength(batch.length)
    decoded.forEach((t, i) => {
      const want = batch[i]!
      expect(t.price.toFixed()).toBe(want.price.toFixed())
      expect(t.quantity.toFixed()).toBe(want.quantity.toFixed())
      expect({ ...t, price: 0, quantity: 0 }).toEqual({ ...want, price: 0, quantity: 0 })
    })
  })

  it('an empty batch is four bytes and decodes to nothing', async () => {
    const buf = encodeTradeBatch([])
    expect(buf.byteLength).toBe(4)
    expect(await decodeTradeBatch(buf)).toEqual([])
  })

  it('refuses a batch cut short or with trailing bytes', async () => {
    const buf = encodeTradeBatch(trades('BTCUSDT', 1, 2))
    await expect(decodeTradeBatch(buf.slice(0, buf.byteLength - 1))).rejects.toMatchObject({
      code: 'ACTORS_INVALID_BATCH',
    })
    const longer = new Uint8Array(buf.byteLength + 1)
    longer.set(new Uint8Array(buf))
    await expect(decodeTradeBatch(longer.buffer)).rejects.toThrow(/trailing bytes/)
    await expect(decodeTradeBatch(new ArrayBuffer(2))).rejects.toThrow(/count/)
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
