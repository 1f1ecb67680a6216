import { describe, expect, it } from 'vitest'

import { formatDecimal } from '../decimal/index.js'
import { CoreError } from '../errors/index.js'
import { deriveMessageId } from '../ids/index.js'
import { nowMicros } from '../time/index.js'
import { createQuote, type QuoteInput } from './quote.js'

const VALID: QuoteInput = {
  quote_id: 'BINANCE-BTCUSDT-400900217',
  symbol: 'BTCUSDT',
  exchange: 'Binance',
  asset_class: 'crypto',
  timestamp: '2024-01-01T00:00:00.000250Z',
  bid_price: '42150.00',
  bid_quantity: '1.25',
  ask_price: '42150.01',
  ask_quantity: '0.5',
  currency: 'USDT',
}

/** Runs `fn` and returns the CoreError it throws (fails the test when it does not throw one). */
function thrown(fn: () => unknown): CoreError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(CoreError)
    return err as CoreError
  }
  throw new Error('expected a CoreError, nothing was thrown')
}

describe('createQuote', () => {
  it('builds a normalised, frozen QuoteV2 in schema field order', () => {
    const q = createQuote({ ...VALID, vendor_data: { u: '400900217' } })
    expect(Object.keys(q)).toEqual([
      'message_id',
      'quote_id',
      'symbol',
      'exchange',
      'asset_class',
      'timestamp',
      'bid_price',
      'bid_quantity',
      'ask_price',
      'ask_quantity',
      'currency',
      'source_sequence',
      'ingestion_timestamp',
      'platform_sequence',
      'vendor_data',
    ])
    expect(Object.isFrozen(q)).toBe(true)
    expect(Object.isFrozen(q.vendor_data)).toBe(true)
    expect(q.exchange).toBe('BINANCE')
    expect(q.message_id).toBe(deriveMessageId('BINANCE', 'BTCUSDT', 'BINANCE-BTCUSDT-400900217'))
    expect(q.timestamp).toBe(1_704_067_200_000_250)
    expect(formatDecimal(q.bid_price, 8)).toBe('42150.00000000')
    expect(formatDecimal(q.bid_quantity, 8)).toBe('1.25000000')
    expect(formatDecimal(q.ask_price, 8)).toBe('42150.01000000')
    expect(formatDecimal(q.ask_quantity, 8)).toBe('0.50000000')
    expect(q.source_sequence).toBeNull()
    expect(q.platform_sequence).toBeNull()
  })

  it('accepts zero for an absent side of the book', () => {
    const q = createQuote({ ...VALID, bid_price: '0', bid_quantity: '0' })
    expect(q.bid_price.isZero()).toBe(true)
    expect(q.bid_quantity.isZero()).toBe(true)
  })

  it('derives the message_id case-insensitively on the exchange and keeps a given one', () => {
    expect(createQuote({ ...VALID, exchange: 'BINANCE' }).message_id).toBe(
      createQuote({ ...VALID, exchange: 'binance' }).message_id,
    )
    const id = '00000000-0000-5000-8000-000000000001'
    expect(createQuote({ ...VALID, message_id: id }).message_id).toBe(id)
  })

  it('defaults ingestion_timestamp to now (µs)', () => {
    const before = nowMicros()
    const q = createQuote(VALID)
    const after = nowMicros()
    expect(q.ingestion_timestamp).toBeGreaterThanOrEqual(before)
    expect(q.ingestion_timestamp).toBeLessThanOrEqual(after)
  })

  it.each([
    ['message_id', { message_id: '' }, 'CORE_INVALID_FIELD'],
    ['quote_id', { quote_id: '' }, 'CORE_INVALID_FIELD'],
    ['symbol', { symbol: '' }, 'CORE_INVALID_FIELD'],
    ['exchange', { exchange: '' }, 'CORE_INVALID_FIELD'],
    ['asset_class', { asset_class: 'fx' }, 'CORE_INVALID_FIELD'],
    ['timestamp', { timestamp: '2014-02-30T00:00:00Z' }, 'CORE_INVALID_TIMESTAMP'],
    ['bid_price', { bid_price: '-0.01' }, 'CORE_INVALID_DECIMAL'],
    ['bid_quantity', { bid_quantity: '1.000000001' }, 'CORE_INVALID_DECIMAL'],
    ['ask_price', { ask_price: 42150.01 }, 'CORE_INVALID_DECIMAL'],
    ['ask_quantity', { ask_quantity: '12345678901' }, 'CORE_INVALID_DECIMAL'],
    ['currency', { currency: '' }, 'CORE_INVALID_FIELD'],
    ['source_sequence', { source_sequence: -1 }, 'CORE_INVALID_FIELD'],
    ['ingestion_timestamp', { ingestion_timestamp: 'later' }, 'CORE_INVALID_TIMESTAMP'],
    ['platform_sequence', { platform_sequence: 0.5 }, 'CORE_INVALID_FIELD'],
    ['vendor_data', { vendor_data: 5 }, 'CORE_INVALID_FIELD'],
    ['vendor_data.u', { vendor_data: { u: 400900217 } }, 'CORE_INVALID_FIELD'],
  ])('rejects a bad %s (%o)', (field, patch, code) => {
    const err = thrown(() => createQuote({ ...VALID, ...patch } as never))
    expect(err.code).toBe(code)
    expect(err.retriable).toBe(false)
    expect(err.message.startsWith(`${field}: `)).toBe(true)
    expect(err.context).toMatchObject({ field })
  })
})
