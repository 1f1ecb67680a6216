import { Serializer } from 'node:v8'

import { describe, expect, it } from 'vitest'

import { createTrade } from '@k2/core'

import { trades } from '../writer/testing/trade-fixtures.js'
import {
  decodeTracedTradeBatch,
  decodeTradeBatch,
  encodeTradeBatch,
  TradeBatchEncoder,
} from './trade-batch-wire.js'
import { writerIndexFor } from './writer-routing.js'

const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'

/** Bytes of a serializer that wrote `values` one after the other. */
function serialized(...values: unknown[]): ArrayBuffer {
  const s = new Serializer()
  s.writeHeader()
  for (const v of values) s.writeValue(v)
  return new Uint8Array(s.releaseBuffer()).buffer
}

describe('trade batch wire: trace entries (D8)', () => {
  it('carries the sparse trace entries of sampled trades across', () => {
    const batch = trades('BTCUSDT', 1, 4)
    const decoded = decodeTracedTradeBatch(encodeTradeBatch(batch, [{ index: 2, traceparent: TP }]))
    expect(decoded.traces).toEqual([{ index: 2, traceparent: TP }])
    expect(decoded.trades.map((t) => t.trade_id)).toEqual(batch.map((t) => t.trade_id))
    expect(decodeTradeBatch(encodeTradeBatch(batch, [{ index: 0, traceparent: TP }]))).toHaveLength(
      4,
    )
  })

  it('encodes an untraced batch with an empty entry list, the same bytes either way', () => {
    const batch = trades('BTCUSDT', 1, 3)
    const plain = new Uint8Array(encodeTradeBatch(batch))
    expect(new Uint8Array(encodeTradeBatch(batch, []))).toEqual(plain)
    expect(decodeTracedTradeBatch(plain.buffer).traces).toEqual([])
  })

  it('a batch built trade by trade equals the batch encoded at once', () => {
    const batch = trades('BTCUSDT', 1, 5)
    const encoder = new TradeBatchEncoder()
    for (const t of batch) encoder.add(t)
    expect(encoder.size).toBe(5)
    const built = new Uint8Array(encoder.finish([{ index: 3, traceparent: TP }]))
    expect(built).toEqual(new Uint8Array(encodeTradeBatch(batch, [{ index: 3, traceparent: TP }])))
  })

  it('drops entries out of range or with an invalid or unsampled traceparent', () => {
    const batch = trades('BTCUSDT', 1, 2)
    const buf = encodeTradeBatch(batch, [
      { index: 5, traceparent: TP },
      { index: 0, traceparent: 'x' },
      { index: 1, traceparent: TP.replace(/01$/, '00') },
      { index: 1, traceparent: TP },
    ])
    expect(decodeTracedTradeBatch(buf).traces).toEqual([{ index: 1, traceparent: TP }])
  })

  it('refuses a batch without its entry list after the trades', () => {
    expect(() => decodeTradeBatch(serialized(null, { traces: [] }))).toThrow(
      expect.objectContaining({
        code: 'ACTORS_INVALID_BATCH',
        message: expect.stringMatching(/no trace list/),
      }),
    )
  })
})

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
    expect(() => decodeTradeBatch(serialized({ symbol: 'BTCUSDT' }, null, []))).toThrow(
      /trade 0 is not a wire trade/,
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
