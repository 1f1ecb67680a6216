import { codedErrorClass } from '@k2/core'

/**
 * Error codes of `@k2/query` with their retriable flag (one table, STYLE.md habit 5). The API maps
 * them to HTTP statuses (D7): invalid parameter 400, snapshot not found 404, result too large 413,
 * timeout 504, busy 503, failed 500.
 */
export const QUERY_ERROR_CODES = {
  /** A query parameter is missing, malformed or out of range; `context.parameter` names it. */
  QUERY_INVALID_PARAMETER: { retriable: false },
  /** The `asOf` snapshot id, or a snapshot at the `asOf` time, does not exist. */
  QUERY_SNAPSHOT_NOT_FOUND: { retriable: false },
  /** The query ran longer than its timeout and was interrupted. */
  QUERY_TIMEOUT: { retriable: true },
  /** The result would exceed the engine's `maxRows`. */
  QUERY_RESULT_TOO_LARGE: { retriable: false },
  /** The engine is closed. */
  QUERY_ENGINE_CLOSED: { retriable: false },
  /** DuckDB or the table's files failed in a way the caller cannot fix (a bug or broken storage). */
  QUERY_FAILED: { retriable: false },
} as const

/** A code from {@link QUERY_ERROR_CODES}. */
export type QueryErrorCode = keyof typeof QUERY_ERROR_CODES

/** An error raised by `@k2/query`. */
export class QueryError extends codedErrorClass('QueryError', QUERY_ERROR_CODES) {}

/** A `QUERY_INVALID_PARAMETER` error naming `parameter` (D7: "400 naming the parameter"). */
export function invalidParameter(parameter: string, message: string): QueryError {
  return new QueryError('QUERY_INVALID_PARAMETER', `${parameter}: ${message}`, {
    context: { parameter },
  })
}
