import { ExactDecimal } from '@k2/core'

import { IcebergError } from '../errors.js'
import { decimalParams, type PrimitiveType } from '../spec/types.js'
import { decimalUnscaled } from './decimal-unscaled.js'

/**
 * How the values of one Iceberg primitive type travel from JS rows into a DuckDB column whose
 * Parquet form is the one the Iceberg spec requires (spec: "Parquet" type mapping): JS validates
 * each value and turns it into a JSON-safe staged form, DuckDB parses the staged block with
 * `json_transform_strict` (or splits it, for text) and converts it to the final type in SQL.
 * Nothing goes through a JS float that was not one already: decimals travel as their exact
 * unscaled integer (or text beyond 18 digits), 64-bit integers as JSON integers (parsed as int64)
 * or decimal strings.
 */
export interface PrimitivePlan {
  readonly type: PrimitiveType
  /** DuckDB type of the column written to Parquet. */
  readonly sqlType: string
  /** DuckDB type the staged JSON value is read as. */
  readonly jsonType: string
  /**
   * True when staged values are strings (`jsonType` VARCHAR), so a block without nulls can travel
   * as one separator-joined string, which is cheaper to build and to split than JSON.
   */
  readonly text: boolean
  /** SQL converting a staged value (an SQL expression) to `sqlType`; absent when it already is. */
  readonly convert?: (expr: string) => string
  /** Checks one non-null JS value and returns its staged form; throws `ICEBERG_INVALID_VALUE`. */
  readonly stage: (value: unknown) => unknown
}

const INT64_MIN = -(1n << 63n)
const INT64_MAX = (1n << 63n) - 1n
const MICROS_PER_DAY = 86_400_000_000
const UUID_TEXT = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

function invalid(type: PrimitiveType, value: unknown, reason = ''): IcebergError {
  let shown: string
  if (typeof value === 'bigint') shown = `${value}n`
  else if (value instanceof Uint8Array) shown = `<${value.length} bytes>`
  else if (ExactDecimal.isDecimal(value)) shown = (value as ExactDecimal).toFixed()
  else shown = JSON.stringify(value) ?? String(value)
  return new IcebergError(
    'ICEBERG_INVALID_VALUE',
    `${shown} is not a valid ${type} value${reason === '' ? '' : `: ${reason}`}`,
  )
}

/** A 64-bit integer as a JSON number when exact, else as a decimal string DuckDB casts exactly. */
function stageInt64(type: PrimitiveType, min: bigint, max: bigint) {
  return (value: unknown): unknown => {
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      if (value < min || value > max) throw invalid(type, value, 'out of range')
      return value
    }
    if (typeof value === 'bigint' && value >= min && value <= max) return value.toString()
    throw invalid(type, value, 'expected a safe integer number or a bigint')
  }
}

function stageDouble(type: PrimitiveType) {
  return (value: unknown): unknown => {
    if (typeof value !== 'number') throw invalid(type, value, 'expected a number')
    // JSON has no NaN, infinities or negative zero; DuckDB casts these strings to them exactly.
    if (Number.isFinite(value) && !Object.is(value, -0)) return value
    return Object.is(value, -0) ? '-0.0' : String(value)
  }
}

/** Decimals up to 18 digits (INT64 in Parquet) travel as their unscaled integer. */
function stageDecimal64(type: PrimitiveType, precision: number, scale: number) {
  const limit = 10n ** BigInt(precision)
  return (value: unknown): unknown => {
    const d = checkDecimal(type, value)
    const unscaled = decimalUnscaled(d, scale)
    if (unscaled === undefined) throw invalid(type, value, `more than ${scale} fractional digits`)
    // A safe integer has at most 16 digits, so only precisions up to 15 can overflow here.
    const tooLarge =
      typeof unscaled === 'number'
        ? precision <= 15 && Math.abs(unscaled) >= 10 ** precision
        : unscaled >= limit || unscaled <= -limit
    if (tooLarge) throw invalid(type, value, `more than ${precision - scale} integer digits`)
    return typeof unscaled === 'number' ? unscaled : unscaled.toString()
  }
}

/** Wider decimals travel as exact text (DuckDB would round extra fractional digits: checked). */
function stageDecimalText(type: PrimitiveType, precision: number, scale: number) {
  return (value: unknown): unknown => {
    const d = checkDecimal(type, value)
    if (d.decimalPlaces() > scale)
      throw invalid(type, value, `more than ${scale} fractional digits`)
    if (!d.isZero() && d.e >= precision - scale) {
      throw invalid(type, value, `more than ${precision - scale} integer digits`)
    }
    return d.toFixed()
  }
}

function checkDecimal(type: PrimitiveType, value: unknown): ExactDecimal {
  if (!(value instanceof ExactDecimal) && !ExactDecimal.isDecimal(value)) {
    throw invalid(type, value, 'expected an ExactDecimal')
  }
  const d = value as ExactDecimal
  if (!d.isFinite()) throw invalid(type, value, 'not finite')
  return d
}

function decimalPlan(type: PrimitiveType, precision: number, scale: number): PrimitivePlan {
  const sqlType = `DECIMAL(${precision},${scale})`
  if (precision > 18) {
    return {
      type,
      sqlType,
      jsonType: 'VARCHAR',
      text: true,
      convert: (e) => `CAST(${e} AS ${sqlType})`,
      stage: stageDecimalText(type, precision, scale),
    }
  }
  // unscaled x 10^-scale, computed exactly in DECIMAL arithmetic (DECIMAL(P,0) * DECIMAL(s+1,s)).
  const unit = scale === 0 ? '1' : `0.${'0'.repeat(scale - 1)}1`
  return {
    type,
    sqlType,
    jsonType: 'BIGINT',
    text: false,
    convert: (e) => `CAST(CAST(${e} AS DECIMAL(${precision},0)) * ${unit} AS ${sqlType})`,
    stage: stageDecimal64(type, precision, scale),
  }
}

const identity = (expr: string): string => expr

/** The plan of a primitive type; `ICEBERG_INVALID_ARGUMENT` for types this writer cannot store. */
export function primitivePlan(type: PrimitiveType): PrimitivePlan {
  switch (type) {
    case 'boolean':
      return {
        type,
        sqlType: 'BOOLEAN',
        jsonType: 'BOOLEAN',
        text: false,
        stage: (v) => {
          if (typeof v !== 'boolean') throw invalid(type, v)
          return v
        },
      }
    case 'int':
      return { type, sqlType: 'INTEGER', jsonType: 'INTEGER', text: false, stage: stageInt32(type) }
    case 'date':
      return {
        type,
        sqlType: 'DATE',
        jsonType: 'INTEGER',
        text: false,
        convert: (e) => `CAST(DATE '1970-01-01' + ${e} AS DATE)`,
        stage: stageInt32(type),
      }
    case 'long':
      return {
        type,
        sqlType: 'BIGINT',
        jsonType: 'BIGINT',
        text: false,
        stage: stageInt64(type, INT64_MIN, INT64_MAX),
      }
    case 'time':
      return {
        type,
        sqlType: 'TIME',
        jsonType: 'BIGINT',
        text: false,
        convert: (e) => `CAST(TIME '00:00:00' + to_microseconds(${e}) AS TIME)`,
        stage: stageInt64(type, 0n, BigInt(MICROS_PER_DAY - 1)),
      }
    case 'timestamp':
      return {
        type,
        sqlType: 'TIMESTAMP',
        jsonType: 'BIGINT',
        text: false,
        convert: (e) => `make_timestamp(${e})`,
        stage: stageInt64(type, INT64_MIN, INT64_MAX),
      }
    case 'timestamptz':
      return {
        type,
        sqlType: 'TIMESTAMPTZ',
        jsonType: 'BIGINT',
        text: false,
        convert: (e) => `make_timestamptz(${e})`,
        stage: stageInt64(type, INT64_MIN, INT64_MAX),
      }
    case 'float':
      return { type, sqlType: 'FLOAT', jsonType: 'FLOAT', text: false, stage: stageDouble(type) }
    case 'double':
      return { type, sqlType: 'DOUBLE', jsonType: 'DOUBLE', text: false, stage: stageDouble(type) }
    case 'string':
      return {
        type,
        sqlType: 'VARCHAR',
        jsonType: 'VARCHAR',
        text: true,
        stage: (v) => {
          if (typeof v !== 'string') throw invalid(type, v, 'expected a string')
          return v
        },
      }
    case 'uuid':
      return {
        type,
        sqlType: 'UUID',
        jsonType: 'VARCHAR',
        text: true,
        convert: (e) => `CAST(${e} AS UUID)`,
        stage: (v) => {
          if (typeof v === 'string' && UUID_TEXT.test(v)) return v.toLowerCase()
          if (v instanceof Uint8Array && v.length === 16) {
            const h = Buffer.from(v.buffer, v.byteOffset, 16).toString('hex')
            return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
          }
          throw invalid(type, v, 'expected a UUID string or 16 bytes')
        },
      }
    case 'binary':
      return {
        type,
        sqlType: 'BLOB',
        jsonType: 'VARCHAR',
        text: true,
        convert: (e) => `from_hex(${e})`,
        stage: (v) => {
          if (!(v instanceof Uint8Array)) throw invalid(type, v, 'expected a Uint8Array')
          return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')
        },
      }
    default: {
      const decimal = decimalParams(type)
      if (decimal !== undefined) return decimalPlan(type, decimal.precision, decimal.scale)
      // fixed[L] has no DuckDB type that Parquet writes as FIXED_LEN_BYTE_ARRAY(L); the
      // nanosecond timestamps belong to format v3.
      throw new IcebergError(
        'ICEBERG_INVALID_ARGUMENT',
        `the DuckDB Parquet writer does not support Iceberg type ${type}`,
        { context: { type } },
      )
    }
  }
}

function stageInt32(type: PrimitiveType) {
  return (value: unknown): unknown => {
    if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= -0x80000000 &&
      value <= 0x7fffffff
    ) {
      return value
    }
    throw invalid(type, value, 'expected a 32-bit integer number')
  }
}

/** The SQL conversion of a plan, identity when the staged value already has the final type. */
export function convertOf(plan: PrimitivePlan): (expr: string) => string {
  return plan.convert ?? identity
}
