import avsc from 'avsc'

import { toMicros, type Micros } from '@k2/core'

import { EXACT_LONG_TYPE } from './exact-long-type.js'

/**
 * Avro `timestamp-micros` on `long`: µs since the epoch, UTC, as a JS number, exact over the whole
 * ±(2^53 - 1) range (the underlying long is {@link EXACT_LONG_TYPE}, not avsc's float-based one).
 * Writes accept what `toMicros` accepts (µs numbers, bigints, Dates, ISO strings) so callers
 * cannot hand in milliseconds by accident.
 */
export class TimestampMicrosType extends avsc.types.LogicalType {
  constructor(schema: avsc.Schema, opts?: avsc.ForSchemaOptions) {
    // avsc builds the underlying type from this same schema object: make that the exact long.
    super(schema, {
      ...opts,
      typeHook: (s: avsc.Schema) =>
        s === schema && (schema as { type?: unknown }).type === 'long'
          ? EXACT_LONG_TYPE
          : undefined,
    })
    if (this.underlyingType !== EXACT_LONG_TYPE) {
      throw new Error('timestamp-micros logical type is supported on long only')
    }
  }

  protected override _fromValue(value: number): Micros {
    return value
  }

  protected override _toValue(value: unknown): number {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value
    return toMicros('timestamp', value as number | bigint | string | Date)
  }

  protected override _resolve(type: avsc.Type): ((x: unknown) => unknown) | undefined {
    if (type instanceof TimestampMicrosType) return (x) => x
    // A plain long written by an older producer is read as µs too.
    if (type.typeName === 'long' || type.typeName === 'abstract:long') return (x) => x
    return undefined
  }
}
