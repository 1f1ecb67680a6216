import { describe, expect, it } from 'vitest'

import { createPrng, symbolSeed } from './prng.js'

describe('createPrng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const prng = createPrng(seed)
      return Array.from({ length: 5 }, () => prng.next())
    }
    expect(draw(42)).toEqual(draw(42))
    expect(draw(42)).not.toEqual(draw(43))
  })

  it('stays in its ranges', () => {
    const prng = createPrng(7)
    for (let i = 0; i < 10_000; i++) {
      const u = prng.next()
      expect(u >= 0 && u < 1).toBe(true)
      const n = prng.int(3, 5)
      expect([3, 4, 5]).toContain(n)
      expect(prng.geometric(4)).toBeGreaterThanOrEqual(1)
      expect(prng.pareto(2, 1.2)).toBeGreaterThanOrEqual(2)
      expect(prng.exponential(3)).toBeGreaterThanOrEqual(0)
    }
  })

  it('has roughly the means it promises', () => {
    const prng = createPrng(11)
    const n = 50_000
    let exp = 0
    let geo = 0
    let normal = 0
    for (let i = 0; i < n; i++) {
      exp += prng.exponential(10)
      geo += prng.geometric(5)
      normal += prng.normal()
    }
    expect(exp / n).toBeGreaterThan(9.5)
    expect(exp / n).toBeLessThan(10.5)
    expect(geo / n).toBeGreaterThan(4.8)
    expect(geo / n).toBeLessThan(5.2)
    expect(Math.abs(normal / n)).toBeLessThan(0.05)
  })
})

describe('symbolSeed', () => {
  it('depends on the seed and the symbol', () => {
    expect(symbolSeed(1, 'BTCUSDT')).toBe(symbolSeed(1, 'BTCUSDT'))
    expect(symbolSeed(1, 'BTCUSDT')).not.toBe(symbolSeed(2, 'BTCUSDT'))
    expect(symbolSeed(1, 'BTCUSDT')).not.toBe(symbolSeed(1, 'ETHUSDT'))
    expect(symbolSeed(1, 'BTCUSDT')).not.toBe(symbolSeed(2 ** 32 + 1, 'BTCUSDT'))
  })
})
