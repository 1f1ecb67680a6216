import { describe, expect, it } from 'vitest'

import { parseStreamPath } from './stream-path.js'

describe('parseStreamPath', () => {
  it.each([
    ['/stream?streams=btcusdt@trade/ethusdt@trade', true, ['btcusdt@trade', 'ethusdt@trade']],
    ['/stream', true, []],
    ['/stream/?streams=btcusdt@trade/btcusdt@trade', true, ['btcusdt@trade']],
    ['/ws/btcusdt@trade', false, ['btcusdt@trade']],
    ['/ws/btcusdt%40trade', false, ['btcusdt@trade']],
    ['/ws', false, []],
    ['/ws/bnbbtc@trade/xyz@depth', false, ['bnbbtc@trade', 'xyz@depth']],
  ])('%s', (url, combined, streams) => {
    expect(parseStreamPath(url)).toEqual({ combined, streams })
  })

  it.each(['/', '/api/v3/trades', '/wsx', '/streams', '/ws/%E0%A4%A'])('refuses %s', (url) => {
    expect(parseStreamPath(url)).toBeUndefined()
  })
})
