import { describe, expect, it } from 'vitest'

import { WeightedLru } from './weighted-lru.js'

describe('WeightedLru', () => {
  it('evicts the least recently used entries once the summed weight passes the bound', () => {
    const lru = new WeightedLru<string>(10)
    lru.set('a', 'A', 4)
    lru.set('b', 'B', 4)
    expect(lru.get('a')).toBe('A') // a is now the most recently used
    lru.set('c', 'C', 4) // 12 > 10: b goes, not a
    expect(lru.get('b')).toBeUndefined()
    expect(lru.get('a')).toBe('A')
    expect(lru.get('c')).toBe('C')
  })

  it('keeps the newest entry even when it alone is over the bound, and re-weighs a replaced key', () => {
    const lru = new WeightedLru<number>(10)
    lru.set('small', 1, 1)
    lru.set('huge', 2, 50)
    expect(lru.get('small')).toBeUndefined()
    expect(lru.get('huge')).toBe(2)
    lru.set('huge', 3, 5)
    lru.set('other', 4, 5)
    expect([lru.get('huge'), lru.get('other')]).toEqual([3, 4])
  })
})
