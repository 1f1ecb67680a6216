import { describe, expect, it } from 'vitest'

import type { FeedTrade } from './feed-trade.js'
import { Recorder, feedOn, range, replay, waitFor } from './testing/feed-harness.js'

const SYMBOLS = ['BTCUSDT', 'ETHUSDT']
/** Enough trades that the socket buffers (a few MB on loopback) cannot hold them all. */
const TRADES = 100_000

/** Resolves once the recorder got no trade for `quietMs` (frames read before a pause are done). */
async function settled(events: Recorder, quietMs = 300): Promise<number> {
  for (;;) {
    const before = events.trades.length
    await new Promise((resolve) => setTimeout(resolve, quietMs))
    if (events.trades.length === before) return before
  }
}

describe(
  'feed pause / resume (back-pressure) against the replay exchange',
  { timeout: 60_000 },
  () => {
    it('a paused feed delivers nothing and holds the exchange back; resumed, every trade follows in order without REST or reconnect', async () => {
      const exchange = await replay({ symbols: SYMBOLS, rate: 0, tradesPerSymbol: TRADES })
      // Paused from onTrade at the 1,000th trade, as a sink at its high watermark does.
      const recorder = new (class extends Recorder {
        override onTrade(trade: FeedTrade): void {
          super.onTrade(trade)
          if (this.trades.length === 1_000) feed.pause()
        }
      })()
      const { feed, events } = feedOn(exchange, SYMBOLS, { events: recorder })
      await feed.start()
      await waitFor('the pause', () => events.trades.length >= 1_000)
      feed.pause() // idempotent
      const held = await settled(events)
      expect(held).toBe(1_000) // nothing after the pause, not even frames already read
      // Nothing arrives while paused, and TCP flow control keeps the exchange from sending the rest.
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(events.trades.length).toBe(held)
      const served = exchange.stats().symbols
      expect(served.BTCUSDT!.lastServedTradeId + served.ETHUSDT!.lastServedTradeId).toBeLessThan(
        2 * TRADES,
      )
      expect(feed.stats().pause).toMatchObject({ paused: true, pauses: 1 })

      feed.resume()
      feed.resume() // idempotent
      await waitFor('every trade', () => events.trades.length === 2 * TRADES, 40_000)
      for (const symbol of SYMBOLS) expect(events.sequences(symbol)).toEqual(range(1, TRADES))
      const stats = feed.stats()
      expect(stats.rest.requests).toBe(0)
      expect(stats.connectionsOpened).toBe(1)
      expect(stats.reconnects).toEqual({})
      expect(stats.pause).toMatchObject({ paused: false, pauses: 1, forcedResumes: 0 })
      expect(stats.pause.pausedMs).toBeGreaterThan(0)
      expect(events.errors).toEqual([])
    })

    it('paused before start: connects, reads nothing, is not taken for silent, delivers all on resume', async () => {
      const exchange = await replay({ symbols: SYMBOLS, rate: 0, tradesPerSymbol: 2_000 })
      const { feed, events } = feedOn(exchange, SYMBOLS, {
        options: { silenceTimeoutMs: 100, silenceMaxTimeoutMs: 100 },
      })
      feed.pause()
      expect(await feed.start()).toBe('connected')
      // Several silence timeouts pass while paused: no reconnect.
      await new Promise((resolve) => setTimeout(resolve, 600))
      expect(events.trades.length).toBe(0)
      feed.resume()
      await waitFor('every trade', () => events.trades.length === 4_000)
      for (const symbol of SYMBOLS) expect(events.sequences(symbol)).toEqual(range(1, 2_000))
      expect(feed.stats()).toMatchObject({ connectionsOpened: 1, reconnects: {} })
      expect(feed.stats().rest.requests).toBe(0)
    })

    it('past maxPauseMs the feed reads again by itself and counts it', async () => {
      const exchange = await replay({ symbols: SYMBOLS, rate: 0, tradesPerSymbol: 2_000 })
      const { feed, events } = feedOn(exchange, SYMBOLS, { options: { maxPauseMs: 200 } })
      feed.pause()
      await feed.start()
      await waitFor('every trade', () => events.trades.length === 4_000)
      expect(feed.stats().pause).toMatchObject({ paused: false, pauses: 1, forcedResumes: 1 })
      feed.resume() // already reading: nothing to do
      expect(feed.stats().pause.pauses).toBe(1)
    })
  },
)
