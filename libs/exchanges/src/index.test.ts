import { describe, expect, it } from 'vitest'

import * as exchanges from './index.js'

describe('@k2/exchanges public surface', () => {
  it.each([
    'createBinanceAdapter',
    'parseFrame',
    'convertTradeEvent',
    'convertHistoricalTrade',
    'parseHistoricalTradesResponse',
    'historicalTradesRequest',
    'parseRateLimitHeaders',
    'combinedStreamUrl',
    'rawStreamUrl',
    'splitSymbol',
    'subscriptionRequest',
    'BinanceError',
    'UrlRotation',
    'checkFeedTransition',
    'FeedError',
  ])('exports %s', (name) => {
    expect(exchanges).toHaveProperty(name)
  })

  it('does not export the test fixtures', () => {
    expect(exchanges).not.toHaveProperty('BTCUSDT_COMBINED')
  })
})
