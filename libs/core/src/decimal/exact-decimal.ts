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
// The common case, as exchanges send prices: unsigned plain notation ("43210.12345678").
const PLAIN_UNSIGNED = /^(\d+)(?:\.(\d+))?$/

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

/**
 * Fast path of {@link parseDecimal} for plain unsigned text: the limits are checked by counting
 * digits, without decimal.js arithmetic. Returns undefined when the text is not plain or breaks a
 * limit, so the general path gives the precise error.
 */
function parsePlainWithinLimits(value: string, limits: DecimalLimits): ExactDecimal | undefined {
  const m = PLAIN_UNSIGNED.exec(value)
  if (m === null) return undefined
  const integer = (m[1] as string).replace(/^0+/, '')
  const fraction = (m[2] ?? '').replace(/0+$/, '')
  // Integer digits <= precision - scale and fraction digits <= scale bound the significant digits
  // by the precision too.
  if (integer.length > limits.precision - limits.scale || fraction.length > limits.scale)
    return undefined
  return integer.length === 0 && fraction.length === 0
    ? new ExactDecimal(0)
    : new ExactDecimal(value)
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

/** The decimal whose unscaled integer at `scale` is `unscaled` (inverse of {@link decimalToUnscaled}). */
export function decimalFromUnscaled(
  unscaled: bigint,
  scale: number = DECIMAL_18_8.scale,
): ExactDecimal {
  return new ExactDecimal(unscaled.toString()).dividedBy(powerOfTen(scale))
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
