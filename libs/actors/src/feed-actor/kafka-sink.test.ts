import { describe, expect, it, vi } from 'vitest'

import type { TradeV2 } from '@k2/core'

import { trades } from '../writer/testing/trade-fixtures.js'
import { createKafkaSink, type TradeProducer } from './kafka-sink.js'
import type { ResyncReason } from './trade-sink.js'

/**
 * A producer with a bounded queue the test acknowledges by hand: `send` resolves once the trade
 * is queued (waits while full, in order), `offer` queues it now if there is room and nothing
 * waits (refuses the first `notReadyOffers` calls, like a producer whose encoder is not ready),
 * `ack` delivers everything queued, `fail` gives up.
 */
function fakeProducer(queueMax: number, notReadyOffers = 0) {
  const delivered: number[] = []
  const queued: TradeV2[] = []
  const waiters: Array<{ trade: TradeV2; resolve: () => void; reject: (e: Error) => void }> = []
  const flushes: Array<{ resolve: () => void; reject: (e: Error) => void }> = []
  let failure: Error | undefined
  let closed = false
  const admit = () => {
    while (waiters.length > 0 && queued.length < queueMax) {
      const w = waiters.shift()!
      queued.push(w.trade)
      w.resolve()
    }
  }
  let refusals = notReadyOffers
  const producer: TradeProducer = {
    offer(trade) {
      if (failure) throw failure
      if (refusals > 0) {
        refusals--
        return false
      }
      if (waiters.length > 0 || queued.length >= queueMax) return false
      queued.push(trade)
      return true
    },
    send(trade) {
      if (failure) return Promise.reject(failure)
      return new Promise((resolve, reject) => {
        waiters.push({ trade, resolve, reject })
        admit()
      })
    },
    flush() {
      if (failure) return Promise.reject(failure)
      if (queued.length === 0 && waiters.length === 0) return Promise.resolve()
      return new Promise((resolve, reject) => flushes.push({ resolve, reject }))
    },
    get pending() {
      return queued.length
    },
    async close() {
      closed = true
    },
  }
  return {
    producer,
    delivered,
    get closed() {
      return closed
    },
    /** Acknowledges everything queued (and admits waiting sends, acknowledging them too). */
    ack() {
      while (queued.length > 0) {
        delivered.push(...queued.splice(0).map((t) => t.source_sequence!))
        admit()
      }
      for (const f of flushes.splice(0)) f.resolve()
    },
    fail(message = 'broker gone') {
      failure = new Error(message)
      queued.splice(0)
      for (const w of waiters.splice(0)) w.reject(failure)
      for (const f of flushes.splice(0)) f.reject(failure)
    },
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('createKafkaSink', () => {
  it('produces every trade in order and resumes from the table positions', async () => {
    const p = fakeProducer(100)
    const table = new Map([['BINANCE:BTCUSDT', 41]])
    const sink = await createKafkaSink(
      {
        openProducer: async () => p.producer,
        readPositions: async () => table,
        maxWaitingTrades: 100,
      },
      { needResync: () => expect.fail('no resync expected') },
    )
    expect(await sink.resumePoints()).toEqual(table)
    for (const t of trades('BTCUSDT', 42, 50)) sink.push(t)
    await tick()
    p.ack()
    await sink.close()
    expect(p.delivered).toEqual([42, 43, 44, 45, 46, 47, 48, 49, 50])
    expect(p.closed).toBe(true)
    expect(sink.stats()).toMatchObject({
      transport: 'kafka',
      forwarded: 9,
      skipped: 0,
      producers: 1,
    })
  })

  it('queues a burst on the producer as it comes: no overload while the queue has room', async () => {
    const p = fakeProducer(100)
    const sink = await createKafkaSink(
      {
        openProducer: async () => p.producer,
        readPositions: async () => new Map(),
        maxWaitingTrades: 3,
      },
      { needResync: () => expect.fail('no resync expected') },
    )
    // 50 trades in one synchronous run (a repaired gap's held trades): more than maxWaitingTrades.
    for (const t of trades('BTCUSDT', 1, 50)) sink.push(t)
    expect(sink.stats()).toMatchObject({ forwarded: 50, waiting: 0, pending: 50, overloads: 0 })
    p.ack()
    await sink.close()
    expect(p.delivered).toEqual(trades('BTCUSDT', 1, 50).map((t) => t.source_sequence))
  })

  it('keeps feed order when some trades wait for the producer and later ones could go straight on', async () => {
    const p = fakeProducer(100, 2) // the first two offers are refused (encoder not ready)
    const sink = await createKafkaSink(
      {
        openProducer: async () => p.producer,
        readPositions: async () => new Map(),
        maxWaitingTrades: 10,
      },
      { needResync: () => expect.fail('no resync expected') },
    )
    sink.push(trades('BTCUSDT', 1, 1)[0]!) // refused: sent, waits
    for (const t of trades('BTCUSDT', 2, 5)) sink.push(t) // not offered while one waits
    expect(sink.stats()).toMatchObject({ waiting: 5 })
    await tick()
    sink.push(trades('BTCUSDT', 6, 6)[0]!) // refused once more: sent
    await tick()
    for (const t of trades('BTCUSDT', 7, 9)) sink.push(t) // straight on
    expect(sink.stats()).toMatchObject({ waiting: 0, pending: 9 })
    p.ack()
    await sink.close()
    expect(p.delivered).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('stops buffering past maxWaitingTrades and resyncs only once the producer has drained', async () => {
    const p = fakeProducer(2)
    const reasons: ResyncReason[] = []
    const sink = await createKafkaSink(
      {
        openProducer: async () => p.producer,
        readPositions: async () => new Map(),
        maxWaitingTrades: 3,
      },
      { needResync: (why) => reasons.push(why) },
    )
    // 2 queued + 3 waiting, the 6th is over the limit: skipped, and so is everything after it.
    for (const t of trades('BTCUSDT', 1, 10)) {
      sink.push(t)
      await tick()
    }
    expect(sink.stats()).toMatchObject({ overloads: 1, skipped: 5, waiting: 3 })
    expect(reasons).toEqual([])

    p.ack() // the broker catches up: the 5 taken trades land, nothing after the first skip
    await tick()
    await tick()
    expect(p.delivered).toEqual([1, 2, 3, 4, 5])
    expect(reasons).toEqual(['overload'])
    for (const t of trades('BTCUSDT', 11, 12)) sink.push(t)
    expect(sink.stats().skipped).toBe(7)

    await sink.reset() // the feed restarts from the table: trades flow again
    for (const t of trades('BTCUSDT', 6, 7)) sink.push(t)
    await tick()
    p.ack()
    await sink.close()
    expect(p.delivered).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(sink.stats()).toMatchObject({ forwarded: 7, skipped: 7, producers: 1 })
  })

  it('replaces a producer that gave up, after asking for a resync', async () => {
    const first = fakeProducer(100)
    const second = fakeProducer(100)
    const opened = [first, second]
    let openings = 0
    const reasons: ResyncReason[] = []
    const sink = await createKafkaSink(
      {
        openProducer: async () => {
          openings++
          if (openings === 2) throw new Error('broker still down') // retried
          return opened.shift()!.producer
        },
        readPositions: async () => new Map(),
        maxWaitingTrades: 100,
        reopenDelayMs: 1,
      },
      { needResync: (why) => reasons.push(why) },
    )
    for (const t of trades('BTCUSDT', 1, 3)) sink.push(t)
    await tick()
    first.ack()
    first.fail()
    for (const t of trades('BTCUSDT', 4, 6)) sink.push(t) // refused by the failed producer
    await tick()
    await tick()
    expect(reasons).toEqual(['producer-failed'])
    // The first refusal degrades the sink: the next two are skipped without being offered.
    expect(sink.stats()).toMatchObject({ sendFailures: 1, skipped: 3 })

    await sink.reset()
    expect(first.closed).toBe(true)
    expect(openings).toBe(3)
    for (const t of trades('BTCUSDT', 4, 6)) sink.push(t)
    await tick()
    second.ack()
    await sink.close()
    expect(first.delivered).toEqual([1, 2, 3])
    expect(second.delivered).toEqual([4, 5, 6])
    expect(sink.stats()).toMatchObject({ producers: 2, forwarded: 6 })
  })

  it('refuses an unusable maxWaitingTrades', async () => {
    await expect(
      createKafkaSink(
        {
          openProducer: async () => fakeProducer(1).producer,
          readPositions: async () => new Map(),
          maxWaitingTrades: 0,
        },
        { needResync: () => {} },
      ),
    ).rejects.toThrow(/maxWaitingTrades/)
  })

  it('pauses the feed at the high watermark and resumes it once the producer drained, skipping nothing', async () => {
    const p = fakeProducer(2)
    const log: string[] = []
    let paused = false
    const sink = await createKafkaSink(
      {
        openProducer: async () => p.producer,
        readPositions: async () => new Map(),
        maxWaitingTrades: 4,
        producerQueueMax: 2, // pause at 2 queued + 2 waiting, resume at 1
      },
      {
        needResync: () => expect.fail('no resync expected'),
        pause: () => {
          paused = true
          log.push('pause')
        },
        resume: () => {
          paused = false
          log.push('resume')
        },
      },
    )
    const input = trades('BTCUSDT', 1, 30)
    let next = 0
    while (next < input.length) {
      // The feed reads while not paused; the broker acknowledges only when the sink has paused.
      while (!paused && next < input.length) {
        sink.push(input[next++]!)
        await tick()
      }
      if (paused) {
        p.ack()
        await vi.waitFor(() => expect(paused).toBe(false)) // the sink looks at the queue again
      }
    }
    await tick()
    p.ack()
    await sink.close()
    expect(p.delivered).toEqual(input.map((t) => t.source_sequence))
    const stats = sink.stats()
    expect(stats).toMatchObject({ forwarded: 30, skipped: 0, overloads: 0, pauseTimeouts: 0 })
    expect(stats.pauses).toBeGreaterThanOrEqual(5)
    expect(log.slice(0, 2)).toEqual(['pause', 'resume'])
  })

  it('refuses watermarks that cross', async () => {
    await expect(
      createKafkaSink(
        {
          openProducer: async () => fakeProducer(1).producer,
          readPositions: async () => new Map(),
          maxWaitingTrades: 10,
          pauseAtTrades: 5,
          resumeAtTrades: 5,
        },
        { needResync: () => {}, pause: () => {}, resume: () => {} },
      ),
    ).rejects.toThrow(/pauseAt/)
  })
})
