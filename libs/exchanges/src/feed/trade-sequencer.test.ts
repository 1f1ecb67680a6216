import type { TradeV2 } from '@k2/core'
import { describe, expect, it } from 'vitest'

import type { FeedTrade } from './feed-trade.js'
import { BEFORE_FIRST_TRADE, TradeSequencer } from './trade-sequencer.js'

function t(sequence: number, symbol = 'BTCUSDT'): FeedTrade {
  return { trade: { symbol } as TradeV2, sequence }
}

function sequencer(maxBuffered = 100, consecutive = true) {
  const emitted: number[] = []
  const gaps: string[] = []
  const unexpected: string[] = []
  const s = new TradeSequencer(['BTCUSDT', 'ETHUSDT'], consecutive, maxBuffered, {
    emit: (trade) => emitted.push(trade.sequence),
    gap: (state, size) => gaps.push(`${state.symbol}:${state.last}+${size}`),
    unexpected: (trade) => unexpected.push(trade.trade.symbol),
  })
  const btc = s.state('BTCUSDT')!
  return { s, btc, emitted, gaps, unexpected }
}

describe('TradeSequencer', () => {
  it('emits consecutive trades at once and drops repeats', () => {
    const { s, btc, emitted, gaps } = sequencer()
    for (const n of [5, 6, 7, 6, 7, 8]) s.accept(t(n))
    expect(emitted).toEqual([5, 6, 7, 8])
    expect(btc).toMatchObject({ last: 8, emitted: 4, duplicates: 2 })
    expect(gaps).toEqual([])
  })

  it('holds a trade after a jump and reports the gap with its size', () => {
    const { s, btc, emitted, gaps } = sequencer()
    s.accept(t(1))
    s.accept(t(5))
    expect(emitted).toEqual([1])
    expect(gaps).toEqual(['BTCUSDT:1+3'])
    expect(btc.pending.map((x) => x.sequence)).toEqual([5])
  })

  it('keeps symbols apart and reports unknown ones', () => {
    const { s, emitted, unexpected } = sequencer()
    s.accept(t(1, 'BTCUSDT'))
    s.accept(t(1, 'ETHUSDT'))
    s.accept(t(1, 'XRPUSDT'))
    expect(emitted).toEqual([1, 1])
    expect(unexpected).toEqual(['XRPUSDT'])
  })

  it('while repairing holds live trades in order (out-of-order and repeats included)', () => {
    const { s, btc, emitted } = sequencer()
    s.accept(t(10))
    btc.repairing = true
    for (const n of [15, 13, 14, 14, 16, 9]) s.accept(t(n))
    expect(emitted).toEqual([10])
    expect(btc.pending.map((x) => x.sequence)).toEqual([13, 14, 15, 16])
    expect(btc.duplicates).toBe(2)
  })

  it('emits a REST page up to the first held live trade, then the held ones (live copy wins)', () => {
    const { s, btc, emitted } = sequencer()
    s.accept(t(10))
    btc.repairing = true
    s.accept(t(13))
    s.accept(t(14))
    const page = [t(9), t(10), t(11), t(12), t(13), t(14), t(15)]
    const live13 = btc.pending[0]
    expect(s.emitBackfilled(btc, page, () => {})).toBe(2)
    s.drain(btc)
    expect(emitted).toEqual([10, 11, 12, 13, 14])
    expect(btc.pending).toEqual([])
    expect(btc.backfilled).toBe(2)
    expect(live13?.sequence).toBe(13)
  })

  it('reports a hole inside a REST page and goes on after it', () => {
    const { s, btc, emitted } = sequencer()
    s.accept(t(1))
    const holes: string[] = []
    s.emitBackfilled(btc, [t(2), t(5), t(6)], (from, to) => holes.push(`${from}..${to}`))
    expect(holes).toEqual(['3..4'])
    expect(emitted).toEqual([1, 2, 5, 6])
  })

  it('holds gaps during a connection switch and reports them when released', () => {
    const { s, btc, emitted, gaps } = sequencer()
    s.accept(t(1))
    s.holdGaps(true)
    s.accept(t(4)) // the new connection is ahead
    expect(gaps).toEqual([])
    s.accept(t(2)) // the old one catches up
    expect(emitted).toEqual([1, 2])
    s.holdGaps(false)
    expect(gaps).toEqual(['BTCUSDT:2+1'])
    s.accept(t(3))
    expect(emitted).toEqual([1, 2, 3, 4])
    expect(btc.pending).toEqual([])
  })

  it('stops holding at the bound, counts what it turned away and flags it for REST', () => {
    const { s, btc } = sequencer(3)
    s.accept(t(1))
    btc.repairing = true
    for (const n of [3, 4, 5, 6, 7]) s.accept(t(n))
    expect(btc.pending.map((x) => x.sequence)).toEqual([3, 4, 5])
    expect(btc.bufferOverflow).toBe(2)
    expect(btc.overflowed).toBe(true)
  })

  it('from before the first trade, history starts where REST does: no hole below it', () => {
    const { s, btc, emitted } = sequencer()
    s.resumeAfter('BTCUSDT', BEFORE_FIRST_TRADE)
    btc.repairing = true
    s.accept(t(3)) // live, held while the history is fetched
    const holes: string[] = []
    // The exchange's ids start at 1 (the replay exchange), not 0.
    s.emitBackfilled(btc, [t(1), t(2), t(3)], (from, to) => holes.push(`${from}..${to}`))
    btc.repairing = false
    s.drain(btc)
    expect(holes).toEqual([])
    expect(emitted).toEqual([1, 2, 3])
    // A REST page that starts after the held live trades: they start the history.
    const other = sequencer()
    other.s.resumeAfter('BTCUSDT', BEFORE_FIRST_TRADE)
    other.btc.repairing = true
    other.s.accept(t(5))
    other.s.emitBackfilled(other.btc, [t(9)], (from, to) => holes.push(`${from}..${to}`))
    other.btc.repairing = false
    other.s.drain(other.btc)
    expect(holes).toEqual([])
    expect(other.emitted).toEqual([5])
    // Once a trade is emitted, a jump is a hole again.
    s.emitBackfilled(btc, [t(5)], (from, to) => holes.push(`${from}..${to}`))
    expect(holes).toEqual(['4..4'])
  })

  it('starts from a resume point', () => {
    const { s, emitted, gaps } = sequencer()
    s.resumeAfter('BTCUSDT', 700)
    s.accept(t(700))
    s.accept(t(701))
    expect(emitted).toEqual([701])
    s.accept(t(705))
    expect(gaps).toEqual(['BTCUSDT:701+3'])
  })

  it('without consecutive sequences only orders and de-duplicates', () => {
    const { s, emitted, gaps } = sequencer(100, false)
    for (const n of [10, 20, 20, 15, 30]) s.accept(t(n))
    expect(emitted).toEqual([10, 20, 30])
    expect(gaps).toEqual([])
  })

  it('skipTo moves past trades that cannot be had', () => {
    const { s, btc, emitted } = sequencer()
    s.accept(t(1))
    btc.repairing = true
    s.accept(t(5))
    s.skipTo(btc, 4)
    s.drain(btc)
    expect(emitted).toEqual([1, 5])
  })

  describe('while the feed is paused', () => {
    function pausable() {
      const emitted: number[] = []
      const gaps: string[] = []
      let paused = false
      /** Pauses (as a consumer's back-pressure does from `onTrade`) once `at` is emitted. */
      let pauseAt: number | undefined
      const s = new TradeSequencer(['BTCUSDT'], true, 100, {
        emit: (trade) => {
          emitted.push(trade.sequence)
          if (trade.sequence === pauseAt) paused = true
        },
        gap: (state, size) => gaps.push(`${state.symbol}:${state.last}+${size}`),
        unexpected: () => undefined,
        paused: () => paused,
      })
      const control = {
        pauseAt: (n: number) => (pauseAt = n),
        resume: () => {
          paused = false
          s.release()
        },
      }
      return { s, btc: s.state('BTCUSDT')!, emitted, gaps, control }
    }

    it('emits nothing after a pause taken in onTrade, holds in order, and emits it all on resume', () => {
      const { s, btc, emitted, gaps, control } = pausable()
      control.pauseAt(3)
      for (const n of [1, 2, 3, 4, 6, 5, 7]) s.accept(t(n))
      expect(emitted).toEqual([1, 2, 3])
      expect(btc.pending.map((x) => x.sequence)).toEqual([4, 5, 6, 7])
      expect(gaps).toEqual([]) // a backlog, not a hole
      control.resume()
      s.accept(t(8))
      expect(emitted).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
      expect(gaps).toEqual([])
    })

    it('a pause during the resume stops the backlog again; trades behind it are not gaps', () => {
      const { s, emitted, gaps, control } = pausable()
      control.pauseAt(1)
      for (const n of [1, 2, 3, 4]) s.accept(t(n))
      control.pauseAt(2)
      control.resume() // emits 2, which pauses again
      expect(emitted).toEqual([1, 2])
      control.pauseAt(-1)
      control.resume()
      s.accept(t(6)) // a real hole after the backlog
      expect(emitted).toEqual([1, 2, 3, 4])
      expect(gaps).toEqual(['BTCUSDT:4+1'])
    })

    it('holds the rest of a REST page and reports a hole left after the resume', () => {
      const { s, btc, emitted, gaps, control } = pausable()
      s.resumeAfter('BTCUSDT', 0)
      control.pauseAt(2)
      const holes: string[] = []
      const n = s.emitBackfilled(
        btc,
        [1, 2, 3, 4].map((x) => t(x)),
        (a, b) => holes.push(`${a}-${b}`),
      )
      expect(n).toBe(2)
      expect(btc.pending.map((x) => x.sequence)).toEqual([3, 4])
      s.accept(t(9))
      control.resume()
      expect(emitted).toEqual([1, 2, 3, 4])
      expect(gaps).toEqual(['BTCUSDT:4+4'])
      expect(holes).toEqual([])
    })
  })
})
