import { describe, expect, it } from 'vitest'

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
})
