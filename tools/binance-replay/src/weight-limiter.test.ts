import { describe, expect, it } from 'vitest'

import { WeightLimiter } from './weight-limiter.js'

describe('WeightLimiter', () => {
  it('adds weight within a minute, refuses beyond the budget and resets at the next minute', () => {
    let now = 60_000 * 100 + 15_000 // 15 s into a minute
    const limiter = new WeightLimiter(60, () => now)
    expect(limiter.take(25)).toEqual({ allowed: true, used: 25 })
    expect(limiter.take(25)).toEqual({ allowed: true, used: 50 })
    expect(limiter.take(25)).toEqual({ allowed: false, used: 50, retryAfterSeconds: 45 })
    expect(limiter.take(10)).toEqual({ allowed: true, used: 60 })
    now += 44_500
    expect(limiter.take(1)).toEqual({ allowed: false, used: 60, retryAfterSeconds: 1 })
    now += 500
    expect(limiter.usedWeight()).toBe(0)
    expect(limiter.take(25)).toEqual({ allowed: true, used: 25 })
  })
})
