import { quoteIdentifier, quoteString, toLocalPath, type IcebergSchema } from '@k2/iceberg'

import { duckDbType } from './duckdb-type.js'

/**
 * The SQL relation a query reads: `read_parquet([...])` over the planned files (D4: "hand the
 * surviving file list to DuckDB read_parquet"). File paths come from our manifests, never from a
 * caller, and are still quoted as literals (a table function's file list cannot be a prepared
 * parameter). No file -> an empty relation of the schema's columns and types, so every query
 * runs the same SQL and returns typed empty results (DuckDB refuses `read_parquet([])`).
 */
export function parquetRelation(files: readonly string[], schema: IcebergSchema): string {
  if (files.length > 0) {
    const list = files.map((f) => quoteString(toLocalPath(f))).join(', ')
    return `read_parquet([${list}])`
  }
  const columns = schema.fields
    .map((f) => `CAST(NULL AS ${duckDbType(f.type)}) AS ${quoteIdentifier(f.name)}`)
    .join(', ')
  return `(SELECT ${columns} WHERE false)`
}
