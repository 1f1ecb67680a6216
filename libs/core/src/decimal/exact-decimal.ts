import { Decimal as DecimalJs } from 'decimal.js'

import { CoreError } from '../errors/index.js'

/**
 * Exact decimal arithmetic for prices and quantities (D2: never JS floats). A private decimal.js
 * constructor with enough precision for any decimal(38, s) product and no exponent notation in
 * `toString()`, so values print as they were written.
 */
export const ExactDecimal = DecimalJs.clone({
  precision: 60,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -100,
  toExpPos: 100,
})

/** An exact decimal value (a decimal.js instance). */
export type ExactDecimal = DecimalJs

/** Limits of a `decimal(precision, scale)` column, as used by D2 and the Avro schemas. */
export interface DecimalLimits {
  /** Total significant digits allowed (18 for prices and quantities). */
  readonly precision: number
  /** Fractional digits allowed (8 for prices and quantities). */
  readonly scale: number
}

/** decimal(18,8): the type of every price and quantity in K2. */
export const DECIMAL_18_8: DecimalLimits = { precision: 18, scale: 8 }

// Plain or scientific decimal notation; rejects decimal.js's hex/octal/binary forms and whitespace.
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

const POWERS_OF_TEN = new Map<number, ExactDecimal>()

/** 10^n as an ExactDecimal, computed once per n. */
function powerOfTen(n: number): ExactDecimal {
  let p = POWERS_OF_TEN.get(n)
  if (p === undefined) {
    p = new ExactDecimal(10).pow(n)
    POWERS_OF_TEN.set(n, p)
  }
  return p
}

/** Digits per word of decimal.js's coefficient array (its LOG_BASE: words are base 10^7). */
const WORD_DIGITS = 7

/**
 * Fast path of {@link parseDecimal} for plain unsigned text (`123`, `0.00100000`), as exchanges
 * send prices: one pass over the characters checks the syntax and counts the digits against the
 * limits, then the decimal is built without decimal.js's string parser (a regular expression, a
 * `replace` and a slice per 7-digit word). Returns undefined when the text is not plain (or has a
 * leading '.' or a trailing '.', which the general path accepts) or breaks a limit, so the general
 * path gives the precise error.
 *
 * The result is the instance `new ExactDecimal(value)` gives: sign `s` 1, exponent `e` of the
 * first significant digit, coefficient `d` in base-10^7 words aligned so that the first word holds
 * (e + 1) mod 7 digits (7 when that is 0) and the last is padded with zeros to 7 digits (the
 * public `d`, `e`, `s` of decimal.d.ts, as decimal.js's own `parseDecimal` builds them; written
 * here through a cast because the typings mark them readonly). Tests compare the two on many
 * random inputs, so a decimal.js upgrade (pinned, D11) that changed this would fail there.
 */
function parsePlainWithinLimits(value: string, limits: DecimalLimits): ExactDecimal | undefined {
  const length = value.length
  if (length === 0) return undefined
  // One pass: the syntax, the '.' and the first and last significant (non-zero) digits.
  let dot = -1
  let first = -1
  let last = -1
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i)
    if (c === 0x2e) {
      if (dot >= 0 || i === 0 || i === length - 1) return undefined
      dot = i
    } else if (c < 0x30 || c > 0x39) {
      return undefined
    } else if (c !== 0x30) {
      if (first < 0) first = i
      last = i
    }
  }
  if (first < 0) return new ExactDecimal(0)
  const integerEnd = dot < 0 ? length : dot
  const integerDigits = first < integerEnd ? integerEnd - first : 0
  const fractionDigits = dot >= 0 && last > dot ? last - dot : 0
  // Integer digits <= precision - scale and fraction digits <= scale bound the significant digits
  // by the precision too.
  if (integerDigits > limits.precision - limits.scale || fractionDigits > limits.scale) {
    return undefined
  }
  // Base-10 exponent of the first significant digit.
  const e = first < integerEnd ? integerEnd - first - 1 : dot - first
  let width = (e + 1) % WORD_DIGITS
  if (e < 0) width += WORD_DIGITS
  if (width === 0) width = WORD_DIGITS
  const words: number[] = []
  let word = 0
  let filled = 0
  for (let i = first; i <= last; i++) {
    if (i === dot) continue
    word = word * 10 + (value.charCodeAt(i) - 0x30)
    if (++filled === width) {
      words.push(word)
      word = 0
      filled = 0
      width = WORD_DIGITS
    }
  }
  if (filled > 0) {
    for (; filled < width; filled++) word *= 10
    words.push(word)
  }
  const d = new ExactDecimal(0) as unknown as { e: number; d: number[] }
  d.e = e
  d.d = words
  return d as unknown as ExactDecimal
}

/**
 * Parses and validates a price or quantity. Rejects, each with a `CORE_INVALID_DECIMAL` error that
 * names the field and the limit: non-numbers, negatives, more than `scale` fractional digits, more
 * than `precision` significant digits and more than `precision - scale` integer digits (D2).
 */
export function parseDecimal(
  field: string,
  value: string | ExactDecimal,
  limits: DecimalLimits = DECIMAL_18_8,
): ExactDecimal {
  let d: ExactDecimal
  if (typeof value === 'string') {
    const fast = parsePlainWithinLimits(value, limits)
    if (fast !== undefined) return fast
    if (!DECIMAL_TEXT.test(value)) {
      throw invalid(field, value, 'is not a decimal number')
    }
    d = new ExactDecimal(value)
  } else if (DecimalJs.isDecimal(value)) {
    if (!value.isFinite()) throw invalid(field, value.toString(), 'is not a finite number')
    d = new ExactDecimal(value)
  } else {
    throw invalid(field, String(value), 'must be a decimal string, not a ' + typeof value)
  }
  if (d.isZero()) return new ExactDecimal(0) // normalises -0
  if (d.isNegative()) throw invalid(field, d.toString(), 'must not be negative')
  if (d.decimalPlaces() > limits.scale) {
    throw invalid(field, d.toString(), `has more than ${limits.scale} fractional digits`)
  }
  if (d.precision(true) > limits.precision) {
    throw invalid(field, d.toString(), `has more than ${limits.precision} significant digits`)
  }
  const maxIntegerDigits = limits.precision - limits.scale
  if (d.gte(powerOfTen(maxIntegerDigits))) {
    throw invalid(field, d.toString(), `has more than ${maxIntegerDigits} integer digits`)
  }
  return d
}

/** The unscaled integer of `d` at `scale` (e.g. 1.5 at scale 8 -> 150000000n). `d` must fit. */
export function decimalToUnscaled(d: ExactDecimal, scale: number = DECIMAL_18_8.scale): bigint {
  const scaled = d.times(powerOfTen(scale))
  if (!scaled.isInteger()) {
    throw new CoreError(
      'CORE_INVALID_DECIMAL',
      `${d.toString()} has more than ${scale} fractional digits`,
      {
        context: { value: d.toString(), scale },
      },
    )
  }
  return BigInt(scaled.toFixed(0))
}

/**
 * The decimal whose unscaled integer at `scale` is `unscaled` (inverse of {@link decimalToUnscaled}).
 * Built from its plain text by the parser's fast path (no decimal.js division): the value is the
 * unscaled digits with the point put `scale` digits from the right.
 */
export function decimalFromUnscaled(
  unscaled: bigint | number,
  scale: number = DECIMAL_18_8.scale,
): ExactDecimal {
  const negative = unscaled < 0
  const digits = (negative ? -unscaled : unscaled).toString()
  if (typeof unscaled === 'number' && !Number.isSafeInteger(unscaled)) {
    throw new CoreError('CORE_INVALID_DECIMAL', `unscaled ${digits} is not a safe integer`, {
      context: { value: digits, scale },
    })
  }
  let text = digits
  if (scale > 0) {
    text =
      digits.length > scale
        ? `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`
        : `0.${digits.padStart(scale, '0')}`
  }
  const plain = parsePlainWithinLimits(text, { precision: digits.length + scale, scale })
  const d = plain ?? new ExactDecimal(text)
  return negative ? d.negated() : d
}

/** Plain decimal text (no exponent) with exactly `scale` fractional digits, e.g. `"0.10000000"`. */
export function formatDecimal(d: ExactDecimal, scale?: number): string {
  return scale === undefined ? new ExactDecimal(d).toFixed() : new ExactDecimal(d).toFixed(scale)
}

function invalid(field: string, value: string, reason: string): CoreError {
  return new CoreError('CORE_INVALID_DECIMAL', `${field}: ${JSON.stringify(value)} ${reason}`, {
    context: { field, value },
  })
}
