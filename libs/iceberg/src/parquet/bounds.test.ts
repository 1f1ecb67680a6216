import { describe, expect, it } from 'vitest'

import { decodeSingleValue } from '../spec/single-value.js'
import {
  encodeBounds,
  truncateBinaryMax,
  truncateBinaryMin,
  truncateStringMax,
  truncateStringMin,
} from './bounds.js'

describe('string bounds, truncate(16) as Java UnicodeUtil', () => {
  it.each([
    ['short', 'short', 'short'],
    ['exactly-16-chars', 'exactly-16-chars', 'exactly-16-chars'],
    ['BINANCE-BTCUSDT-1000000001', 'BINANCE-BTCUSDT-', 'BINANCE-BTCUSDT.'],
    ['abcdefghijklmnoz-tail', 'abcdefghijklmnoz', 'abcdefghijklmno{'],
    // 16 code points, but 17 UTF-16 units: no truncation.
    ['😀bcdefghijklmnop', '😀bcdefghijklmnop', '😀bcdefghijklmnop'],
    // Truncation counts code points, never splits a surrogate pair.
    ['😀bcdefghijklmnop-x', '😀bcdefghijklmnop', '😀bcdefghijklmnoq'],
    ['abcdefghijklmno😀xyz', 'abcdefghijklmno😀', 'abcdefghijklmno😁'],
    // The last code point is the maximum: increment the one before and drop the rest.
    ['abcdefghijklmno\u{10FFFF}xyz', 'abcdefghijklmno\u{10FFFF}', 'abcdefghijklmnp'],
    // U+D7FF + 1 would be a surrogate: skip to U+E000.
    ['abcdefghijklmno\uD7FFxyz', 'abcdefghijklmno\uD7FF', 'abcdefghijklmno\uE000'],
  ])('%j -> [%j, %j]', (value, lower, upper) => {
    expect(truncateStringMin(value, 16)).toBe(lower)
    expect(truncateStringMax(value, 16)).toBe(upper)
    expect(lower <= value).toBe(true)
    expect(Buffer.compare(Buffer.from(upper), Buffer.from(value))).toBeGreaterThanOrEqual(0)
  })

  it('has no upper bound when every code point is U+10FFFF', () => {
    expect(truncateStringMax('\u{10FFFF}'.repeat(17), 16)).toBeUndefined()
  })
})

describe('binary bounds, truncate(16) as Java BinaryUtil', () => {
  const bytes = (...b: number[]) => Uint8Array.from(b)
  it('keeps short values and truncates long ones', () => {
    const long = Uint8Array.from({ length: 20 }, (_, i) => i)
    expect(truncateBinaryMin(long, 16)).toEqual(long.slice(0, 16))
    expect(truncateBinaryMax(long, 16)).toEqual(bytes(...long.slice(0, 15), 16))
    expect(truncateBinaryMax(bytes(1, 2), 16)).toEqual(bytes(1, 2))
  })
  it('carries over 0xFF bytes and gives up on all-0xFF prefixes', () => {
    expect(truncateBinaryMax(bytes(1, 0xff, 0xff, 9), 3)).toEqual(bytes(2))
    expect(truncateBinaryMax(bytes(0xff, 0xff, 0xff, 9), 3)).toBeUndefined()
  })
})

describe('encodeBounds', () => {
  it('encodes typed minimum and maximum in single-value form', () => {
    const b = encodeBounds('decimal(18, 8)', 123450000n, -5n)
    expect(decodeSingleValue('decimal(18, 8)', b.lower!)).toBe(123450000n)
    expect(decodeSingleValue('decimal(18, 8)', b.upper!)).toBe(-5n)
    const t = encodeBounds('timestamptz', 1764000000123456n, 1764000000123457n)
    expect(decodeSingleValue('timestamptz', t.lower!)).toBe(1764000000123456n)
  })
  it('truncates strings and leaves out what is unknown', () => {
    const b = encodeBounds('string', 'a'.repeat(20), '\u{10FFFF}'.repeat(20))
    expect(Buffer.from(b.lower!).toString()).toBe('a'.repeat(16))
    expect(b.upper).toBeUndefined()
    expect(encodeBounds('long', null, null)).toEqual({})
  })
})
