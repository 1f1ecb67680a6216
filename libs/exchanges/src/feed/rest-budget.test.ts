import { describe, expect, it } from 'vitest'

import { RestWeightBudget } from './rest-budget.js'
import { ManualClock } from './testing/manual-clock.js'

const MINUTE = 60_000

describe('RestWeightBudget', () => {
  it('lets requests through while the sliding minute has room, then waits for the oldest to age out', async () => {
    const clock = new ManualClock(10 * MINUTE)
    const budget = new RestWeightBudget(100, clock)
    for (let i = 0; i < 4; i++) {
      expect(budget.waitMs(25)).toBe(0)
      budget.record(25)
      await clock.advance(1000)
    }
    expect(budget.usedWeight()).toBe(100)
    // The first request (at 0 s) leaves the window at 60 s; it is now 4 s.
    expect(budget.waitMs(25)).toBe(56_001)
    expect(budget.waitMs(50)).toBe(57_001)
    await clock.advance(56_001)
    expect(budget.usedWeight()).toBe(75)
    expect(budget.waitMs(25)).toBe(0)
  })

  it("holds requests until the minute ends when the exchange's count leaves no room", () => {
    const clock = new ManualClock(10 * MINUTE + 45_000)
    const budget = new RestWeightBudget(6000, clock)
    budget.observe({ usedWeight: 5990, retryAfterMs: null })
    expect(budget.waitMs(25)).toBe(15_000)
    expect(budget.waitMs(10)).toBe(0)
  })

  it("forgets the exchange's count once its minute is over", async () => {
    const clock = new ManualClock(10 * MINUTE + 59_000)
    const budget = new RestWeightBudget(6000, clock)
    budget.observe({ usedWeight: 6000, retryAfterMs: null })
    expect(budget.waitMs(25)).toBe(1000)
    await clock.advance(1000)
    expect(budget.waitMs(25)).toBe(0)
  })

  it('blocks everything for Retry-After', async () => {
    const clock = new ManualClock()
    const budget = new RestWeightBudget(6000, clock)
    budget.observe({ usedWeight: 10, retryAfterMs: 7000 })
    expect(budget.waitMs(1)).toBe(7000)
    budget.block(3000) // a shorter block does not shorten the longer one
    expect(budget.waitMs(1)).toBe(7000)
    await clock.advance(7000)
    expect(budget.waitMs(1)).toBe(0)
  })

  it('sends a request heavier than the whole budget alone in an empty window', async () => {
    const clock = new ManualClock()
    const budget = new RestWeightBudget(20, clock)
    expect(budget.waitMs(25)).toBe(0)
    budget.record(25)
    expect(budget.waitMs(25)).toBe(MINUTE + 1)
  })

  it('knows the time to the next calendar minute', () => {
    expect(new RestWeightBudget(1, new ManualClock(5 * MINUTE + 12_345)).msToNextMinute()).toBe(
      47_655,
    )
  })
})
