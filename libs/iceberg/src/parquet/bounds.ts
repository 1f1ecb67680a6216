import { encodeSingleValue, type SingleValue } from '../spec/single-value.js'
import type { PrimitiveType } from '../spec/types.js'

/**
 * Iceberg's default metrics mode, `truncate(16)` (spec: "Metrics"; table property
 * `write.metadata.metrics.default`): string bounds keep at most 16 Unicode code points and binary
 * bounds at most 16 bytes.
 */
export const DEFAULT_TRUNCATE_LENGTH = 16

/** Lower and upper bound of a column in single-value form (spec appendix D); absent = unknown. */
export interface EncodedBounds {
  readonly lower?: Uint8Array
  readonly upper?: Uint8Array
}

const MAX_CODE_POINT = 0x10ffff

/** A lower bound of `value` at most `length` code points long: its prefix. */
export function truncateStringMin(value: string, length: number): string {
  if (value.length <= length) return value
  return Array.from(value).slice(0, length).join('')
}

/**
 * An upper bound of `value` at most `length` code points long, as Java's
 * `UnicodeUtil.truncateStringMax`: the value itself if short enough, else its prefix with the last
 * code point that can be incremented incremented (dropping the code points after it), or
 * undefined when every code point is U+10FFFF. Surrogate code points are skipped (U+D7FF -> U+E000)
 * so the bound stays valid UTF-8.
 */
export function truncateStringMax(value: string, length: number): string | undefined {
  if (value.length <= length) return value
  const points = Array.from(value)
  if (points.length <= length) return value
  for (let i = length - 1; i >= 0; i--) {
    const point = points[i]!.codePointAt(0)!
    if (point < MAX_CODE_POINT) {
      const next = point + 1 === 0xd800 ? 0xe000 : point + 1
      return points.slice(0, i).join('') + String.fromCodePoint(next)
    }
  }
  return undefined
}

/** A lower bound of `value` at most `length` bytes long: its prefix. */
export function truncateBinaryMin(value: Uint8Array, length: number): Uint8Array {
  return value.length <= length ? value : value.slice(0, length)
}

/**
 * An upper bound of `value` at most `length` bytes long, as Java's `BinaryUtil.truncateBinaryMax`:
 * the prefix with its last byte below 0xFF incremented and the bytes after it dropped, or undefined
 * when all are 0xFF.
 */
export function truncateBinaryMax(value: Uint8Array, length: number): Uint8Array | undefined {
  if (value.length <= length) return value
  for (let i = length - 1; i >= 0; i--) {
    if (value[i]! < 0xff) {
      const out = value.slice(0, i + 1)
      out[i] = value[i]! + 1
      return out
    }
  }
  return undefined
}

/**
 * The encoded bounds of a primitive column from its exact minimum and maximum (null when the
 * column has no non-null value: then there are no bounds). Strings and binary are truncated.
 */
export function encodeBounds(
  type: PrimitiveType,
  min: SingleValue | null,
  max: SingleValue | null,
  truncateLength: number = DEFAULT_TRUNCATE_LENGTH,
): EncodedBounds {
  let lower = min
  let upper: SingleValue | null | undefined = max
  if (type === 'string') {
    if (typeof lower === 'string') lower = truncateStringMin(lower, truncateLength)
    if (typeof upper === 'string') upper = truncateStringMax(upper, truncateLength)
  } else if (type === 'binary') {
    if (lower instanceof Uint8Array) lower = truncateBinaryMin(lower, truncateLength)
    if (upper instanceof Uint8Array) upper = truncateBinaryMax(upper, truncateLength)
  }
  return {
    ...(lower === null ? {} : { lower: encodeSingleValue(type, lower) }),
    ...(upper === null || upper === undefined ? {} : { upper: encodeSingleValue(type, upper) }),
  }
}
