import { decimalToUnscaled, ExactDecimal } from './exact-decimal.js'
import { describe, expect, it } from 'vitest'

import { decimalUnscaled } from './decimal-unscaled.js'

describe('decimalUnscaled', () => {
  it.each([
    ['0', 8, 0],
    ['-0', 8, 0],
    ['1', 8, 100000000],
    ['0.00000001', 8, 1],
    ['1e-7', 8, 10],
    ['12345678.9', 8, 1234567890000000],
    ['-42.5', 8, -4250000000],
    ['7000000.0000001', 8, 700000000000010],
    ['90071992.54740991', 8, 9007199254740991],
    ['123.45', 2, 12345],
    ['123', 0, 123],
    ['1e20', 0, 100000000000000000000n],
    ['99999999.99999999', 8, 9999999999999999n],
    ['-9999999999.99999999', 8, -999999999999999999n],
    ['1234567.123456789', 8, undefined],
    ['0.000000001', 8, undefined],
    ['1.5', 0, undefined],
  ])('%s at scale %i -> %s', (text, scale, expected) => {
    expect(decimalUnscaled(new ExactDecimal(text), scale)).toStrictEqual(expected)
  })

  it('agrees with decimalToUnscaled on many values of every magnitude', () => {
    let seed = 1
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0)
    for (let i = 0; i < 20_000; i++) {
      const intDigits = next() % 11
      const fracDigits = next() % 9
      const int = intDigits === 0 ? '0' : String(next()).padStart(10, '7').slice(0, intDigits)
      const frac = String(next()).padStart(9, '3').slice(0, fracDigits)
      const text = `${next() % 2 === 0 ? '-' : ''}${int}${frac === '' ? '' : `.${frac}`}`
      const d = new ExactDecimal(text)
      const got = decimalUnscaled(d, 8)
      expect(got === undefined ? undefined : BigInt(got), text).toBe(decimalToUnscaled(d, 8))
    }
  })

  it('works on computed values, not only parsed ones', () => {
    const d = new ExactDecimal('0.1').plus('0.2').times(3)
    expect(decimalUnscaled(d, 8)).toBe(90000000)
  })
})
