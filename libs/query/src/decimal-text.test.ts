import { describe, expect, it } from 'vitest'

import { divideDecimals, trimDecimal } from './decimal-text.js'

describe('trimDecimal', () => {
  it.each([
    ['36.66700000', '36.667'],
    ['20000.00000000', '20000'],
    ['0.00000000', '0'],
    ['0', '0'],
    ['120', '120'],
  ])('%s -> %s', (input, expected) => expect(trimDecimal(input)).toBe(expected))
})

describe('divideDecimals', () => {
  it('divides exactly and rounds half to even at 18 digits', () => {
    expect(divideDecimals('1', '3')).toBe('0.333333333333333333')
    expect(divideDecimals('2', '3')).toBe('0.666666666666666667')
    // 0.5e-18 exactly: half -> even (0), 1.5e-18 -> 2e-18
    expect(divideDecimals('0.0000000000000000005', '1')).toBe('0')
    expect(divideDecimals('0.0000000000000000015', '1')).toBe('0.000000000000000002')
    expect(divideDecimals('734000.0000000000000000', '20000.00000000')).toBe('36.7')
    expect(divideDecimals('1', '0')).toBeNull()
  })
})
