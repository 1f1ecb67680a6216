import { afterEach, describe, expect, it, vi } from 'vitest'

import { LogRecorder, feedOn, range, replay, waitFor } from './testing/feed-harness.js'

const MINUTE = 60_000

afterEach(() => {
  vi.useRealTimers()
})

describe('feed REST budget against the replay exchange', { timeout: 30_000 }, () => {
  it('honours 429 and Retry-After from a tiny REST budget, then completes the backfill', async () => {
    // The replay exchange counts weight per calendar minute and answers 429 with Retry-After =
    // seconds to the next minute. Only Date is faked (timers and sockets are real, and the clock
    // keeps running): 5 s before a minute boundary, so the wait that Retry-After asks is short.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true })
    vi.setSystemTime(Math.ceil(Date.now() / MINUTE) * MINUTE + MINUTE - 5_000)
    const exchange = await replay({
      symbols: ['BTCUSDT'],
      rate: 10_000,
      tradesPerSymbol: 2500,
      startOnListen: true,
      restWeightPerMinute: 50, // two historicalTrades requests a minute
    })
    await waitFor('the tape', () => exchange.stats().symbols.BTCUSDT?.lastTradeId === 2500)
    const logger = new LogRecorder()
    // The tape is over, so the connection stays quiet: keep the silence watchdog out of it.
    const { feed, events } = feedOn(exchange, ['BTCUSDT'], {
      logger,
      options: { silenceTimeoutMs: 20_000, silenceMaxTimeoutMs: 20_000 },
    })
    // 1..2500 takes three requests of 1000: the third is refused until the minute is over.
    await feed.start({ resumeAfter: new Map([['BTCUSDT', 0]]) })
    await waitFor('every trade', () => feed.stats().symbols.BTCUSDT?.lastSequence === 2500, 15_000)
    expect(events.sequences('BTCUSDT')).toEqual(range(1, 2500))
    expect(events.errors).toEqual([])
    const rest = exchange.stats().totals
    expect(rest.restRejected).toBeGreaterThanOrEqual(1)
    expect(feed.stats().rest.rateLimited).toBe(rest.restRejected)
    // Honoured: after a 429 the feed waited Retry-After and did not hammer the exchange.
    const waits = logger.events('rest_rate_limited')
    expect(waits).toHaveLength(rest.restRejected)
    expect(waits[0]).toMatchObject({ status: 429 })
    expect(waits[0]?.waitMs).toBeGreaterThan(0)
    expect(rest.restRequests).toBe(3 + rest.restRejected)
  })
})
