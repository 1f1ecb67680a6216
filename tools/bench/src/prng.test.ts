import { describe, expect, it } from 'vitest'

import { createPrng } from './prng.js'

const take = (seed: number, n: number) => {
  const prng = createPrng(seed)
  return Array.from({ length: n }, () => prng.next())
}

describe('createPrng', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    expect(take(42, 100)).toEqual(take(42, 100))
    expect(take(43, 100)).not.toEqual(take(42, 100))
  })

  it('matches the reference mulberry32 for seed 0', () => {
    // From a Python port of the reference C code (32-bit unsigned arithmetic), not from ours.
    expect(take(0, 3).map((x) => Math.round(x * 2 ** 32))).toEqual([1144304738, 1416247, 958946056])
  })

  it('stays in [0, 1), int(n) in [0, n) and covers the range', () => {
    const prng = createPrng(7)
    const seen = new Set<number>()
    for (let i = 0; i < 10_000; i++) {
      const x = prng.next()
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
      const k = prng.int(10)
      expect(Number.isInteger(k) && k >= 0 && k < 10).toBe(true)
      seen.add(k)
    }
    expect(seen.size).toBe(10)
  })

  it('gives standard normal variates (mean about 0, variance about 1)', () => {
    const prng = createPrng(1)
    const xs = Array.from({ length: 50_000 }, () => prng.gaussian())
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length
    expect(Math.abs(mean)).toBeLessThan(0.02)
    expect(Math.abs(variance - 1)).toBeLessThan(0.03)
    expect(xs.every(Number.isFinite)).toBe(true)
  })
})
