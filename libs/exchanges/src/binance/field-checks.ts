import { DECIMAL_18_8 } from '@k2/core'

/**
 * Allocation-free checks shared by the trade-event and REST-item validators. They return a reason
 * (or false) instead of throwing, so the frame hot path never pays for an exception.
 */

/**
 * Largest epoch-ms value accepted: its µs (x 1000) is still a safe integer, and it stays far
 * below 10^15, the point where `toMicros` would read an integer as µs instead of ms (D2).
 */
export const MAX_EPOCH_MS = Math.floor(Number.MAX_SAFE_INTEGER / 1000)

/** A JSON number that is an integer in 0..2^53-1 (trade ids). */
export function isSequence(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/** A JSON number that is a whole number of ms in 0..{@link MAX_EPOCH_MS} (E, T, time). */
export function isEpochMs(value: unknown): value is number {
  return (
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_EPOCH_MS
  )
}

const ZERO = 48
const NINE = 57
const DOT = 46
const MINUS = 45
/** No decimal(18,8) value needs more characters than this, even with padding zeros. */
const MAX_DECIMAL_TEXT = 64
// Read once: the limits of decimal(18,8) as plain numbers for the per-character loop.
const MAX_INTEGER_DIGITS = DECIMAL_18_8.precision - DECIMAL_18_8.scale
const MAX_FRACTION_DIGITS = DECIMAL_18_8.scale

/**
 * Why `text` is not a price or quantity as Binance writes them (`"43210.12000000"`), or null when
 * it is one: plain unsigned digits with at most one `.` that has digits on both sides (no sign,
 * exponent, NaN, Infinity, spaces), at most 10 integer digits without leading zeros and at most 8
 * fractional digits without trailing zeros (decimal(18,8), D2). One pass over the characters.
 */
export function decimalTextProblem(text: string): string | null {
  const n = text.length
  if (n === 0) return 'must be a non-empty decimal string'
  if (n > MAX_DECIMAL_TEXT) return `is longer than ${MAX_DECIMAL_TEXT} characters`
  if (text.charCodeAt(0) === MINUS) return 'must not be negative'
  let i = 0
  let integerDigits = 0
  for (; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === DOT) break
    if (c < ZERO || c > NINE) return 'is not a plain decimal number'
    if (integerDigits > 0 || c !== ZERO) integerDigits++
  }
  if (i === 0) return 'is not a plain decimal number'
  let fractionDigits = 0
  if (i < n) {
    const start = i + 1
    if (start === n) return 'is not a plain decimal number'
    for (let j = start; j < n; j++) {
      const c = text.charCodeAt(j)
      if (c < ZERO || c > NINE) return 'is not a plain decimal number'
      if (c !== ZERO) fractionDigits = j - i
    }
  }
  if (integerDigits > MAX_INTEGER_DIGITS)
    return `has more than ${MAX_INTEGER_DIGITS} integer digits`
  if (fractionDigits > MAX_FRACTION_DIGITS) {
    return `has more than ${MAX_FRACTION_DIGITS} fractional digits`
  }
  return null
}
