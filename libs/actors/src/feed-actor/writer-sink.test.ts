import { describe, expect, it, vi } from 'vitest'

import type { TradeV2 } from '@k2/core'

import { decodeTradeBatch, writerIndexFor } from '../transport/index.js'
import { trades } from '../writer/testing/trade-fixtures.js'
import type { ResyncReason } from './trade-sink.js'
import { createWriterSink, type WriterAccepted, type WriterLink } from './writer-sink.js'

const WRITERS = 3

/** Two symbols on different writers (found, not assumed: routing is a hash). */
function symbolsOnDistinctWriters(): [string, string] {
  const candidates = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT', 'XRPUSDT', 'ADAUSDT']
  const a = candidates[0]!
  const b = candidates.find((s) => writerIndexFor(s, WRITERS) !== writerIndexFor(a, WRITERS))!
  return [a, b]
}

/** A writer link whose `write` answers the test settles by hand. */
function fakeLink(answers: (w: number) => WriterAccepted | Error) {
  const writes: Array<{
    w: number
    session: number
    after: Readonly<Record<string, number>>
    batch: ArrayBuffer
    settle: (ok: boolean) => void
  }> = []
  const asked: number[] = []
  const link: WriterLink = {
    writers: WRITERS,
    write: (w, request) =>
      new Promise((resolve, reject) => {
        writes.push({
          w,
          ...request,
          settle: (ok) => (ok ? resolve(undefined) : reject(new Error('writer gone'))),
        })
      }),
    accepted: async (w) => {
      asked.push(w)
      const answer = answers(w)
      if (answer instanceof Error) throw answer
      return answer
    },
  }
  return { link, writes, asked }
}

const OPTIONS = { batchMaxTrades: 2, batchMaxDelayMs: 10_000, maxInFlightBatches: 1 }

describe('createWriterSink', () => {
  it("resumes each stream from its owning writer's accepted position and sends that session", async () => {
    const [a, b] = symbolsOnDistinctWriters()
    const wa = writerIndexFor(a, WRITERS)
    const wb = writerIndexFor(b, WRITERS)
    const { link, writes, asked } = fakeLink((w) => ({
      session: 10 + w,
      // Every writer knows an old committed position of `a`; only the owner's counts.
      positions: w === wa ? { [`BINANCE:${a}`]: 40 } : { [`BINANCE:${a}`]: 7, [`BINANCE:${b}`]: 3 },
    }))
    const sink = createWriterSink({ link, symbols: [a, b], ...OPTIONS }, { needResync: () => {} })
    const points = await sink.resumePoints()
    expect(new Set(asked)).toEqual(new Set([wa, wb]))
    expect(points.get(`BINANCE:${a}`)).toBe(40)
    expect(points.get(`BINANCE:${b}`)).toBe(3)

    sink.resumeFrom(points)
    for (const t of trades(a, 41, 42)) sink.push(t)
    expect(writes).toHaveLength(1)
    expect(writes[0]).toMatchObject({ w: wa, session: 10 + wa, after: { [`BINANCE:${a}`]: 40 } })
    expect((await decodeTradeBatch(writes[0]!.batch)).map((t) => t.source_sequence)).toEqual([
      41, 42,
    ])
    writes[0]!.settle(true)
    await sink.close()
    expect(sink.stats()).toMatchObject({ transport: 'embedded', forwarded: 2, skipped: 0 })
  })

  it('asks a restarting writer again until it answers', async () => {
    let calls = 0
    const gone = Object.assign(new Error('channel closed'), { code: 'ACTOR_CHANNEL_CLOSED' })
    const { link } = fakeLink(() => (++calls < 3 ? gone : { session: 2, positions: {} }))
    const sink = createWriterSink(
      { link, symbols: ['BTCUSDT'], ...OPTIONS, retryDelayMs: 1 },
      { needResync: () => {} },
    )
    await expect(sink.resumePoints()).resolves.toEqual(new Map())
    expect(calls).toBe(3)
  })

  it('gives up on a restarting writer once the owner is stopping', async () => {
    const gone = Object.assign(new Error('channel closed'), { code: 'ACTOR_CHANNEL_CLOSED' })
    const { link } = fakeLink(() => gone)
    const sink = createWriterSink(
      { link, symbols: ['BTCUSDT'], ...OPTIONS, retryDelayMs: 1, isStopping: () => true },
      { needResync: () => {} },
    )
    await expect(sink.resumePoints()).rejects.toThrow('channel closed')
  })

  it('asks for one resync when a writer loses a batch, skipping trades until reset', async () => {
    const { link, writes } = fakeLink(() => ({ session: 1, positions: {} }))
    const reasons: ResyncReason[] = []
    const sink = createWriterSink(
      { link, symbols: ['BTCUSDT'], ...OPTIONS },
      { needResync: (why) => reasons.push(why) },
    )
    await sink.resumePoints()
    for (const t of trades('BTCUSDT', 1, 2)) sink.push(t)
    writes[0]!.settle(false)
    await new Promise((resolve) => setImmediate(resolve))
    for (const t of trades('BTCUSDT', 3, 5)) sink.push(t)
    expect(reasons).toEqual(['writer-lost'])
    expect(writes).toHaveLength(1)
    expect(sink.stats()).toMatchObject({ sendFailures: 1, skipped: 5, forwarded: 0 })

    await sink.reset()
    for (const t of trades('BTCUSDT', 3, 4)) sink.push(t)
    expect(writes).toHaveLength(2)
    writes[1]!.settle(true)
    await sink.close()
    expect(sink.stats()).toMatchObject({ forwarded: 2 })
  })

  describe('back-pressure', () => {
    /**
     * A feed that pushes its trades while it is not paused, as `createFeed` does once its socket
     * is no longer read; `extra` trades still arrive after a pause (frames already read).
     */
    function fakeFeed(all: readonly TradeV2[]) {
      let next = 0
      const log: string[] = []
      const feed = {
        paused: false,
        log,
        events: {
          pause: () => {
            feed.paused = true
            log.push(`pause@${next}`)
          },
          resume: () => {
            feed.paused = false
            log.push(`resume@${next}`)
          },
        },
        /** Pushes until paused (then `extra` more) or done; returns how many were pushed. */
        pump(sink: { push(t: TradeV2): void }, extra = 0): number {
          const from = next
          let after = feed.paused ? 0 : -1
          while (next < all.length && after < extra) {
            sink.push(all[next++]!)
            if (feed.paused) after++
          }
          return next - from
        },
        get done() {
          return next === all.length
        },
      }
      return feed
    }

    const FLOW = { batchMaxTrades: 2, batchMaxDelayMs: 10_000, maxInFlightBatches: 4 }

    it('a slow writer pauses the feed at the high watermark and resumes it at the low one, skipping nothing', async () => {
      const { link, writes } = fakeLink(() => ({ session: 1, positions: {} }))
      const input = trades('BTCUSDT', 1, 40)
      const feed = fakeFeed(input)
      const needResync = vi.fn()
      const sink = createWriterSink(
        { link, symbols: ['BTCUSDT'], ...FLOW }, // pause at 3 unanswered batches, resume at 1
        { needResync, ...feed.events },
      )
      sink.resumeFrom(await sink.resumePoints())
      let answered = 0
      let round = 0
      while (!feed.done || answered < writes.length) {
        if (!feed.paused) feed.pump(sink, round++ % 2) // sometimes a frame more after the pause
        // The writer is slow: it answers one batch per turn.
        writes[answered++]?.settle(true)
        await new Promise((resolve) => setImmediate(resolve))
      }
      await sink.close()
      const sent = (await Promise.all(writes.map((w) => decodeTradeBatch(w.batch)))).flat()
      expect(sent.map((t) => t.source_sequence)).toEqual(input.map((t) => t.source_sequence))
      const stats = sink.stats()
      expect(stats).toMatchObject({ forwarded: 40, skipped: 0, overloads: 0, pauseTimeouts: 0 })
      expect(stats.pauses).toBeGreaterThanOrEqual(2)
      expect(needResync).not.toHaveBeenCalled()
      // Paused at 3 unanswered batches (6 trades taken), resumed once down to 1.
      expect(feed.log[0]).toBe('pause@6')
      expect(feed.log.filter((l) => l.startsWith('resume')).length).toBe(stats.pauses)
    })

    it('trades past the pause beyond the hard bound fall back to skip + resync', async () => {
      const { link, writes } = fakeLink(() => ({ session: 1, positions: {} }))
      const feed = fakeFeed(trades('BTCUSDT', 1, 20))
      const reasons: ResyncReason[] = []
      const sink = createWriterSink(
        { link, symbols: ['BTCUSDT'], ...FLOW },
        { needResync: (why) => reasons.push(why), ...feed.events },
      )
      sink.resumeFrom(await sink.resumePoints())
      // Paused after 3 batches; 1 batch more fits under the bound of 4, the next one does not.
      feed.pump(sink, 4)
      expect(feed.paused).toBe(true)
      expect(writes).toHaveLength(4)
      expect(sink.stats()).toMatchObject({ overloads: 1, skipped: 2 })
      for (const w of writes) w.settle(true)
      await vi.waitFor(() => expect(reasons).toEqual(['overload']))
      expect(feed.paused).toBe(true) // stays paused: the feed is about to be stopped
      await sink.reset()
      expect(feed.paused).toBe(false) // the restarted feed reads again
      expect(sink.stats()).toMatchObject({ forwarded: 8, pauses: 1, pauseTimeouts: 0 })
    })

    it('a pause longer than maxPauseMs falls back to skip + resync', async () => {
      vi.useFakeTimers()
      try {
        const { link, writes } = fakeLink(() => ({ session: 1, positions: {} }))
        const feed = fakeFeed(trades('BTCUSDT', 1, 20))
        const reasons: ResyncReason[] = []
        const sink = createWriterSink(
          { link, symbols: ['BTCUSDT'], ...FLOW, maxPauseMs: 5_000 },
          { needResync: (why) => reasons.push(why), ...feed.events },
        )
        sink.resumeFrom(await sink.resumePoints())
        feed.pump(sink)
        expect(feed.paused).toBe(true)
        await vi.advanceTimersByTimeAsync(4_999)
        expect(sink.stats()).toMatchObject({ pauseTimeouts: 0, overloads: 0 })
        await vi.advanceTimersByTimeAsync(1)
        expect(sink.stats()).toMatchObject({ pauseTimeouts: 1, overloads: 1, pausedMs: 5_000 })
        feed.pump(sink, 3) // anything still arriving is skipped now
        expect(sink.stats().skipped).toBe(3)
        for (const w of writes) w.settle(true) // the writer answers at last: the resync follows
        await vi.waitFor(() => expect(reasons).toEqual(['overload']))
        await sink.reset()
        expect(feed.paused).toBe(false)
      } finally {
        vi.useRealTimers()
      }
    })
  })
})
