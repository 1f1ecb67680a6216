import {
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTimeValue,
  DuckDBUUIDValue,
  type DuckDBValue,
} from '@duckdb/node-api'

import { IcebergError } from '../errors.js'
import type { SingleValue } from '../spec/single-value.js'

/**
 * A typed value read from DuckDB in the form `encodeSingleValue` takes, without going through
 * text: decimals as unscaled bigints, dates as epoch days, times and timestamps as µs bigints.
 */
export function toSingleValue(value: DuckDBValue): SingleValue | null {
  if (value === null) return null
  switch (typeof value) {
    case 'boolean':
    case 'number':
    case 'bigint':
    case 'string':
      return value
    default:
  }
  if (value instanceof DuckDBDecimalValue) return value.value
  if (value instanceof DuckDBDateValue) return value.days
  if (
    value instanceof DuckDBTimestampTZValue ||
    value instanceof DuckDBTimestampValue ||
    value instanceof DuckDBTimeValue
  ) {
    return value.micros
  }
  if (value instanceof DuckDBUUIDValue) return value.toString()
  if (value instanceof DuckDBBlobValue) return value.bytes
  throw new IcebergError(
    'ICEBERG_INVALID_VALUE',
    `no single-value form for DuckDB value ${String(value)}`,
  )
}
