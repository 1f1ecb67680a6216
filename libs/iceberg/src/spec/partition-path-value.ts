import { decimalToUnscaled, ExactDecimal } from '@k2/core'

import {
  humanDay,
  humanHour,
  humanMonth,
  humanTime,
  humanTimestamp,
  humanTimestamptz,
  humanYear,
} from './epoch-time.js'
import type { SingleValue } from './single-value.js'
import type { Transform } from './transforms.js'
import { decimalParams, type IcebergType } from './types.js'

/**
 * The human-readable form of a transformed value, as Java's `Transform.toHumanString` and
 * pyiceberg's `to_human_string` print it in data-file paths: `2025-11-26` for `day`, `2025-11`
 * for `month`, `2025-11-26-13` for `hour`, ISO forms for dates and times, base64 for bytes,
 * decimals as Java's `BigDecimal.toString()`, `null` for null. Timestamps print as pyiceberg
 * does (`2025-11-26T13:45:00+00:00`); Java differs in the zone suffix. Readers never parse these
 * strings (partition values live in manifests), so only stability matters.
 */
export function humanString(
  transform: Transform,
  sourceType: IcebergType,
  value: SingleValue | null | undefined,
): string {
  if (value === null || value === undefined || transform.name === 'void') return 'null'
  switch (transform.name) {
    case 'year':
      return humanYear(Number(value))
    case 'month':
      return humanMonth(Number(value))
    case 'day':
      return humanDay(Number(value))
    case 'hour':
      return humanHour(Number(value))
    case 'bucket':
      return String(value)
    default:
      return humanValue(transform.resultType(sourceType), value)
  }
}

/**
 * {@link humanString}, URL-encoded for a path segment the way pyiceberg's `partition_to_path`
 * does (`quote_plus(..., safe="")`): everything but letters, digits and `_.-~` is %-encoded and
 * spaces become `+`. Used as the `VALUE` of `name=VALUE` directories.
 */
export function partitionPathValue(
  transform: Transform,
  sourceType: IcebergType,
  value: SingleValue | null | undefined,
): string {
  return quotePlus(humanString(transform, sourceType, value))
}

/** URL-encodes like Python's `urllib.parse.quote_plus(text, safe="")`. */
export function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
}

function humanValue(type: IcebergType, value: SingleValue): string {
  if (value instanceof Uint8Array) {
    if (type !== 'uuid') return Buffer.from(value).toString('base64')
    const h = Buffer.from(value).toString('hex')
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
  }
  switch (type) {
    case 'date':
      return humanDay(Number(value))
    case 'time':
      return humanTime(BigInt(value as number | bigint))
    case 'timestamp':
      return humanTimestamp(BigInt(value as number | bigint))
    case 'timestamptz':
      return humanTimestamptz(BigInt(value as number | bigint))
    case 'boolean':
      return value ? 'true' : 'false'
    case 'float':
    case 'double':
      // Python's repr and Java's toString keep a `.0` on whole numbers.
      return Number.isInteger(value) ? `${String(value)}.0` : String(value)
    default: {
      const decimal = decimalParams(type)
      if (decimal !== undefined) {
        const u = ExactDecimal.isDecimal(value)
          ? decimalToUnscaled(value as ExactDecimal, decimal.scale)
          : BigInt(value as bigint)
        return javaDecimalString(u, decimal.scale)
      }
      return String(value)
    }
  }
}

/**
 * `BigDecimal.toString()` (and Python's `str(Decimal)`) of unscaled value `u` at `scale`: plain
 * notation unless the adjusted exponent is below -6, then scientific (`0E-8`, `1.5E-7`).
 */
export function javaDecimalString(u: bigint, scale: number): string {
  const negative = u < 0n
  const digits = (negative ? -u : u).toString()
  const sign = negative ? '-' : ''
  const adjusted = digits.length - 1 - scale
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) return sign + digits
    const padded = digits.padStart(scale + 1, '0')
    return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
  return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`
}
