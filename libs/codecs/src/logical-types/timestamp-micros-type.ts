import avsc from 'avsc'

import { toMicros, type Micros } from '@k2/core'

/**
 * Avro `timestamp-micros` on `long`: µs since the epoch, UTC, as a JS number (exact below 2^53;
 * avsc itself rejects longs it cannot represent). Writes accept what `toMicros` accepts (µs
 * numbers, bigints, Dates, ISO strings) so callers cannot hand in milliseconds by accident.
 */
export class TimestampMicrosType extends avsc.types.LogicalType {
  constructor(schema: avsc.Schema, opts?: unknown) {
    super(schema, opts)
    if ((this.underlyingType as avsc.Type).typeName !== 'long') {
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
    if (type.typeName === 'long') return (x) => x
    return undefined
  }
}
