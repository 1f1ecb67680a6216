import { describe, expect, it } from 'vitest'

import { RepairHold } from './repair-hold.js'
import { ManualClock } from './testing/manual-clock.js'
import type { FeedTrade } from './feed-trade.js'
import { TradeSequencer, type SymbolSequence } from './trade-sequencer.js'

/** A symbol's state (a sequencer's own) with `held` trades pending, repairing or not. */
function state(held: number, repairing = true): SymbolSequence {
  const s = new TradeSequencer(['BTCUSDT'], true, 1_000, {
    emit: () => {},
    gap: () => {},
    unexpected: () => {},
  }).state('BTCUSDT')!
  s.repairing = repairing
  s.pending.push(...Array.from({ length: held }, (_, i) => ({ sequence: i + 2 }) as FeedTrade))
  return s
}

function setup(maxHoldMs = 1_000) {
  const clock = new ManualClock()
  const calls: boolean[] = []
  const btc = state(0)
  const hold = new RepairHold(
    { maxBuffered: 100, maxHoldMs, checkMs: 10 },
    () => [btc],
    (h) => calls.push(h),
    clock,
  )
  return { clock, calls, btc, hold }
}

describe('RepairHold', () => {
  it('holds reading at 3/4 of the bound during a repair and reads again at 1/4', async () => {
    const { clock, calls, btc, hold } = setup()
    btc.pending.length = 74
    hold.afterHeld(btc)
    expect(calls).toEqual([])
    btc.pending.length = 75
    hold.afterHeld(btc)
    hold.afterHeld(btc) // already holding: once
    expect(calls).toEqual([true])
    await clock.advance(50)
    expect(calls).toEqual([true]) // still 75 held
    btc.pending.length = 25 // the repair caught up and drained
    await clock.advance(10)
    expect(calls).toEqual([true, false])
    expect(hold.stats()).toMatchObject({ holds: 1, expired: 0, heldMs: 60 })
  })

  it('does not hold without a repair, nor with maxHoldMs 0', () => {
    const { calls, hold } = setup()
    hold.afterHeld(state(90, false)) // held by a pause, not a repair
    expect(calls).toEqual([])
    const off = setup(0)
    off.btc.pending.length = 99
    off.hold.afterHeld(off.btc)
    expect(off.calls).toEqual([])
  })

  it('reads again after maxHoldMs even if the repair is still behind, and counts it', async () => {
    const { clock, calls, btc, hold } = setup(200)
    btc.pending.length = 80
    hold.afterHeld(btc)
    await clock.advance(199)
    expect(calls).toEqual([true])
    await clock.advance(20)
    expect(calls).toEqual([true, false])
    expect(hold.stats()).toMatchObject({ holds: 1, expired: 1 })
  })

  it('ends a hold when the feed stops', () => {
    const { calls, btc, hold } = setup()
    btc.pending.length = 80
    hold.afterHeld(btc)
    hold.stop()
    expect(calls).toEqual([true, false])
  })
})
