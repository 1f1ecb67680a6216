import { describe, expect, it } from 'vitest'

import { ExactDecimal, formatDecimal } from '../decimal/index.js'
import { CoreError } from '../errors/index.js'
import { deriveMessageId } from '../ids/index.js'
import { nowMicros } from '../time/index.js'
import { createTrade, type TradeInput } from './trade.js'

/** A captured-shape Binance trade, already mapped to core input. */
const VALID: TradeInput = {
  trade_id: 'BINANCE-3370034463',
  symbol: 'BTCUSDT',
  exchange: 'binance',
  asset_class: 'crypto',
  timestamp: 1_704_067_200_123, // ms
  price: '42150.01000000',
  quantity: '0.00100000',
  currency: 'USDT',
  side: 'BUY',
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

describe('createTrade', () => {
  it('builds a normalised TradeV2 in schema field order', () => {
    const t = createTrade({ ...VALID, ingestion_timestamp: '2024-01-01T00:00:01.000002Z' })
    expect(Object.keys(t)).toEqual([
      'message_id',
      'trade_id',
      'symbol',
      'exchange',
      'asset_class',
      'timestamp',
      'price',
      'quantity',
      'currency',
      'side',
      'trade_conditions',
      'source_sequence',
      'ingestion_timestamp',
      'platform_sequence',
      'vendor_data',
    ])
    expect(t.exchange).toBe('BINANCE')
    expect(t.trade_id).toBe('BINANCE-3370034463')
    expect(t.message_id).toBe(deriveMessageId('BINANCE', 'BTCUSDT', 'BINANCE-3370034463'))
    expect(t.timestamp).toBe(1_704_067_200_123_000)
    expect(t.price).toBeInstanceOf(ExactDecimal)
    expect(formatDecimal(t.price, 8)).toBe('42150.01000000')
    expect(formatDecimal(t.quantity, 8)).toBe('0.00100000')
    expect(t.trade_conditions).toEqual([])
    expect(t.source_sequence).toBeNull()
    expect(t.ingestion_timestamp).toBe(1_704_067_201_000_002)
    expect(t.platform_sequence).toBeNull()
    expect(t.vendor_data).toBeNull()
  })

  it('derives the same message_id whatever the case of the exchange', () => {
    const a = createTrade({ ...VALID, exchange: 'binance' })
    const b = createTrade({ ...VALID, exchange: 'BINANCE' })
    const c = createTrade({ ...VALID, exchange: 'BINANCE', trade_id: 'BINANCE-3370034464' })
    expect(a.message_id).toBe(b.message_id)
    expect(a.message_id).not.toBe(c.message_id)
  })

  it('keeps a given message_id', () => {
    const id = '00000000-0000-5000-8000-000000000000'
    expect(createTrade({ ...VALID, message_id: id }).message_id).toBe(id)
  })

  it('is frozen, including its list and map, and does not share them with the input', () => {
    const conditions = ['XT']
    const vendor = { is_buyer_maker: 'false' }
    const t = createTrade({ ...VALID, trade_conditions: conditions, vendor_data: vendor })
    expect(Object.isFrozen(t)).toBe(true)
    expect(Object.isFrozen(t.trade_conditions)).toBe(true)
    expect(Object.isFrozen(t.vendor_data)).toBe(true)
    conditions.push('late')
    vendor.is_buyer_maker = 'true'
    expect(t.trade_conditions).toEqual(['XT'])
    expect(t.vendor_data).toEqual({ is_buyer_maker: 'false' })
    expect(() => {
      ;(t as { symbol: string }).symbol = 'ETHUSDT'
    }).toThrow(TypeError)
  })

  it('copies vendor_data as Object.entries sees it: own enumerable string keys, in order', () => {
    const inherited = Object.create({ inherited: 'no' }) as Record<string, string>
    inherited.b = '2'
    inherited.a = '1'
    Object.defineProperty(inherited, 'hidden', { value: 'no', enumerable: false })
    ;(inherited as Record<symbol, string>)[Symbol('s')] = 'no'
    const t = createTrade({ ...VALID, vendor_data: inherited })
    expect(Object.keys(t.vendor_data!)).toEqual(['b', 'a'])
    expect(Object.getOwnPropertySymbols(t.vendor_data!)).toEqual([])
    expect(Object.getPrototypeOf(t.vendor_data)).toBe(Object.prototype)
    expect(t.vendor_data).not.toBe(inherited)
  })

  it('gives every trade without conditions the same frozen empty list', () => {
    const a = createTrade(VALID)
    const b = createTrade({ ...VALID, trade_conditions: null as never })
    expect(a.trade_conditions).toEqual([])
    expect(Object.isFrozen(a.trade_conditions)).toBe(true)
    expect(b.trade_conditions).toBe(a.trade_conditions)
  })

  it('defaults ingestion_timestamp to now (µs)', () => {
    const before = nowMicros()
    const t = createTrade(VALID)
    const after = nowMicros()
    expect(t.ingestion_timestamp).toBeGreaterThanOrEqual(before)
    expect(t.ingestion_timestamp).toBeLessThanOrEqual(after)
  })

  it.each([
    ['timestamp as µs number', { timestamp: 1_704_067_200_123_456 }, 1_704_067_200_123_456],
    ['timestamp as µs bigint', { timestamp: 1_704_067_200_123_456n }, 1_704_067_200_123_456],
    ['timestamp as ISO', { timestamp: '2024-01-01T00:00:00.123456Z' }, 1_704_067_200_123_456],
    ['timestamp as naive ISO (UTC)', { timestamp: '2024-01-01 00:00:00.5' }, 1_704_067_200_500_000],
    ['timestamp as Date', { timestamp: new Date(1_704_067_200_123) }, 1_704_067_200_123_000],
  ])('normalises %s', (_case, patch, micros) => {
    expect(createTrade({ ...VALID, ...patch }).timestamp).toBe(micros)
  })

  it('accepts optional fields', () => {
    const t = createTrade({
      ...VALID,
      price: new ExactDecimal('0.00000001'),
      side: 'SELL_SHORT',
      source_sequence: 3_370_034_463n,
      platform_sequence: 0,
      trade_conditions: ['XT', 'LT'],
      vendor_data: {},
    })
    expect(formatDecimal(t.price)).toBe('0.00000001')
    expect(t.side).toBe('SELL_SHORT')
    expect(t.source_sequence).toBe(3_370_034_463)
    expect(t.platform_sequence).toBe(0)
    expect(t.trade_conditions).toEqual(['XT', 'LT'])
    expect(t.vendor_data).toEqual({})
  })

  it.each([
    // [field named in the error, patch, code]
    ['message_id', { message_id: '' }, 'CORE_INVALID_FIELD'],
    ['trade_id', { trade_id: '' }, 'CORE_INVALID_FIELD'],
    ['trade_id', { trade_id: 12345 }, 'CORE_INVALID_FIELD'],
    ['symbol', { symbol: '' }, 'CORE_INVALID_FIELD'],
    ['symbol', { symbol: undefined }, 'CORE_INVALID_FIELD'],
    ['exchange', { exchange: '' }, 'CORE_INVALID_FIELD'],
    ['exchange', { exchange: null }, 'CORE_INVALID_FIELD'],
    ['asset_class', { asset_class: 'stocks' }, 'CORE_INVALID_FIELD'],
    ['asset_class', { asset_class: 'CRYPTO' }, 'CORE_INVALID_FIELD'],
    ['timestamp', { timestamp: 'yesterday' }, 'CORE_INVALID_TIMESTAMP'],
    ['timestamp', { timestamp: 1.5 }, 'CORE_INVALID_TIMESTAMP'],
    ['timestamp', { timestamp: 2 ** 60 }, 'CORE_INVALID_TIMESTAMP'],
    ['timestamp', { timestamp: undefined }, 'CORE_INVALID_TIMESTAMP'],
    ['price', { price: '-1' }, 'CORE_INVALID_DECIMAL'],
    ['price', { price: 42150.01 }, 'CORE_INVALID_DECIMAL'],
    ['price', { price: '10000000000' }, 'CORE_INVALID_DECIMAL'],
    ['quantity', { quantity: '0.000000001' }, 'CORE_INVALID_DECIMAL'],
    ['quantity', { quantity: 'abc' }, 'CORE_INVALID_DECIMAL'],
    ['currency', { currency: '' }, 'CORE_INVALID_FIELD'],
    ['side', { side: 'buy' }, 'CORE_INVALID_FIELD'],
    ['side', { side: undefined }, 'CORE_INVALID_FIELD'],
    ['trade_conditions', { trade_conditions: 'XT' }, 'CORE_INVALID_FIELD'],
    ['trade_conditions', { trade_conditions: [1] }, 'CORE_INVALID_FIELD'],
    ['source_sequence', { source_sequence: -1 }, 'CORE_INVALID_FIELD'],
    ['source_sequence', { source_sequence: 1.5 }, 'CORE_INVALID_FIELD'],
    ['source_sequence', { source_sequence: 2n ** 53n }, 'CORE_INVALID_FIELD'],
    ['source_sequence', { source_sequence: '7' }, 'CORE_INVALID_FIELD'],
    ['ingestion_timestamp', { ingestion_timestamp: 'now' }, 'CORE_INVALID_TIMESTAMP'],
    ['ingestion_timestamp', { ingestion_timestamp: null }, 'CORE_INVALID_TIMESTAMP'],
    ['platform_sequence', { platform_sequence: -1 }, 'CORE_INVALID_FIELD'],
    ['vendor_data', { vendor_data: ['a'] }, 'CORE_INVALID_FIELD'],
    ['vendor_data', { vendor_data: 'a=b' }, 'CORE_INVALID_FIELD'],
    [
      'vendor_data.is_buyer_maker',
      { vendor_data: { is_buyer_maker: false } },
      'CORE_INVALID_FIELD',
    ],
  ])('rejects a bad %s (%o)', (field, patch, code) => {
    const err = thrown(() => createTrade({ ...VALID, ...patch } as never))
    expect(err.code).toBe(code)
    expect(err.retriable).toBe(false)
    expect(err.message.startsWith(`${field}: `)).toBe(true)
    expect(err.context).toMatchObject({ field })
  })
})
