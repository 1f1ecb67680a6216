import { K2Error } from '@k2/core'
import { describe, expect, it } from 'vitest'

import {
  BINANCE_ERROR_CODES,
  BinanceError,
  fromBinanceApiError,
  frameError,
  type BinanceErrorCode,
} from './errors.js'

describe('BinanceError', () => {
  it.each(Object.keys(BINANCE_ERROR_CODES) as BinanceErrorCode[])(
    '%s: prefixed, retriable from the table',
    (code) => {
      expect(code).toMatch(/^BINANCE_[A-Z0-9_]+$/)
      const err = new BinanceError(code, 'x')
      expect(err).toBeInstanceOf(K2Error)
      expect(err.name).toBe('BinanceError')
      expect(err.retriable).toBe(BINANCE_ERROR_CODES[code].retriable)
    },
  )

  it.each([
    [-1000, 'BINANCE_EXCHANGE_UNAVAILABLE', true],
    [-1001, 'BINANCE_EXCHANGE_UNAVAILABLE', true],
    [-1003, 'BINANCE_RATE_LIMITED', true],
    [-1007, 'BINANCE_EXCHANGE_UNAVAILABLE', true],
    [-1008, 'BINANCE_EXCHANGE_UNAVAILABLE', true],
    [-1121, 'BINANCE_REQUEST_REJECTED', false],
    [2, 'BINANCE_REQUEST_REJECTED', false],
    [null, 'BINANCE_REQUEST_REJECTED', false],
  ])('maps Binance code %s to %s', (apiCode, code, retriable) => {
    const err = fromBinanceApiError(apiCode, 'msg', { symbol: 'BTCUSDT' })
    expect(err.code).toBe(code)
    expect(err.retriable).toBe(retriable)
    expect(err.context).toEqual({ symbol: 'BTCUSDT', binanceCode: apiCode, binanceMessage: 'msg' })
  })

  it('frameError names the field and carries the frame', () => {
    const err = frameError('BINANCE_INVALID_FIELD', '{"p":1}', 'p', 'bad', { value: '1' })
    expect(err.message).toBe('p: bad')
    expect(err.context).toEqual({
      value: '1',
      field: 'p',
      frame: '{"p":1}',
      frameLength: 7,
      frameTruncated: false,
    })
  })
})
