import { describe, expect, it } from 'vitest'

import { feedOn, range, replay, waitFor } from './testing/feed-harness.js'

describe('feed against the replay exchange: streaming', { timeout: 20_000 }, () => {
  it('emits every trade of every symbol once, in id order, and reports connected', async () => {
    const exchange = await replay({
      symbols: ['BTCUSDT', 'ETHUSDT'],
      rate: 2000,
      tradesPerSymbol: 500,
    })
    const { feed, events } = feedOn(exchange, ['BTCUSDT', 'ETHUSDT'])
    expect(await feed.start()).toBe('connected')
    await waitFor('500 trades per symbol', () => events.trades.length === 1000)
    expect(events.sequences('BTCUSDT')).toEqual(range(1, 500))
    expect(events.sequences('ETHUSDT')).toEqual(range(1, 500))
    expect(events.statuses[0]).toMatchObject({ status: 'connecting', previous: null })
    expect(events.statuses[1]).toMatchObject({ status: 'connected', previous: 'connecting' })
    expect(events.errors).toEqual([])
    const first = events.trades[0]?.trade
    expect(first?.trade_id).toBe('BINANCE-1')
    expect(feed.stats().symbols.BTCUSDT).toMatchObject({ lastSequence: 500, emitted: 500 })
    await feed.stop()
    expect(feed.status).toBe('stopped')
    expect(events.statusList().at(-1)).toBe('stopped')
    await waitFor('the exchange to see the close', () => exchange.stats().totals.connections === 0)
    expect(exchange.stats().totals.disconnects).toEqual({ client: 1 })
  })

  it('stop() during reconnect backoff closes everything and makes no further attempt', async () => {
    const exchange = await replay({ symbols: ['BTCUSDT'], rate: 200 })
    const { feed, events } = feedOn(exchange, ['BTCUSDT'], {
      options: { reconnectBaseDelayMs: 60_000, reconnectMaxDelayMs: 60_000 },
      random: () => 0.99,
    })
    await feed.start()
    exchange.fault({ kind: 'drop' })
    await waitFor('reconnecting', () => feed.status === 'reconnecting')
    await feed.stop()
    expect(events.statusList()).toEqual(['connecting', 'connected', 'reconnecting', 'stopped'])
    expect(exchange.stats().totals.connections).toBe(0)
    expect(feed.stats().connectionsOpened).toBe(1)
    // A second stop is the same promise; start after stop is refused.
    await feed.stop()
    expect(() => feed.start()).toThrow(expect.objectContaining({ code: 'FEED_ALREADY_STARTED' }))
  })

  it('refuses a resume point for a symbol it does not carry, or a bad sequence', () => {
    const { feed } = feedOn(undefined, ['BTCUSDT'])
    for (const resumeAfter of [
      new Map([['ETHUSDT', 5]]),
      new Map([['BTCUSDT', -2]]),
      new Map([['BTCUSDT', 1.5]]),
    ]) {
      expect(() => feed.start({ resumeAfter })).toThrow(
        expect.objectContaining({ code: 'FEED_INVALID_OPTIONS' }),
      )
    }
    expect(feed.status).toBe('connecting') // nothing started
  })
})
