import { describe, expect, it } from 'vitest'

import {
  BINANCE_REST_WEIGHT_PER_MINUTE,
  HISTORICAL_TRADES_WEIGHT,
  historicalTradesRequest,
  parseRateLimitHeaders,
} from './rest.js'

describe('historicalTradesRequest', () => {
  it('builds the documented URL with weight 25 and limit 1000 by default', () => {
    expect(historicalTradesRequest({ symbol: 'BTCUSDT', fromId: 28457 })).toEqual({
      method: 'GET',
      url: 'https://api.binance.com/api/v3/historicalTrades?symbol=BTCUSDT&fromId=28457&limit=1000',
      weight: 25,
      symbol: 'BTCUSDT',
      fromSequence: 28457,
      limit: 1000,
    })
    expect(HISTORICAL_TRADES_WEIGHT).toBe(25)
    expect(BINANCE_REST_WEIGHT_PER_MINUTE).toBe(6000)
  })

  it.each([
    ['http://127.0.0.1:41234', 'http://127.0.0.1:41234/api/v3/historicalTrades'],
    ['http://127.0.0.1:41234/', 'http://127.0.0.1:41234/api/v3/historicalTrades'],
    ['https://proxy.example/binance/', 'https://proxy.example/binance/api/v3/historicalTrades'],
  ])('uses the REST base %s', (restBase, prefix) => {
    const req = historicalTradesRequest({ symbol: 'ethbtc', fromId: 0, limit: 1, restBase })
    expect(req.url).toBe(`${prefix}?symbol=ETHBTC&fromId=0&limit=1`)
  })

  it.each([
    ['limit 0', { limit: 0 }, 'limit'],
    ['limit 1001', { limit: 1001 }, 'limit'],
    ['limit 1.5', { limit: 1.5 }, 'limit'],
    ['negative fromId', { fromId: -1 }, 'fromId'],
    ['unsafe fromId', { fromId: 2 ** 53 }, 'fromId'],
    ['fractional fromId', { fromId: 0.5 }, 'fromId'],
    ['ws base', { restBase: 'wss://api.binance.com' }, 'restBase'],
    ['base with query', { restBase: 'https://api.binance.com?x=1' }, 'restBase'],
    ['no URL', { restBase: 'api.binance.com' }, 'restBase'],
  ])('refuses %s', (_case, over, argument) => {
    expect(() => historicalTradesRequest({ symbol: 'BTCUSDT', fromId: 1, ...over })).toThrow(
      expect.objectContaining({
        code: 'BINANCE_INVALID_ARGUMENT',
        context: expect.objectContaining({ argument }),
      }),
    )
  })

  it('refuses an invalid symbol', () => {
    expect(() => historicalTradesRequest({ symbol: 'BTC/USDT', fromId: 1 })).toThrow(
      expect.objectContaining({ code: 'BINANCE_INVALID_SYMBOL' }),
    )
  })
})

describe('parseRateLimitHeaders', () => {
  const NOW = Date.parse('2025-11-26T12:00:00Z')
  it.each([
    ['both headers', { 'X-MBX-USED-WEIGHT-1M': '1200', 'Retry-After': '7' }, 1200, 7000],
    ['lower-case names', { 'x-mbx-used-weight-1m': '25', 'retry-after': '0' }, 25, 0],
    ['no headers', {}, null, null],
    ['weight only', { 'X-MBX-USED-WEIGHT-1M': ' 6000 ' }, 6000, null],
    ['garbage', { 'X-MBX-USED-WEIGHT-1M': 'lots', 'Retry-After': 'soon' }, null, null],
    ['negative values', { 'X-MBX-USED-WEIGHT-1M': '-1', 'Retry-After': '-5' }, null, null],
    ['fractional seconds', { 'Retry-After': '1.5' }, null, null],
    ['an HTTP date', { 'Retry-After': 'Wed, 26 Nov 2025 12:00:30 GMT' }, null, 30_000],
    ['an HTTP date in the past', { 'Retry-After': 'Wed, 26 Nov 2025 11:00:00 GMT' }, null, 0],
  ])('%s', (_case, init, usedWeight, retryAfterMs) => {
    expect(parseRateLimitHeaders(new Headers(init), NOW)).toEqual({ usedWeight, retryAfterMs })
  })

  it('works with any object that has get()', () => {
    const headers = { get: (name: string) => (name === 'X-MBX-USED-WEIGHT-1M' ? '75' : null) }
    expect(parseRateLimitHeaders(headers)).toEqual({ usedWeight: 75, retryAfterMs: null })
  })
})
