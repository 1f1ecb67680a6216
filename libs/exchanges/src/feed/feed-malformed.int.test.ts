import { describe, expect, it } from 'vitest'

import { feedOn, observerLog, range, replay, waitFor } from './testing/feed-harness.js'

describe('feed and malformed frames', { timeout: 20_000 }, () => {
  it('reports each bad frame as invalid_frame with its code and raw text, and keeps going', async () => {
    const exchange = await replay({ symbols: ['BTCUSDT'], rate: 1000, tradesPerSymbol: 1500 })
    const log: string[] = []
    const { feed, events } = feedOn(exchange, ['BTCUSDT'], { observer: observerLog(log) })
    await feed.start()
    await waitFor('100 trades', () => events.trades.length >= 100)
    // One of each kind, in this order: broken-json, wrong-event-type, missing-key,
    // non-decimal-price, number-price, negative-quantity, not-an-object, envelope-without-data,
    // binary.
    exchange.fault({ kind: 'malformed', count: 9 })
    await waitFor('every trade', () => feed.stats().symbols.BTCUSDT?.lastSequence === 1500)
    expect(events.sequences('BTCUSDT')).toEqual(range(1, 1500))
    expect(events.errorCodes()).toEqual([
      'invalid_frame:BINANCE_MALFORMED_JSON',
      'invalid_frame:BINANCE_UNEXPECTED_EVENT',
      'invalid_frame:BINANCE_MISSING_FIELD',
      'invalid_frame:BINANCE_INVALID_FIELD',
      'invalid_frame:BINANCE_INVALID_FIELD',
      'invalid_frame:BINANCE_INVALID_FIELD',
      'invalid_frame:BINANCE_INVALID_FRAME',
      'invalid_frame:BINANCE_MISSING_FIELD',
      'invalid_frame:FEED_BINARY_FRAME',
    ])
    // The dead-letter path gets the frame text as received.
    const broken = events.errors[0]
    expect(broken?.error.context.frame).toMatch(/^\{"e":"trade",.*"p":"100\.0$/)
    expect(broken?.url).toContain('/stream?streams=btcusdt@trade')
    expect(events.errors[6]?.error.context.frame).toBe('[1,2,3]')
    expect(events.errors[8]?.error.context.frameLength).toBe(10)
    expect(log.filter((l) => l.startsWith('message_error:'))).toEqual(
      events.errors.map((e) => `message_error:${e.error.code}`),
    )
    // Garbage is not a reason to reconnect.
    expect(feed.stats()).toMatchObject({ invalidFrames: 9, connectionsOpened: 1, reconnects: {} })
    expect(exchange.stats().totals.malformedSent).toBe(9)
  })
})
