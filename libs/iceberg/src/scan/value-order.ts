import { decodeSingleValue, encodeSingleValue, type SingleValue } from '../spec/single-value.js'
import type { PrimitiveType } from '../spec/types.js'

/**
 * A value in the one form used for comparisons: what `decodeSingleValue` gives (bigints for every
 * 64-bit type and for unscaled decimals, numbers for int/date/float, strings, byte arrays). A filter
 * value in any accepted form (µs number, ExactDecimal, ...) is normalised by a round trip through
 * the binary single-value form, so it compares exactly with decoded bounds.
 */
export function normalizeValue(type: PrimitiveType, value: SingleValue): SingleValue {
  return decodeSingleValue(type, encodeSingleValue(type, value))
}

/**
 * Iceberg's order for values of one type: numeric for numbers and bigints, unsigned byte order of
 * the UTF-8 encoding for strings (spec: bounds of strings compare as UTF-8 bytes), byte order for
 * binary, false < true.
 */
export function compareValues(a: SingleValue, b: SingleValue): number {
  if (typeof a === 'string' && typeof b === 'string') {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b)
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  if (
    (typeof a === 'bigint' || typeof a === 'number') &&
    (typeof b === 'bigint' || typeof b === 'number')
  ) {
    if (typeof a === 'bigint' || typeof b === 'bigint') {
      const x = typeof a === 'bigint' ? a : BigInt(Math.trunc(a))
      const y = typeof b === 'bigint' ? b : BigInt(Math.trunc(b))
      return x < y ? -1 : x > y ? 1 : 0
    }
    return a < b ? -1 : a > b ? 1 : 0
  }
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
}
