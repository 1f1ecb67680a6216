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
    'createFeed',
    'resolveFeedOptions',
    'FEED_DEFAULTS',
    'CircuitBreaker',
    'BREAKER_TRANSITIONS',
    'BREAKER_STATE_VALUES',
    'RECONNECT_REASONS',
    'CONNECTION_ERROR_TYPES',
    'NOOP_FEED_OBSERVER',
    'RestWeightBudget',
    'SilenceWatchdog',
    'fullJitterDelay',
    'websocketOptions',
  ])('exports %s', (name) => {
    expect(exchanges).toHaveProperty(name)
  })

  it('does not export the test fixtures or the feed test harness', () => {
    expect(exchanges).not.toHaveProperty('BTCUSDT_COMBINED')
    expect(exchanges).not.toHaveProperty('ManualClock')
    expect(exchanges).not.toHaveProperty('SELF_SIGNED_KEY')
  })
})
