import { afterEach, describe, expect, it, vi } from 'vitest'

import { decodeTradeBatch } from '../transport/index.js'
import { trades } from '../writer/testing/trade-fixtures.js'
import { TradeForwarder, type ForwarderOptions } from './trade-forwarder.js'

/** A writer link whose answers the test releases by hand. */
function manualWriters() {
  const sent: Array<{
    writer: number
    batch: ArrayBuffer
    after: Readonly<Record<string, number>>
    settle: (ok: boolean) => void
  }> = []
  const send = (writer: number, batch: ArrayBuffer, after: Readonly<Record<string, number>>) =>
    new Promise<void>((resolve, reject) => {
      sent.push({
        writer,
        batch,
        after,
        settle: (ok) => (ok ? resolve() : reject(new Error('writer gone'))),
      })
    })
  return { sent, send }
}

const BASE: ForwarderOptions = {
  writers: 2,
  route: (symbol) => (symbol === 'BTCUSDT' ? 0 : 1),
  batchMaxTrades: 3,
  batchMaxDelayMs: 20,
  maxInFlightBatches: 2,
}

afterEach(() => {
  vi.useRealTimers()
})

describe('TradeForwarder', () => {
  it('batches per writer at batchMaxTrades, in order', async () => {
    const w = manualWriters()
    const f = new TradeForwarder(BASE, w.send, { needResync: () => undefined })
    for (const t of [...trades('BTCUSDT', 1, 4), ...trades('ETHUSDT', 1, 3)]) f.push(t)
    expect(w.sent.map((s) => s.writer)).toEqual([0, 1])
    const first = await decodeTradeBatch(w.sent[0]!.batch)
    expect(first.map((t) => t.source_sequence)).toEqual([1, 2, 3])
    for (const s of w.sent) s.settle(true)
    f.flush()
    expect(w.sent).toHaveLength(3)
    expect((await decodeTradeBatch(w.sent[2]!.batch)).map((t) => t.source_sequence)).toEqual([4])
    w.sent[2]!.settle(true)
    await f.drain()
    expect(f.stats()).toMatchObject({ forwarded: 7, batches: 3, skipped: 0 })
  })

  it('claims, per stream, the sequence each batch follows (from the resume point on)', async () => {
    const w = manualWriters()
    const f = new TradeForwarder(BASE, w.send, { needResync: () => undefined })
    f.resumeFrom(new Map([['BINANCE:BTCUSDT', 10]]))
    for (const t of [...trades('BTCUSDT', 11, 16), ...trades('ETHUSDT', 1, 3)]) f.push(t)
    expect(w.sent.map((s) => s.after)).toEqual([
      { 'BINANCE:BTCUSDT': 10 },
      { 'BINANCE:BTCUSDT': 13 },
      {}, // ETHUSDT has no resume point: a new stream
    ])
  })

  it('sends a partial batch after batchMaxDelayMs', async () => {
    vi.useFakeTimers()
    const w = manualWriters()
    const f = new TradeForwarder(BASE, w.send, { needResync: () => undefined })
    f.push(trades('BTCUSDT', 1, 1)[0]!)
    expect(w.sent).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(25)
    expect(w.sent).toHaveLength(1)
  })

  it('past maxInFlightBatches it stops buffering, counts skipped trades and asks for a resync once settled', async () => {
    const w = manualWriters()
    const needResync = vi.fn()
    const f = new TradeForwarder(BASE, w.send, { needResync })
    for (const t of trades('BTCUSDT', 1, 9)) f.push(t) // 3 batches: the third is refused
    expect(w.sent).toHaveLength(2)
    for (const t of trades('BTCUSDT', 10, 14)) f.push(t)
    expect(f.stats()).toMatchObject({ overloads: 1, skipped: 8 })
    expect(needResync).not.toHaveBeenCalled()
    for (const s of w.sent) s.settle(true)
    await vi.waitFor(() => expect(needResync).toHaveBeenCalledWith('overload'))
    await f.reset()
    f.push(trades('BTCUSDT', 15, 15)[0]!)
    f.flush()
    expect(w.sent).toHaveLength(3)
    w.sent[2]!.settle(true)
    await f.drain()
    expect(f.stats()).toMatchObject({ forwarded: 7, skipped: 8 })
  })

  it('a batch lost with its writer degrades the forwarder and asks for a resync', async () => {
    const w = manualWriters()
    const needResync = vi.fn()
    const f = new TradeForwarder(BASE, w.send, { needResync })
    for (const t of trades('ETHUSDT', 1, 3)) f.push(t)
    w.sent[0]!.settle(false)
    await vi.waitFor(() => expect(needResync).toHaveBeenCalledWith('writer-lost'))
    f.push(trades('ETHUSDT', 4, 4)[0]!)
    expect(f.stats()).toMatchObject({ sendFailures: 1, skipped: 4, forwarded: 0 })
  })

  it('close refuses more trades after a drain', async () => {
    const w = manualWriters()
    const f = new TradeForwarder(BASE, w.send, { needResync: () => undefined })
    f.push(trades('BTCUSDT', 1, 1)[0]!)
    const drained = f.drain()
    w.sent[0]!.settle(true)
    await drained
    f.close()
    f.push(trades('BTCUSDT', 2, 2)[0]!)
    expect(w.sent).toHaveLength(1)
    expect(f.stats()).toMatchObject({ forwarded: 1, skipped: 1 })
  })
})
