import { describe, expect, it } from 'vitest'

import { scaledToText, textToScaled } from './scaled-decimal.js'

describe('scaledToText', () => {
  it.each([
    [8725012, 2, '87250.12000000'],
    [1, 8, '0.00000001'],
    [452, 8, '0.00000452'],
    [0, 5, '0.00000000'],
    [1234, 0, '1234.00000000'],
    [999_999_999_999_999, 8, '9999999.99999999'],
    [21034, 4, '2.10340000'],
  ])('%d at %d decimals -> %s', (units, decimals, text) => {
    expect(scaledToText(units, decimals)).toBe(text)
  })

  it('rejects negative, fractional, unsafe units and bad decimals', () => {
    expect(() => scaledToText(-1, 2)).toThrow(RangeError)
    expect(() => scaledToText(1.5, 2)).toThrow(RangeError)
    expect(() => scaledToText(2 ** 53, 2)).toThrow(RangeError)
    expect(() => scaledToText(1, 9)).toThrow(RangeError)
    expect(() => scaledToText(1, -1)).toThrow(RangeError)
  })
})

describe('textToScaled', () => {
  it.each([
    ['87250.12', 2, 8725012],
    ['0.00000452', 8, 452],
    ['2.1034', 4, 21034],
    ['861.5', 2, 86150],
    ['7', 3, 7000],
    ['1.50000000', 1, 15],
  ])('%s at %d decimals -> %d', (text, decimals, units) => {
    expect(textToScaled(text, decimals)).toBe(units)
  })

  it('round-trips with scaledToText', () => {
    for (const [units, decimals] of [
      [8725012, 2],
      [1, 8],
      [999, 0],
    ] as const) {
      expect(textToScaled(scaledToText(units, decimals), decimals)).toBe(units)
    }
  })

  it('rejects extra digits and non-decimals', () => {
    expect(() => textToScaled('1.234', 2)).toThrow(/more than 2/)
    expect(() => textToScaled('-1', 2)).toThrow(RangeError)
    expect(() => textToScaled('1e5', 2)).toThrow(RangeError)
    expect(() => textToScaled('99999999999999999', 2)).toThrow(/too large/)
  })
})
