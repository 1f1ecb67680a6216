import { IcebergError, type IcebergErrorCode } from '../errors.js'

/**
 * DuckDB error classes (the prefix of every DuckDB error message) that mean a row value was
 * rejected. The writer checks values before DuckDB sees them, so these are a backstop; any other
 * DuckDB failure (I/O, out of memory, internal) is `ICEBERG_IO_FAILED`.
 */
const DUCKDB_ERROR_CODES: ReadonlyArray<readonly [prefix: string, code: IcebergErrorCode]> = [
  ['Constraint Error', 'ICEBERG_INVALID_VALUE'],
  ['Conversion Error', 'ICEBERG_INVALID_VALUE'],
  ['Invalid Input Error', 'ICEBERG_INVALID_VALUE'],
  ['Out of Range Error', 'ICEBERG_INVALID_VALUE'],
]

/** An {@link IcebergError} for anything the Parquet writer caught; IcebergErrors pass unchanged. */
export function toIcebergError(err: unknown, context: Record<string, unknown>): IcebergError {
  if (err instanceof IcebergError) return err
  const message = err instanceof Error ? err.message : String(err)
  const code =
    DUCKDB_ERROR_CODES.find(([prefix]) => message.startsWith(prefix))?.[1] ?? 'ICEBERG_IO_FAILED'
  return new IcebergError(code, `Parquet write failed: ${message}`, { cause: err, context })
}
