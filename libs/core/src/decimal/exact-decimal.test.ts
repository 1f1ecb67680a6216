import { Decimal as ForeignDecimal } from 'decimal.js'
import { describe, expect, it } from 'vitest'

import { CoreError } from '../errors/index.js'
import {
  DECIMAL_18_8,
  ExactDecimal,
  decimalFromUnscaled,
  decimalToUnscaled,
  formatDecimal,
  parseDecimal,
} from './exact-decimal.js'

/** Runs `fn` and returns the CoreError it throws (fails the test when it does not throw one). */
function thrown(fn: () => unknown): CoreError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(CoreError)
    return err as CoreError
  }
  throw new Error('expected a CoreError, nothing was thrown')
}

describe('parseDecimal: accepted values (D2 decimal(18,8))', () => {
  it.each([
    ['0', '0'],
    ['0.00000001', '0.00000001'],
    ['9999999999.99999999', '9999999999.99999999'],
    ['123.45000000', '123.45'],
    ['1', '1'],
    ['+1.5', '1.5'],
    ['.5', '0.5'],
    ['7.', '7'],
    ['1e-8', '0.00000001'],
    ['1.5E3', '1500'],
    ['0000012.5', '12.5'],
  ])('%j -> %s', (text, plain) => {
    const d = parseDecimal('price', text)
    expect(d).toBeInstanceOf(ExactDecimal)
    expect(formatDecimal(d)).toBe(plain)
  })

  it('keeps every digit of the largest value exactly (no float rounding)', () => {
    const d = parseDecimal('price', '9999999999.99999999')
    expect(formatDecimal(d, 8)).toBe('9999999999.99999999')
    expect(decimalToUnscaled(d)).toBe(999999999999999999n)
  })

  it.each([
    ['an ExactDecimal', new ExactDecimal('42.125'), '42.125'],
    ['a decimal.js Decimal', new ForeignDecimal('0.00000001'), '0.00000001'],
    ['a decimal.js Decimal with trailing zeros', new ForeignDecimal('1.10000000'), '1.1'],
  ])('accepts %s', (_name, value, plain) => {
    const d = parseDecimal('quantity', value)
    expect(d).toBeInstanceOf(ExactDecimal)
    expect(formatDecimal(d)).toBe(plain)
  })

  it.each(['-0', '-0.00000000', '+0', '0e5', '-0.000000000000'])('normalises %j to 0', (text) => {
    const d = parseDecimal('price', text)
    expect(d.isZero()).toBe(true)
    expect(d.isNegative()).toBe(false)
    expect(formatDecimal(d)).toBe('0')
    expect(formatDecimal(d, 8)).toBe('0.00000000')
  })

  it('normalises a negative-zero Decimal instance to 0', () => {
    const d = parseDecimal('price', new ExactDecimal('-0'))
    expect(d.isNegative()).toBe(false)
    expect(formatDecimal(d)).toBe('0')
  })
})

describe('parseDecimal: rejected values name the field and the limit', () => {
  it.each([
    // [case, value, text the message must contain besides the field]
    ['negative', '-1', 'must not be negative'],
    ['negative fraction', '-0.00000001', 'must not be negative'],
    ['9 fractional digits', '0.000000001', '8 fractional digits'],
    ['9 fractional digits on a large value', '1.123456789', '8 fractional digits'],
    ['9 fractional digits in exponent form', '1e-9', '8 fractional digits'],
    ['11 integer digits', '10000000000', '10 integer digits'],
    ['11 integer digits in exponent form', '1e10', '10 integer digits'],
    ['just above the max', '10000000000.00000000', '10 integer digits'],
    ['19 significant digits', '12345678901.12345678', '18 significant digits'],
  ])('%s (%j)', (_case, value, limitText) => {
    const err = thrown(() => parseDecimal('price', value))
    expect(err.code).toBe('CORE_INVALID_DECIMAL')
    expect(err.retriable).toBe(false)
    expect(err.message).toContain('price')
    expect(err.message).toContain(limitText)
    expect(err.context).toMatchObject({ field: 'price' })
  })

  it.each([
    'abc',
    '0x10',
    '0b1',
    '0o7',
    '',
    ' 1',
    '1 ',
    'NaN',
    'Infinity',
    '-Infinity',
    '1,5',
    '1..2',
    '.',
    '1e',
    '--1',
  ])('rejects non-number text %j', (value) => {
    const err = thrown(() => parseDecimal('quantity', value))
    expect(err.code).toBe('CORE_INVALID_DECIMAL')
    expect(err.retriable).toBe(false)
    expect(err.message).toContain('quantity')
    expect(err.message).toContain('is not a decimal number')
  })

  it.each([
    ['a float', 1.5],
    ['an integer', 1],
    ['NaN', Number.NaN],
    ['a bigint', 10n],
    ['null', null],
    ['undefined', undefined],
    ['an object', { value: '1' }],
  ])('rejects %s (type escape)', (_name, value) => {
    const err = thrown(() => parseDecimal('bid_price', value as never))
    expect(err.code).toBe('CORE_INVALID_DECIMAL')
    expect(err.message).toContain('bid_price')
    expect(err.message).toContain('must be a decimal string')
  })

  it.each([
    ['NaN', new ExactDecimal(Number.NaN), 'is not a finite number'],
    ['Infinity', new ExactDecimal(Infinity), 'is not a finite number'],
    ['a negative', new ForeignDecimal('-5'), 'must not be negative'],
    ['9 fractional digits', new ForeignDecimal('0.000000001'), '8 fractional digits'],
    ['11 integer digits', new ForeignDecimal('12345678901'), '10 integer digits'],
  ])('rejects a Decimal instance that is %s', (_name, value, limitText) => {
    const err = thrown(() => parseDecimal('ask_price', value))
    expect(err.code).toBe('CORE_INVALID_DECIMAL')
    expect(err.message).toContain('ask_price')
    expect(err.message).toContain(limitText)
  })

  it('applies custom limits', () => {
    const limits = { precision: 5, scale: 2 }
    expect(formatDecimal(parseDecimal('x', '999.99', limits))).toBe('999.99')
    expect(thrown(() => parseDecimal('x', '0.001', limits)).message).toContain(
      '2 fractional digits',
    )
    expect(thrown(() => parseDecimal('x', '1000', limits)).message).toContain('3 integer digits')
  })
})

describe('unscaled integers (Avro bytes decimal(18,8))', () => {
  it.each([
    ['0', 0n],
    ['0.00000001', 1n],
    ['1', 100_000_000n],
    ['1.5', 150_000_000n],
    ['123.45', 12_345_000_000n],
    ['9999999999.99999999', 999_999_999_999_999_999n],
    ['0.12345678', 12_345_678n],
  ])('%s <-> %s', (text, unscaled) => {
    const d = parseDecimal('price', text)
    expect(decimalToUnscaled(d)).toBe(unscaled)
    expect(decimalToUnscaled(d, DECIMAL_18_8.scale)).toBe(unscaled)
    const back = decimalFromUnscaled(unscaled)
    expect(back.eq(d)).toBe(true)
    expect(formatDecimal(back)).toBe(formatDecimal(d))
  })

  it('round-trips every unscaled value exactly, including ones beyond 2^53', () => {
    const values = [
      1n,
      2n ** 53n - 1n,
      2n ** 53n,
      2n ** 53n + 1n,
      123_456_789_012_345_678n,
      999_999_999_999_999_999n,
      999_999_999_999_999_998n,
    ]
    for (const unscaled of values) {
      expect(decimalToUnscaled(decimalFromUnscaled(unscaled))).toBe(unscaled)
    }
  })

  it('builds the same decimal as dividing by 10^scale, from a bigint or a safe-integer number', () => {
    let seed = 7
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31)
    for (let i = 0; i < 2_000; i++) {
      const digits = 1 + (next() % 18)
      const text = String(next()).padStart(10, '0') + String(next()).padStart(10, '0')
      const unscaled = BigInt(text.slice(0, digits)) * (next() % 2 === 0 ? 1n : -1n)
      const scale = next() % 12
      const divided = new ExactDecimal(unscaled.toString()).dividedBy(
        new ExactDecimal(10).pow(scale),
      )
      const built = decimalFromUnscaled(unscaled, scale)
      expect({ s: built.s, e: built.e, d: built.d }).toEqual({
        s: divided.s,
        e: divided.e,
        d: divided.d,
      })
      if (Number.isSafeInteger(Number(unscaled))) {
        expect(decimalFromUnscaled(Number(unscaled), scale).eq(divided)).toBe(true)
      }
    }
    expect(() => decimalFromUnscaled(2 ** 60)).toThrow(/safe integer/)
  })

  it('round-trips negative unscaled values (bytes decimals are signed)', () => {
    expect(formatDecimal(decimalFromUnscaled(-1n))).toBe('-0.00000001')
    expect(decimalToUnscaled(new ExactDecimal('-1.5'))).toBe(-150_000_000n)
  })

  it('uses the given scale', () => {
    expect(decimalToUnscaled(new ExactDecimal('1.5'), 2)).toBe(150n)
    expect(formatDecimal(decimalFromUnscaled(150n, 2))).toBe('1.5')
    expect(formatDecimal(decimalFromUnscaled(7n, 0))).toBe('7')
  })

  it('refuses to drop digits that do not fit the scale', () => {
    const err = thrown(() => decimalToUnscaled(new ExactDecimal('0.000000001')))
    expect(err.code).toBe('CORE_INVALID_DECIMAL')
    expect(err.message).toContain('8 fractional digits')
  })
})

describe('formatDecimal', () => {
  it.each([
    [new ExactDecimal('1e-8'), undefined, '0.00000001'],
    [new ExactDecimal('1e-8'), 8, '0.00000001'],
    [decimalFromUnscaled(1n), undefined, '0.00000001'],
    [new ExactDecimal('1e-30'), undefined, '0.000000000000000000000000000001'],
    [new ExactDecimal('1e21'), undefined, '1000000000000000000000'],
    [new ExactDecimal('1e25'), undefined, '10000000000000000000000000'],
    [new ForeignDecimal('1e-8'), undefined, '0.00000001'],
    [new ForeignDecimal('1e25'), undefined, '10000000000000000000000000'],
    [new ExactDecimal('0.1'), 8, '0.10000000'],
    [new ExactDecimal('123.45'), 8, '123.45000000'],
    [new ExactDecimal('0'), 8, '0.00000000'],
    [new ExactDecimal('9999999999.99999999'), undefined, '9999999999.99999999'],
  ])('%s (scale %s) -> %s', (d, scale, text) => {
    const out = formatDecimal(d, scale)
    expect(out).toBe(text)
    expect(out).not.toMatch(/e/i)
  })

  it('never uses exponent notation for any valid decimal(18,8)', () => {
    for (let exp = -8; exp <= 9; exp++) {
      const d = parseDecimal('price', `1e${exp}`)
      expect(formatDecimal(d)).not.toMatch(/e/i)
      expect(formatDecimal(d, 8)).not.toMatch(/e/i)
      expect(d.toString()).not.toMatch(/e/i)
    }
  })
})
