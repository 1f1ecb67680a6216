import { bigIntToBytes, bytesToBigInt } from '@k2/codecs'
import { decimalToUnscaled, type ExactDecimal } from '@k2/core'

import { IcebergError } from '../errors.js'
import { decimalParams, fixedLength, type PrimitiveType } from './types.js'

/**
 * A value as K2 hands it to Iceberg: numbers for int/date/float/double, bigints (or safe-integer
 * numbers) for long/time/timestamps, unscaled bigints or ExactDecimals for decimals, strings,
 * booleans and byte arrays. Decoding gives bigints for every 64-bit type and unscaled bigints for
 * decimals, so nothing is rounded.
 */
export type SingleValue = boolean | number | bigint | string | Uint8Array | ExactDecimal

/**
 * Binary single-value serialization (Iceberg spec, appendix D), used for column lower/upper bounds
 * in manifests and for partition bounds in manifest lists: little-endian fixed-width integers and
 * floats, UTF-8 strings without length, big-endian two's-complement unscaled decimals in the fewest
 * bytes, 16-byte big-endian UUIDs.
 */
export function encodeSingleValue(type: PrimitiveType, value: SingleValue): Uint8Array {
  switch (type) {
    case 'boolean':
      return Uint8Array.of(expect(type, value, typeof value === 'boolean') ? 1 : 0)
    case 'int':
    case 'date': {
      const buf = Buffer.alloc(4)
      buf.writeInt32LE(expectInt(type, value, -0x80000000, 0x7fffffff))
      return buf
    }
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'timestamp_ns':
    case 'timestamptz_ns': {
      const buf = Buffer.alloc(8)
      buf.writeBigInt64LE(toBigInt(type, value))
      return buf
    }
    case 'float': {
      const buf = Buffer.alloc(4)
      buf.writeFloatLE(expect(type, value, typeof value === 'number') as number)
      return buf
    }
    case 'double': {
      const buf = Buffer.alloc(8)
      buf.writeDoubleLE(expect(type, value, typeof value === 'number') as number)
      return buf
    }
    case 'string':
      return Buffer.from(expect(type, value, typeof value === 'string') as string, 'utf8')
    case 'uuid': {
      if (typeof value === 'string') {
        const hex = value.replace(/-/g, '')
        if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw invalid(type, value)
        return Buffer.from(hex, 'hex')
      }
      if (value instanceof Uint8Array && value.length === 16) return value
      throw invalid(type, value)
    }
    case 'binary':
      return expect(type, value, value instanceof Uint8Array) as Uint8Array
    default: {
      const decimal = decimalParams(type)
      if (decimal) return bigIntToBytes(unscaled(type, value, decimal.scale))
      const length = fixedLength(type)
      if (length !== undefined && value instanceof Uint8Array && value.length === length)
        return value
      throw invalid(type, value)
    }
  }
}

/** Decodes a binary single value (inverse of {@link encodeSingleValue}). */
export function decodeSingleValue(type: PrimitiveType, bytes: Uint8Array): SingleValue {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const need = (n: number) => {
    if (buf.length !== n) {
      throw new IcebergError(
        'ICEBERG_INVALID_VALUE',
        `${type} single value needs ${n} bytes, got ${buf.length}`,
      )
    }
  }
  switch (type) {
    case 'boolean':
      need(1)
      return buf[0] !== 0
    case 'int':
    case 'date':
      need(4)
      return buf.readInt32LE(0)
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'timestamp_ns':
    case 'timestamptz_ns':
      // Readers must accept 4-byte ints for longs promoted from int (spec: schema evolution).
      if (buf.length === 4) return BigInt(buf.readInt32LE(0))
      need(8)
      return buf.readBigInt64LE(0)
    case 'float':
      need(4)
      return buf.readFloatLE(0)
    case 'double':
      if (buf.length === 4) return buf.readFloatLE(0)
      need(8)
      return buf.readDoubleLE(0)
    case 'string':
      return buf.toString('utf8')
    case 'uuid': {
      need(16)
      const h = buf.toString('hex')
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
    }
    case 'binary':
      return Uint8Array.from(buf)
    default:
      if (decimalParams(type)) return bytesToBigInt(buf)
      if (fixedLength(type) !== undefined) {
        need(fixedLength(type) as number)
        return Uint8Array.from(buf)
      }
      throw new IcebergError('ICEBERG_INVALID_VALUE', `no single-value form for type ${type}`)
  }
}

function unscaled(type: PrimitiveType, value: SingleValue, scale: number): bigint {
  if (typeof value === 'bigint') return value
  if (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Uint8Array) &&
    'toFixed' in value
  ) {
    return decimalToUnscaled(value, scale)
  }
  throw invalid(type, value)
}

function toBigInt(type: PrimitiveType, value: SingleValue): bigint {
  if (typeof value === 'bigint') {
    if (value < -(1n << 63n) || value >= 1n << 63n) throw invalid(type, value)
    return value
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  throw invalid(type, value)
}

function expectInt(type: PrimitiveType, value: SingleValue, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(type, value)
  }
  return value
}

function expect(type: PrimitiveType, value: SingleValue, ok: boolean): SingleValue {
  if (!ok) throw invalid(type, value)
  return value
}

function invalid(type: PrimitiveType, value: unknown): IcebergError {
  const shown =
    typeof value === 'bigint'
      ? `${value}n`
      : value instanceof Uint8Array
        ? `<${value.length} bytes>`
        : JSON.stringify(value)
  return new IcebergError('ICEBERG_INVALID_VALUE', `${shown} is not a valid ${type} value`)
}
