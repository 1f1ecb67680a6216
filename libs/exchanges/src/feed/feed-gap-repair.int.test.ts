import { describe, expect, it } from 'vitest'

import type { FetchFn } from './backfill-client.js'
import { LogRecorder, feedOn, observerLog, range, replay, waitFor } from './testing/feed-harness.js'

const SYMBOLS = ['BTCUSDT', 'ETHUSDT']

/** REST that answers after 300 ms (a slow repair). */
const slowFetch: FetchFn = async (url, init) => {
  await new Promise((resolve) => setTimeout(resolve, 300))
  return fetch(url, init)
}

describe('feed gap repair from REST', { timeout: 30_000 }, () => {
  it('fills trade ids skipped on the socket (skip fault): ids 1..N, no hole, no repeat', async () => {
    const exchange = await replay({ symbols: SYMBOLS, rate: 2000, tradesPerSymbol: 2000 })
    const log: string[] = []
    const logger = new LogRecorder()
    const { feed, events } = feedOn(exchange, SYMBOLS, { observer: observerLog(log), logger })
    await feed.start()
    await waitFor('200 trades', () => events.trades.length >= 200)
    exchange.fault({ kind: 'skip', symbol: 'BTCUSDT', count: 5 })
    await waitFor('the first repair', () => log.includes('repaired:BTCUSDT:5'))
    exchange.fault({ kind: 'skip', count: 40 })
    await waitFor('all trades', () => events.trades.length === 4000)
    const stats = exchange.stats()
    for (const symbol of SYMBOLS) {
      expect(stats.symbols[symbol]?.lastTradeId).toBe(2000)
      expect(events.sequences(symbol)).toEqual(range(1, 2000))
    }
    expect(stats.symbols.BTCUSDT?.skipped).toBe(45)
    expect(log).toContain('gap:BTCUSDT:5:minor')
    expect(log).toContain('gap:BTCUSDT:40:major')
    expect(log).toContain('gap:ETHUSDT:40:major')
    expect(feed.stats().symbols.BTCUSDT).toMatchObject({ gapsDetected: 2, unrepaired: 0 })
    expect(feed.stats().symbols.BTCUSDT?.backfilled).toBeGreaterThanOrEqual(45)
    expect(events.errors).toEqual([])
    expect(logger.events('gap_detected')[0]).toMatchObject({ symbol: 'BTCUSDT', size: 5 })
    expect(logger.events('gap_repaired').length).toBeGreaterThanOrEqual(3)
    // Only what was needed went over REST.
    expect(feed.stats().rest.requests).toBeLessThan(10)
  })

  it('survives the drop fault at a high rate: every id once, in order', async () => {
    const exchange = await replay({ symbols: SYMBOLS, rate: 4000, tradesPerSymbol: 5000 })
    const log: string[] = []
    const { feed, events } = feedOn(exchange, SYMBOLS, { observer: observerLog(log) })
    await feed.start()
    let drops = 0
    for (let seen = 500; seen < 8000 && drops < 8; seen += 800) {
      await waitFor(`${seen} trades`, () => events.trades.length >= seen)
      const dropped = exchange.fault({ kind: 'drop' }) as { connections: number }
      if (dropped.connections > 0) drops += 1
    }
    await waitFor('all trades', () => events.trades.length === 10_000, 20_000)
    for (const symbol of SYMBOLS) {
      expect(events.sequences(symbol)).toEqual(range(1, 5000))
      expect(exchange.stats().symbols[symbol]?.lastTradeId).toBe(5000)
    }
    expect(drops).toBeGreaterThanOrEqual(5)
    expect(log.filter((l) => l.startsWith('reconnect:')).length).toBeGreaterThanOrEqual(drops)
    expect(feed.stats().symbols.BTCUSDT?.backfilled).toBeGreaterThan(0)
    const codes = new Set(events.errors.map((e) => e.error.code))
    expect(
      [...codes].filter((c) => c !== 'FEED_CONNECTION_LOST' && c !== 'FEED_CONNECT_FAILED'),
    ).toEqual([])
  })

  it('resumes after a committed id: backfills from the next one before the live stream', async () => {
    const exchange = await replay({
      symbols: ['BTCUSDT'],
      rate: 5000,
      tradesPerSymbol: 2500,
      startOnListen: true,
    })
    await waitFor('the tape', () => exchange.stats().symbols.BTCUSDT?.lastTradeId === 2500)
    const { feed, events } = feedOn(exchange, ['BTCUSDT'])
    await feed.start({ resumeAfter: new Map([['BTCUSDT', 700]]) })
    await waitFor('trades up to 2500', () => feed.stats().symbols.BTCUSDT?.lastSequence === 2500)
    expect(events.sequences('BTCUSDT')).toEqual(range(701, 2500))
    // 701..1700, 1701..2500 (short: caught up).
    expect(feed.stats().rest.requests).toBe(2)
  })

  it('bounds the live buffer during a slow repair and fetches what it did not hold', async () => {
    const exchange = await replay({ symbols: ['BTCUSDT'], rate: 1000, tradesPerSymbol: 2000 })
    // REST answers take 300 ms: ~300 live trades arrive during each repair, the buffer holds 20.
    const { feed, events } = feedOn(exchange, ['BTCUSDT'], {
      fetch: slowFetch,
      // Reading is never held for the repair: the overflow path.
      options: { maxBufferedTradesPerSymbol: 20, repairHoldMs: 0 },
    })
    await feed.start()
    await waitFor('100 trades', () => events.trades.length >= 100)
    exchange.fault({ kind: 'skip', count: 3 })
    await waitFor('all trades', () => feed.stats().symbols.BTCUSDT?.lastSequence === 2000)
    expect(events.sequences('BTCUSDT')).toEqual(range(1, 2000))
    const stats = feed.stats().symbols.BTCUSDT
    expect(stats?.bufferOverflow).toBeGreaterThan(0)
    expect(stats?.backfilled).toBeGreaterThan(20)
    expect(stats?.unrepaired).toBe(0)
    expect(feed.stats().repairHold.holds).toBe(0)
  })

  it('holds reading during a slow repair instead: nothing overflows, REST fetches only the gap', async () => {
    const exchange = await replay({ symbols: ['BTCUSDT'], rate: 1000, tradesPerSymbol: 2000 })
    const { feed, events } = feedOn(exchange, ['BTCUSDT'], {
      fetch: slowFetch,
      options: { maxBufferedTradesPerSymbol: 20 },
    })
    await feed.start()
    await waitFor('100 trades', () => events.trades.length >= 100)
    exchange.fault({ kind: 'skip', count: 3 })
    await waitFor('all trades', () => feed.stats().symbols.BTCUSDT?.lastSequence === 2000)
    expect(events.sequences('BTCUSDT')).toEqual(range(1, 2000))
    const stats = feed.stats()
    expect(stats.symbols.BTCUSDT).toMatchObject({ bufferOverflow: 0, unrepaired: 0 })
    // The 3 skipped trades and no more came over REST (the live ones waited on the socket).
    expect(stats.symbols.BTCUSDT?.backfilled).toBe(3)
    expect(stats.repairHold.holds).toBeGreaterThanOrEqual(1)
    expect(stats.repairHold.expired).toBe(0)
    expect(events.errors).toEqual([])
  })
})
