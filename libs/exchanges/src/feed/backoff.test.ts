import { describe, expect, it } from 'vitest'

import { fullJitterDelay } from './backoff.js'

describe('fullJitterDelay', () => {
  it.each([
    // retry, random, expected: random x min(60000, 5000 x 2^retry)
    [0, 0.999, 4995],
    [1, 0.5, 5000],
    [2, 0.5, 10_000],
    [3, 0.5, 20_000],
    [4, 0.5, 30_000], // 80000 capped at 60000
    [10, 0.5, 30_000],
    [1000, 0.5, 30_000], // no overflow for huge retry counts
    [3, 0, 0],
  ])('retry %i with random %f waits %i ms (D9: 5 s doubling, cap 60 s)', (retry, r, expected) => {
    expect(fullJitterDelay(retry, 5000, 60_000, () => r)).toBe(expected)
  })

  it('stays within [0, ceiling) with Math.random', () => {
    for (let retry = 0; retry < 8; retry++) {
      const ceiling = Math.min(60_000, 5000 * 2 ** retry)
      for (let i = 0; i < 50; i++) {
        const delay = fullJitterDelay(retry, 5000, 60_000)
        expect(delay).toBeGreaterThanOrEqual(0)
        expect(delay).toBeLessThan(ceiling)
      }
    }
  })
})
