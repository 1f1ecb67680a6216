import { describe, expect, it } from 'vitest'

import { summarize } from './stats.js'

describe('summarize', () => {
  it.each([
    [[3], { median: 3, min: 3, max: 3 }],
    [[5, 1, 3], { median: 3, min: 1, max: 5 }],
    [[4, 1, 2, 10], { median: 3, min: 1, max: 10 }],
  ])('%j -> %j', (values, stat) => {
    expect(summarize(values)).toEqual(stat)
  })

  it('leaves its input alone and refuses no values', () => {
    const values = [3, 1, 2]
    summarize(values)
    expect(values).toEqual([3, 1, 2])
    expect(() => summarize([])).toThrow(RangeError)
  })
})
