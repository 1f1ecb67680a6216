import { describe, expect, it } from 'vitest'

import { BinanceError, type BinanceErrorCode } from './errors.js'
import {
  HISTORICAL_TRADE_ITEM,
  HISTORICAL_TRADES_RESPONSE,
  RECEIVED_AT_MICROS,
} from './fixtures.js'
import { HISTORICAL_TRADE_REQUIRED_KEYS, validateHistoricalTrade } from './historical-trade.js'
import { parseHistoricalTradesResponse } from './historical-trades-response.js'

const item = (
  over: Record<string, unknown>,
  drop: readonly string[] = [],
): Record<string, unknown> => {
  const it: Record<string, unknown> = { ...HISTORICAL_TRADE_ITEM, ...over }
  for (const k of drop) delete it[k]
  return it
}

function thrown(fn: () => unknown): BinanceError {
  try {
    fn()
  } catch (err) {
    if (err instanceof BinanceError) return err
    throw err
  }
  throw new Error('did not throw')
}

describe('validateHistoricalTrade', () => {
  it('accepts the documented item', () => {
    expect(validateHistoricalTrade(HISTORICAL_TRADE_ITEM, 0)).toBe(HISTORICAL_TRADE_ITEM)
  })

  it('accepts an item without the optional keys', () => {
    expect(validateHistoricalTrade(item({}, ['isBestMatch', 'quoteQty']), 0)).not.toBeInstanceOf(
      BinanceError,
    )
  })

  it.each(HISTORICAL_TRADE_REQUIRED_KEYS.map((k) => [k]))('missing %s', (key) => {
    const error = validateHistoricalTrade(item({}, [key]), 4)
    expect(error).toMatchObject({
      code: 'BINANCE_MISSING_FIELD',
      context: { field: key, index: 4 },
    })
  })

  it.each([
    ['negative id', { id: -1 }, 'id'],
    ['unsafe id', { id: 2 ** 53 }, 'id'],
    ['id as a string', { id: '28457' }, 'id'],
    ['price a number', { price: 4.000001 }, 'price'],
    ['price with an exponent', { price: '4e-6' }, 'price'],
    ['negative qty', { qty: '-12' }, 'qty'],
    ['time fractional', { time: 1.5 }, 'time'],
    ['isBuyerMaker a string', { isBuyerMaker: 'true' }, 'isBuyerMaker'],
    ['isBestMatch a number', { isBestMatch: 1 }, 'isBestMatch'],
    ['quoteQty a number', { quoteQty: 48 }, 'quoteQty'],
  ])('%s', (_case, over, field) => {
    expect(validateHistoricalTrade(item(over), 0)).toMatchObject({
      code: 'BINANCE_INVALID_FIELD',
      context: { field },
    })
  })

  it.each([[null], [[1]], ['x']])('refuses a non-object item %j', (value) => {
    expect(validateHistoricalTrade(value, 2)).toMatchObject({ code: 'BINANCE_INVALID_RESPONSE' })
  })
})

describe('parseHistoricalTradesResponse', () => {
  it('parses a response text into trades in id order', () => {
    const trades = parseHistoricalTradesResponse(
      'BTCUSDT',
      HISTORICAL_TRADES_RESPONSE,
      RECEIVED_AT_MICROS,
    )
    expect(trades.map((t) => [t.trade_id, t.source_sequence, t.side, t.price.toFixed(8)])).toEqual([
      ['BINANCE-100', 100, 'BUY', '97310.00000000'],
      ['BINANCE-101', 101, 'SELL', '97310.01000000'],
      ['BINANCE-102', 102, 'BUY', '97309.99000000'],
    ])
    expect(trades.map((t) => t.vendor_data?.is_best_match)).toEqual(['true', 'true', ''])
    expect(trades.every((t) => t.vendor_data?.event_time === '' && t.currency === 'USDT')).toBe(
      true,
    )
    expect(trades[2]?.timestamp).toBe(1732600000010 * 1000)
  })

  it('takes already-decoded JSON too, and a symbol in any case', () => {
    const decoded: unknown = JSON.parse(HISTORICAL_TRADES_RESPONSE)
    const trades = parseHistoricalTradesResponse('btcusdt', decoded, RECEIVED_AT_MICROS)
    expect(trades.map((t) => t.symbol)).toEqual(['BTCUSDT', 'BTCUSDT', 'BTCUSDT'])
  })

  it('gives an empty list for an empty response', () => {
    expect(parseHistoricalTradesResponse('BTCUSDT', '[]', RECEIVED_AT_MICROS)).toEqual([])
  })

  const cases: ReadonlyArray<readonly [string, unknown, BinanceErrorCode, boolean]> = [
    ['malformed JSON', '[{"id":1', 'BINANCE_MALFORMED_JSON', false],
    ['an object that is no error', '{"trades":[]}', 'BINANCE_INVALID_RESPONSE', false],
    ['null', 'null', 'BINANCE_INVALID_RESPONSE', false],
    [
      'invalid symbol error',
      '{"code":-1121,"msg":"Invalid symbol."}',
      'BINANCE_REQUEST_REJECTED',
      false,
    ],
    [
      'too many requests',
      '{"code":-1003,"msg":"Too many requests."}',
      'BINANCE_RATE_LIMITED',
      true,
    ],
    [
      'server busy',
      { code: -1008, msg: 'Server is currently overloaded' },
      'BINANCE_EXCHANGE_UNAVAILABLE',
      true,
    ],
    [
      'ids going backwards',
      JSON.stringify([HISTORICAL_TRADE_ITEM, { ...HISTORICAL_TRADE_ITEM, id: 28456 }]),
      'BINANCE_INVALID_RESPONSE',
      false,
    ],
    [
      'a repeated id',
      JSON.stringify([HISTORICAL_TRADE_ITEM, HISTORICAL_TRADE_ITEM]),
      'BINANCE_INVALID_RESPONSE',
      false,
    ],
    [
      'one bad item among good ones',
      JSON.stringify([HISTORICAL_TRADE_ITEM, { ...HISTORICAL_TRADE_ITEM, id: 28458, price: 'x' }]),
      'BINANCE_INVALID_FIELD',
      false,
    ],
  ]
  it.each(cases)('%s -> %s', (_case, body, code, retriable) => {
    const error = thrown(() => parseHistoricalTradesResponse('BNBBTC', body, RECEIVED_AT_MICROS))
    expect(error.code).toBe(code)
    expect(error.retriable).toBe(retriable)
  })

  it('keeps the Binance code and message, and the index of a bad item', () => {
    const rejected = thrown(() =>
      parseHistoricalTradesResponse(
        'BNBBTC',
        '{"code":-1121,"msg":"Invalid symbol."}',
        RECEIVED_AT_MICROS,
      ),
    )
    expect(rejected.context).toMatchObject({
      binanceCode: -1121,
      binanceMessage: 'Invalid symbol.',
    })
    const bad = thrown(() =>
      parseHistoricalTradesResponse(
        'BNBBTC',
        [HISTORICAL_TRADE_ITEM, { ...HISTORICAL_TRADE_ITEM, id: 28458, qty: '-1' }],
        RECEIVED_AT_MICROS,
      ),
    )
    expect(bad.context).toMatchObject({ field: 'qty', index: 1 })
  })
})
