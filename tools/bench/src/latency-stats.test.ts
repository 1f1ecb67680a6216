import { describe, expect, it } from 'vitest'

import { percentile, summarizeLatency } from './latency-stats.js'

describe('percentile (nearest rank)', () => {
  const oneToFifty = Array.from({ length: 50 }, (_, i) => 50 - i) // unsorted on purpose

  it('p50 of 50 values is the 25th smallest, p99 the largest', () => {
    expect(percentile(oneToFifty, 50)).toBe(25)
    expect(percentile(oneToFifty, 99)).toBe(50)
    expect(percentile(oneToFifty, 100)).toBe(50)
  })

  it('p99 of 100 values is the 99th smallest, p1 the smallest', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(values, 99)).toBe(99)
    expect(percentile(values, 1)).toBe(1)
  })

  it('is always one of the values (no interpolation)', () => {
    expect(percentile([1, 10], 50)).toBe(1)
    expect(percentile([1, 10, 100], 50)).toBe(10)
    expect(percentile([7], 99)).toBe(7)
  })

  it('does not reorder its input', () => {
    const values = [3, 1, 2]
    percentile(values, 50)
    expect(values).toEqual([3, 1, 2])
  })

  it('rejects an empty list and percentiles outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(RangeError)
    expect(() => percentile([1], 0)).toThrow(RangeError)
    expect(() => percentile([1], 101)).toThrow(RangeError)
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError)
  })
})

describe('summarizeLatency', () => {
  it('gives runs, p50, p99, min, max and mean', () => {
    expect(summarizeLatency([4, 1, 3, 2])).toEqual({
      runs: 4,
      p50Ms: 2,
      p99Ms: 4,
      minMs: 1,
      maxMs: 4,
      meanMs: 2.5,
    })
  })

  it('rejects no values', () => {
    expect(() => summarizeLatency([])).toThrow(RangeError)
  })
})
