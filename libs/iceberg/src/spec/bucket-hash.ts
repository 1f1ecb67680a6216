import { IcebergError } from '../errors.js'
import { floorDiv } from './epoch-time.js'
import { murmur3X86_32 } from './murmur3.js'
import { encodeSingleValue, type SingleValue } from './single-value.js'
import { decimalParams, fixedLength, type PrimitiveType } from './types.js'

/**
 * The 32-bit hash of a value for the `bucket[N]` transform (spec appendix B): murmur3_x86_32,
 * seed 0, of the value's bytes. Those bytes are its single-value form (appendix D) except that
 * int and date hash as 8-byte longs, so that promoting int to long keeps every bucket, and
 * nanosecond timestamps hash as their microseconds.
 */
export function bucketHash(type: PrimitiveType, value: SingleValue): number {
  return murmur3X86_32(hashBytes(type, value))
}

/** True when the spec defines a bucket hash for `type` (not for boolean, float or double). */
export function isBucketable(type: PrimitiveType): boolean {
  switch (type) {
    case 'boolean':
    case 'float':
    case 'double':
      return false
    default:
      return true
  }
}

function hashBytes(type: PrimitiveType, value: SingleValue): Uint8Array {
  switch (type) {
    case 'int':
    case 'date':
      if (typeof value !== 'number' || !Number.isInteger(value)) break
      return encodeSingleValue('long', value)
    case 'timestamp_ns':
    case 'timestamptz_ns':
      if (typeof value !== 'bigint' && typeof value !== 'number') break
      return encodeSingleValue('long', floorDiv(BigInt(value), 1000n))
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'string':
    case 'uuid':
    case 'binary':
      return encodeSingleValue(type, value)
    default:
      if (decimalParams(type) !== undefined || fixedLength(type) !== undefined) {
        return encodeSingleValue(type, value)
      }
  }
  throw new IcebergError('ICEBERG_INVALID_VALUE', `cannot bucket-hash ${String(value)} as ${type}`)
}
