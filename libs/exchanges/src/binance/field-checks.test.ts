import { describe, expect, it } from 'vitest'

import { MAX_EPOCH_MS, decimalTextProblem, isEpochMs, isSequence } from './field-checks.js'

describe('decimalTextProblem', () => {
  it.each([
    ['0'],
    ['0.00000000'],
    ['97312.45000000'],
    ['0.00000001'],
    ['9999999999.99999999'],
    ['0009999999999.10000000000'],
    ['1.0'],
  ])('accepts %s', (text) => {
    expect(decimalTextProblem(text)).toBeNull()
  })

  it.each([
    ['', 'must be a non-empty decimal string'],
    ['-1', 'must not be negative'],
    ['-0.5', 'must not be negative'],
    ['+1', 'is not a plain decimal number'],
    ['1e5', 'is not a plain decimal number'],
    ['1E-5', 'is not a plain decimal number'],
    ['NaN', 'is not a plain decimal number'],
    ['Infinity', 'is not a plain decimal number'],
    ['.5', 'is not a plain decimal number'],
    ['5.', 'is not a plain decimal number'],
    ['1.2.3', 'is not a plain decimal number'],
    [' 1', 'is not a plain decimal number'],
    ['1 ', 'is not a plain decimal number'],
    ['0x1F', 'is not a plain decimal number'],
    ['1,5', 'is not a plain decimal number'],
    ['٣', 'is not a plain decimal number'],
    ['10000000000', 'has more than 10 integer digits'],
    ['0.000000001', 'has more than 8 fractional digits'],
    ['1'.repeat(65), 'is longer than 64 characters'],
  ])('rejects %j: %s', (text, reason) => {
    expect(decimalTextProblem(text)).toBe(reason)
  })
})

describe('integer checks', () => {
  it.each([
    [0, true],
    [Number.MAX_SAFE_INTEGER, true],
    [-1, false],
    [1.5, false],
    [2 ** 53, false],
    ['1', false],
    [null, false],
    [Number.NaN, false],
  ])('isSequence(%s) = %s', (v, ok) => {
    expect(isSequence(v)).toBe(ok)
  })

  it.each([
    [0, true],
    [1732600000122, true],
    [MAX_EPOCH_MS, true],
    [MAX_EPOCH_MS + 1, false],
    [-1, false],
    [1.5, false],
  ])('isEpochMs(%s) = %s', (v, ok) => {
    expect(isEpochMs(v)).toBe(ok)
  })

  it('keeps every accepted ms below the 10^15 ms/µs threshold of toMicros', () => {
    expect(MAX_EPOCH_MS * 1000).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER)
    expect(MAX_EPOCH_MS).toBeLessThan(1e15)
  })
})
