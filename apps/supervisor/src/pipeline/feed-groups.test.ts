import { describe, expect, it } from 'vitest'

import { feedGroups } from './feed-groups.js'

describe('feedGroups', () => {
  it('gives each symbol its own actor up to the cap', () => {
    expect(feedGroups(['A', 'B', 'C'], 4)).toEqual([['A'], ['B'], ['C']])
  })

  it('shares actors round-robin past the cap', () => {
    expect(feedGroups(['A', 'B', 'C', 'D', 'E'], 2)).toEqual([
      ['A', 'C', 'E'],
      ['B', 'D'],
    ])
  })

  it('adds actors when one connection cannot carry a group', () => {
    const symbols = Array.from({ length: 10 }, (_, i) => `S${i}`)
    const groups = feedGroups(symbols, 1, 4)
    expect(groups).toHaveLength(3)
    expect(groups.flat().sort()).toEqual([...symbols].sort())
    expect(Math.max(...groups.map((g) => g.length))).toBeLessThanOrEqual(4)
  })

  it('starts no feed for no symbols', () => {
    expect(feedGroups([], 4)).toEqual([])
  })
})
