import { bigIntToBytes, bytesToBigInt } from '@k2/codecs'

import { IcebergError } from '../../errors.js'
import { decimalParams, fixedLength, type PrimitiveType } from '../../spec/types.js'
import {
  ConvertedType,
  PhysicalType,
  type LogicalType,
  type SchemaElement,
} from '../format/parquet-metadata.js'
import { BinarySink, FixedSink, StringSink } from './bytes-sinks.js'
import {
  BooleanSink,
  decimalConvert,
  FloatingSink,
  Int32Sink,
  Int64Sink,
  int32Convert,
  int64Convert,
  INT64_RANGE,
} from './number-sinks.js'
import { invalidValue } from './value-error.js'
import type { ValueSink } from './value-sink.js'

/**
 * How one Iceberg primitive type is stored in Parquet (Iceberg spec, "Parquet" type mapping):
 * the schema annotations of its leaf and the sink that checks and holds its values.
 */
export interface PrimitiveLayout {
  readonly type: PrimitiveType
  /** Physical type, length, converted and logical type of the leaf's schema element. */
  readonly element: Omit<SchemaElement, 'name' | 'repetition' | 'fieldId'>
  readonly newSink: () => ValueSink
}

const MICROS_PER_DAY = 86_400_000_000
const UUID_TEXT = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

const micros = (adjustedToUtc: boolean, kind: 'time' | 'timestamp'): LogicalType => ({
  kind,
  adjustedToUtc,
})

/** The layout of a primitive type; `ICEBERG_INVALID_ARGUMENT` for types the writer cannot store. */
export function primitiveLayout(type: PrimitiveType): PrimitiveLayout {
  const int64 = (min = INT64_RANGE.min, max = INT64_RANGE.max) => {
    const convert = int64Convert(type, min, max)
    return () => new Int64Sink(convert, Number(min), Number(max))
  }
  switch (type) {
    case 'boolean':
      return { type, element: { type: PhysicalType.Boolean }, newSink: () => new BooleanSink() }
    case 'int': {
      const convert = int32Convert(type)
      return { type, element: { type: PhysicalType.Int32 }, newSink: () => new Int32Sink(convert) }
    }
    case 'date': {
      const convert = int32Convert(type)
      return {
        type,
        element: {
          type: PhysicalType.Int32,
          convertedType: ConvertedType.Date,
          logicalType: { kind: 'date' },
        },
        newSink: () => new Int32Sink(convert),
      }
    }
    case 'long':
      return { type, element: { type: PhysicalType.Int64 }, newSink: int64() }
    case 'time':
      return {
        type,
        element: {
          type: PhysicalType.Int64,
          convertedType: ConvertedType.TimeMicros,
          logicalType: micros(false, 'time'),
        },
        newSink: int64(0n, BigInt(MICROS_PER_DAY - 1)),
      }
    case 'timestamp':
      // No converted type: TIMESTAMP_MICROS would tell legacy readers the values are UTC.
      return {
        type,
        element: { type: PhysicalType.Int64, logicalType: micros(false, 'timestamp') },
        newSink: int64(),
      }
    case 'timestamptz':
      return {
        type,
        element: {
          type: PhysicalType.Int64,
          convertedType: ConvertedType.TimestampMicros,
          logicalType: micros(true, 'timestamp'),
        },
        newSink: int64(),
      }
    case 'float':
    case 'double':
      return {
        type,
        element: { type: type === 'float' ? PhysicalType.Float : PhysicalType.Double },
        newSink: () => new FloatingSink(type),
      }
    case 'string':
      return {
        type,
        element: {
          type: PhysicalType.ByteArray,
          convertedType: ConvertedType.Utf8,
          logicalType: { kind: 'string' },
        },
        newSink: () => new StringSink(),
      }
    case 'binary':
      return { type, element: { type: PhysicalType.ByteArray }, newSink: () => new BinarySink() }
    case 'uuid':
      return {
        type,
        element: {
          type: PhysicalType.FixedLenByteArray,
          typeLength: 16,
          logicalType: { kind: 'uuid' },
        },
        newSink: () => new FixedSink(type, 16, uuidBytes, false, (b) => b),
      }
    default:
      return otherLayout(type)
  }
}

function otherLayout(type: PrimitiveType): PrimitiveLayout {
  const decimal = decimalParams(type)
  if (decimal !== undefined) return decimalLayout(type, decimal.precision, decimal.scale)
  const length = fixedLength(type)
  if (length !== undefined) {
    const copy = (value: unknown, out: Uint8Array, at: number) => {
      if (!(value instanceof Uint8Array) || value.length !== length) {
        throw invalidValue(type, value, `expected a Uint8Array of ${length} bytes`)
      }
      out.set(value, at)
    }
    return {
      type,
      element: { type: PhysicalType.FixedLenByteArray, typeLength: length },
      newSink: () => new FixedSink(type, length, copy, false, (b) => b),
    }
  }
  // The nanosecond timestamps belong to format v3.
  throw new IcebergError(
    'ICEBERG_INVALID_ARGUMENT',
    `the Parquet writer does not support Iceberg type ${type}`,
    { context: { type } },
  )
}

function decimalLayout(type: PrimitiveType, precision: number, scale: number): PrimitiveLayout {
  const annotations = {
    convertedType: ConvertedType.Decimal,
    scale,
    precision,
    logicalType: { kind: 'decimal', scale, precision } as const,
  }
  const convert = decimalConvert(type, precision, scale)
  if (precision <= 9) {
    return {
      type,
      element: { type: PhysicalType.Int32, ...annotations },
      newSink: () => new Int32Sink((v) => Number(convert(v)), true),
    }
  }
  if (precision <= 18) {
    // An empty fast range: every value goes through the decimal conversion.
    return {
      type,
      element: { type: PhysicalType.Int64, ...annotations },
      newSink: () => new Int64Sink(convert, 1, 0),
    }
  }
  const length = decimalBytes(precision)
  const toBytes = (value: unknown, out: Uint8Array, at: number) => {
    const unscaled = BigInt(convert(value))
    const minimal = bigIntToBytes(unscaled)
    // Sign-extend the minimal big-endian two's complement to the fixed length.
    out.fill(unscaled < 0n ? 0xff : 0, at, at + length - minimal.length)
    out.set(minimal, at + length - minimal.length)
  }
  return {
    type,
    element: { type: PhysicalType.FixedLenByteArray, typeLength: length, ...annotations },
    newSink: () => new FixedSink(type, length, toBytes, true, (b) => bytesToBigInt(b)),
  }
}

/** Bytes of a FIXED_LEN_BYTE_ARRAY decimal of `precision` digits: the fewest that hold it. */
export function decimalBytes(precision: number): number {
  let bytes = 1
  while (2n ** BigInt(8 * bytes - 1) <= 10n ** BigInt(precision)) bytes++
  return bytes
}

function uuidBytes(value: unknown, out: Uint8Array, at: number): void {
  if (typeof value === 'string' && UUID_TEXT.test(value)) {
    out.set(Buffer.from(value.replace(/-/g, ''), 'hex'), at)
  } else if (value instanceof Uint8Array && value.length === 16) {
    out.set(value, at)
  } else {
    throw invalidValue('uuid', value, 'expected a UUID string or 16 bytes')
  }
}
