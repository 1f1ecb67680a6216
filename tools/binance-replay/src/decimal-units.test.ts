import { describe, expect, it } from 'vitest'

import { formatUnits, multiplyUnits, parseUnits } from './decimal-units.js'

describe('decimal units', () => {
  it.each([
    [4321012000000, '43210.12000000'],
    [1, '0.00000001'],
    [0, '0.00000000'],
    [100_000_000, '1.00000000'],
    [9_007_199_254_740_991, '90071992.54740991'],
  ])('formats %d as %s and parses it back', (units, text) => {
    expect(formatUnits(units)).toBe(text)
    expect(parseUnits(text)).toBe(units)
  })

  it.each(['0.001', '100', '43210.1'])('parses %s without a float round trip', (text) => {
    expect(formatUnits(parseUnits(text) as number)).toBe(
      `${text.split('.')[0]}.${(text.split('.')[1] ?? '').padEnd(8, '0')}`,
    )
  })

  it.each(['', '-1', '1.123456789', '1e5', '12.34.56', 'NaN', '.5', '90071992.54740993'])(
    'refuses %j',
    (text) => {
      expect(parseUnits(text)).toBeUndefined()
    },
  )

  it('multiplies exactly and truncates to 8 digits (quoteQty)', () => {
    // 43209.16 x 0.00057 = 24.6292212
    expect(formatUnits(multiplyUnits(4_320_916_000_000, 57_000))).toBe('24.62922120')
    // 0.00000001 x 0.5 = 0.000000005 -> truncated
    expect(formatUnits(multiplyUnits(1, 50_000_000))).toBe('0.00000000')
  })
})
