import { describe, expect, it } from 'vitest'

import { ExactDecimal } from '@k2/core'

import { compareValues, normalizeValue } from './value-order.js'

describe('normalizeValue', () => {
  it.each([
    ['timestamptz', 1_764_115_200_000_000, 1_764_115_200_000_000n],
    ['long', 5, 5n],
    ['decimal(18, 8)', new ExactDecimal('1.5'), 150_000_000n],
    ['decimal(18, 8)', 150_000_000n, 150_000_000n],
    ['string', 'BTCUSDT', 'BTCUSDT'],
    ['date', 20_418, 20_418],
  ] as const)('%s %s -> %s', (type, value, expected) => {
    expect(normalizeValue(type, value)).toEqual(expected)
  })
})

describe('compareValues', () => {
  it('orders strings by UTF-8 bytes, as Iceberg bounds do', () => {
    expect(compareValues('BTCUSDT', 'ETHUSDT')).toBeLessThan(0)
    expect(compareValues('Z', 'a')).toBeLessThan(0)
    // U+FF5E sorts after U+1F600 in UTF-16 code units but before it in UTF-8 bytes.
    expect(compareValues('\uff5e', '\u{1f600}')).toBeLessThan(0)
  })

  it('orders integers exactly beyond 2^53 and mixes numbers with bigints', () => {
    expect(compareValues(9_007_199_254_740_993n, 9_007_199_254_740_992n)).toBeGreaterThan(0)
    expect(compareValues(5, 5n)).toBe(0)
    expect(compareValues(-1n, 0)).toBeLessThan(0)
  })

  it('orders byte arrays and booleans', () => {
    expect(compareValues(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBeLessThan(0)
    expect(compareValues(false, true)).toBeLessThan(0)
  })
})
