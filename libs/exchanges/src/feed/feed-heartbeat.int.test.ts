import { describe, expect, it } from 'vitest'

import { feedOn, observerLog, range, replay, waitFor } from './testing/feed-harness.js'

describe('feed heartbeat: pings and the silence watchdog', { timeout: 20_000 }, () => {
  it('answers pings (pong echoing the payload) and keeps its connection past several pong timeouts', async () => {
    // The exchange cuts a client whose pings go unanswered (pong with the same payload) for 400 ms.
    const exchange = await replay({
      symbols: ['BTCUSDT'],
      rate: 100,
      pingIntervalMs: 40,
      pongTimeoutMs: 400,
    })
    const { feed, events } = feedOn(exchange, ['BTCUSDT'])
    expect(await feed.start()).toBe('connected')
    // 35 pings at 40 ms = three and a half pong timeouts.
    await waitFor('35 pings', () => feed.stats().pings >= 35)
    expect(exchange.stats().totals.disconnects).toEqual({})
    expect(feed.stats().connectionsOpened).toBe(1)
    expect(feed.stats().reconnects).toEqual({})
    expect(events.statusList()).toEqual(['connecting', 'connected'])
    expect(events.errors).toEqual([])
  })

  it('reconnects (reason silence) when the connection goes quiet, and backfills what it missed', async () => {
    const exchange = await replay({ symbols: ['BTCUSDT'], rate: 1000, tradesPerSymbol: 2000 })
    const log: string[] = []
    const counts = { messages: 0, lastMessageTimes: [] as number[] }
    const { feed, events } = feedOn(exchange, ['BTCUSDT'], {
      options: { silenceTimeoutMs: 250, silenceMaxTimeoutMs: 250 },
      observer: observerLog(log, counts),
    })
    await feed.start()
    await waitFor('100 trades', () => events.trades.length >= 100)
    // The exchange keeps producing but sends nothing (no trades, no pings) on this connection.
    exchange.fault({ kind: 'silence', ms: 3000 })
    await waitFor('every trade', () => feed.stats().symbols.BTCUSDT?.lastSequence === 2000)
    expect(events.sequences('BTCUSDT')).toEqual(range(1, 2000))
    expect(feed.stats().reconnects.silence).toBeGreaterThanOrEqual(1)
    expect(log).toContain('reconnect:silence')
    expect(log).toContain('connection_error:silence')
    expect(events.errorCodes()).toContain('connection:FEED_CONNECTION_SILENT')
    expect(events.statusList().slice(0, 4)).toEqual([
      'connecting',
      'connected',
      'reconnecting',
      'connected',
    ])
    expect(events.statuses[2]).toMatchObject({ reason: 'silence' })
    // The trades sent while silenced never reached the feed: REST gave them back.
    expect(feed.stats().symbols.BTCUSDT?.backfilled).toBeGreaterThan(0)
    expect(counts.messages).toBeGreaterThan(0)
    // The last-message gauge is in seconds since the epoch.
    const newest = counts.lastMessageTimes.at(-1) as number
    expect(Math.abs(newest - Date.now() / 1000)).toBeLessThan(60)
  })
})
