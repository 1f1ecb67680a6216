import { describe, expect, it } from 'vitest'

import { CoreError } from '../errors/index.js'
import { ExactDecimal, parseDecimal, type DecimalLimits } from './exact-decimal.js'

/**
 * parseDecimal builds plain unsigned text (what exchanges send) without decimal.js's parser. These
 * tests hold it to the rules of D2 applied the slow way: decimal.js parses, decimal.js arithmetic
 * checks the limits. Same decimal (sign, exponent, base-10^7 words, property order) or the same
 * error, for random text of every shape.
 */

const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** The rules of D2, written with decimal.js only: the value or the error message. */
function reference(text: string, limits: DecimalLimits): ExactDecimal | string {
  const fail = (reason: string, shown: string): string => `x: ${JSON.stringify(shown)} ${reason}`
  if (!DECIMAL_TEXT.test(text)) return fail('is not a decimal number', text)
  const d = new ExactDecimal(text)
  if (d.isZero()) return new ExactDecimal(0)
  if (d.isNegative()) return fail('must not be negative', d.toString())
  if (d.decimalPlaces() > limits.scale) {
    return fail(`has more than ${limits.scale} fractional digits`, d.toString())
  }
  if (d.precision(true) > limits.precision) {
    return fail(`has more than ${limits.precision} significant digits`, d.toString())
  }
  const integerDigits = limits.precision - limits.scale
  if (d.gte(new ExactDecimal(10).pow(integerDigits))) {
    return fail(`has more than ${integerDigits} integer digits`, d.toString())
  }
  return d
}

function actual(text: string, limits: DecimalLimits): ExactDecimal | string {
  try {
    return parseDecimal('x', text, limits)
  } catch (err) {
    expect(err).toBeInstanceOf(CoreError)
    expect((err as CoreError).code).toBe('CORE_INVALID_DECIMAL')
    return (err as CoreError).message
  }
}

/** What a decimal.js instance is made of, in property order. */
function parts(d: ExactDecimal): unknown {
  return { keys: Object.keys(d), s: d.s, e: d.e, d: [...d.d], constructor: d.constructor }
}

/** Deterministic random text: mostly plain decimals, sometimes signs, exponents, stray dots. */
function randomTexts(seed: number, count: number): string[] {
  let state = seed >>> 0
  const next = (n: number): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
    return (state >>> 8) % n
  }
  const digits = (n: number): string => {
    let out = ''
    for (let i = 0; i < n; i++) out += next(4) === 0 ? '0' : String(next(10))
    return out
  }
  const texts: string[] = []
  for (let i = 0; i < count; i++) {
    let text = '0'.repeat(next(3) === 0 ? next(4) : 0) + digits(next(14))
    if (next(4) !== 0) text += '.' + digits(next(12)) + '0'.repeat(next(3) === 0 ? next(5) : 0)
    switch (next(12)) {
      case 0:
        text = '-' + text
        break
      case 1:
        text = '+' + text
        break
      case 2:
        text += `e${next(2) === 0 ? '-' : ''}${next(12)}`
        break
      case 3:
        text = text.replace(/^\d*/, '')
        break
      case 4:
        text += next(2) === 0 ? '.' : ' '
        break
    }
    texts.push(text)
  }
  return texts
}

describe('parseDecimal equals the decimal.js way of D2', () => {
  it.each([
    ['decimal(18,8)', { precision: 18, scale: 8 }],
    ['decimal(38,18)', { precision: 38, scale: 18 }],
    ['decimal(9,0)', { precision: 9, scale: 0 }],
    ['decimal(7,7)', { precision: 7, scale: 7 }],
  ])('for 10,000 random texts at %s', (_name, limits) => {
    let accepted = 0
    for (const text of randomTexts(limits.precision * 100 + limits.scale, 10_000)) {
      const want = reference(text, limits)
      const got = actual(text, limits)
      if (typeof want === 'string') {
        expect(got, JSON.stringify(text)).toBe(want)
      } else {
        accepted++
        expect(got, JSON.stringify(text)).toBeInstanceOf(ExactDecimal)
        expect(parts(got as ExactDecimal), JSON.stringify(text)).toEqual(parts(want))
      }
    }
    // Both outcomes are well represented, or the comparison would prove little.
    expect(accepted).toBeGreaterThan(500)
    expect(accepted).toBeLessThan(9_500)
  })

  it.each([
    '1',
    '9999999',
    '10000000',
    '1234567.1234567',
    '0.0000001',
    '0.00000001',
    '9999999999.99999999',
    '0001.1000',
    '100000000',
    '0.10000000',
    '42150.01000000',
  ])('builds %j exactly as new ExactDecimal(text) does (word boundaries)', (text) => {
    expect(parts(parseDecimal('x', text))).toEqual(parts(new ExactDecimal(text)))
  })
})
