import { decimalParams, isPrimitive, type IcebergType } from '@k2/iceberg'

const PRIMITIVES: Readonly<Record<string, string>> = {
  boolean: 'BOOLEAN',
  int: 'INTEGER',
  long: 'BIGINT',
  float: 'FLOAT',
  double: 'DOUBLE',
  date: 'DATE',
  time: 'TIME',
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMPTZ',
  timestamp_ns: 'TIMESTAMP_NS',
  timestamptz_ns: 'TIMESTAMPTZ',
  string: 'VARCHAR',
  uuid: 'UUID',
  binary: 'BLOB',
}

/** The DuckDB type DuckDB reads an Iceberg column's Parquet data as (for typed empty relations). */
export function duckDbType(type: IcebergType): string {
  if (isPrimitive(type)) {
    const decimal = decimalParams(type)
    if (decimal) return `DECIMAL(${decimal.precision}, ${decimal.scale})`
    return PRIMITIVES[type] ?? 'BLOB'
  }
  switch (type.type) {
    case 'list':
      return `${duckDbType(type.element)}[]`
    case 'map':
      return `MAP(${duckDbType(type.key)}, ${duckDbType(type.value)})`
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `"${f.name}" ${duckDbType(f.type)}`).join(', ')})`
  }
}
