import { IcebergError } from '../errors.js'
import { decimalParams, type PrimitiveType } from '../spec/types.js'

/** The DuckDB side of an Iceberg primitive column in a rewrite: its type. */
export interface PrimitivePlan {
  readonly type: PrimitiveType
  /** DuckDB type whose Parquet form is the one the Iceberg spec requires. */
  readonly sqlType: string
}

const SQL_TYPES: Partial<Record<PrimitiveType, string>> = {
  boolean: 'BOOLEAN',
  int: 'INTEGER',
  long: 'BIGINT',
  float: 'FLOAT',
  double: 'DOUBLE',
  date: 'DATE',
  time: 'TIME',
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMPTZ',
  string: 'VARCHAR',
  uuid: 'UUID',
  binary: 'BLOB',
}

/**
 * The DuckDB plan of a primitive type; `ICEBERG_INVALID_ARGUMENT` for types DuckDB cannot write
 * in the form Iceberg requires (fixed[L]: DuckDB has no type it writes as FIXED_LEN_BYTE_ARRAY(L);
 * the nanosecond timestamps belong to format v3).
 */
export function primitivePlan(type: PrimitiveType): PrimitivePlan {
  const sqlType = SQL_TYPES[type]
  if (sqlType !== undefined) return { type, sqlType }
  const decimal = decimalParams(type)
  if (decimal !== undefined) {
    return { type, sqlType: `DECIMAL(${decimal.precision},${decimal.scale})` }
  }
  throw new IcebergError(
    'ICEBERG_INVALID_ARGUMENT',
    `the DuckDB rewrite does not support Iceberg type ${type}`,
    { context: { type } },
  )
}
