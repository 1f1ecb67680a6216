import { codedErrorClass, K2Error } from '@k2/core'
import { QueryError, type QueryErrorCode } from '@k2/query'

/**
 * Error codes of `@k2/api` with their HTTP status (one table, STYLE.md habit 5). Every error
 * response is `{success: false, error: {code, message, details?}}` (D7).
 */
export const API_ERROR_CODES = {
  /** A path, query or body parameter is missing, malformed or out of range; names it. */
  API_INVALID_PARAMETER: { retriable: false, status: 400 },
  /** The request body is not JSON. */
  API_INVALID_BODY: { retriable: false, status: 400 },
  /** No `X-API-Key` header on `/v1/*`. */
  API_UNAUTHORIZED: { retriable: false, status: 401 },
  /** An `X-API-Key` that is not one of the configured keys. */
  API_FORBIDDEN: { retriable: false, status: 403 },
  /** No such route. */
  API_NOT_FOUND: { retriable: false, status: 404 },
  /** The snapshot named by `as_of` or the path does not exist. */
  API_SNAPSHOT_NOT_FOUND: { retriable: false, status: 404 },
  /** The route exists but not with this method. */
  API_METHOD_NOT_ALLOWED: { retriable: false, status: 405 },
  /** The request body is larger than the configured limit, or the result than the engine's. */
  API_PAYLOAD_TOO_LARGE: { retriable: false, status: 413 },
  /** The key's requests per minute are spent; see `Retry-After`. */
  API_RATE_LIMITED: { retriable: true, status: 429 },
  /** A bug or broken storage; logged with the correlation id. */
  API_INTERNAL_ERROR: { retriable: false, status: 500 },
  /** The query engine is closed (shutting down) or not ready. */
  API_UNAVAILABLE: { retriable: true, status: 503 },
  /** The query ran longer than its timeout and was interrupted. */
  API_TIMEOUT: { retriable: true, status: 504 },
} as const

/** A code from {@link API_ERROR_CODES}. */
export type ApiErrorCode = keyof typeof API_ERROR_CODES

/** An error the API answers with; `context` becomes the response's `details`. */
export class ApiError extends codedErrorClass('ApiError', API_ERROR_CODES) {
  /** The HTTP status of this error's code. */
  get status(): number {
    return API_ERROR_CODES[this.code as ApiErrorCode]?.status ?? 500
  }
}

/** A `API_INVALID_PARAMETER` naming `parameter` (D7: "400 naming the parameter"). */
export function invalidParameter(
  parameter: string,
  message: string,
  details: Record<string, unknown> = {},
): ApiError {
  return new ApiError('API_INVALID_PARAMETER', `${parameter}: ${message}`, {
    context: { parameter, ...details },
  })
}

/** How each query error code is answered (timeout: 504, the query's own time ran out). */
const QUERY_TO_API: Readonly<Record<QueryErrorCode, ApiErrorCode>> = {
  QUERY_INVALID_PARAMETER: 'API_INVALID_PARAMETER',
  QUERY_SNAPSHOT_NOT_FOUND: 'API_SNAPSHOT_NOT_FOUND',
  QUERY_TIMEOUT: 'API_TIMEOUT',
  QUERY_RESULT_TOO_LARGE: 'API_PAYLOAD_TOO_LARGE',
  QUERY_ENGINE_CLOSED: 'API_UNAVAILABLE',
  QUERY_FAILED: 'API_INTERNAL_ERROR',
}

/**
 * A query error as an API error. `names` maps the engine's parameter names (`minPrice`,
 * `symbols[0]`, `asOf.snapshotId`) to the request's (`min_price`, `symbols[0]`, `as_of`), so the
 * 400 names what the caller sent.
 */
export function fromQueryError(
  error: QueryError,
  names: Readonly<Record<string, string>> = {},
): ApiError {
  const code = QUERY_TO_API[error.code as QueryErrorCode] ?? 'API_INTERNAL_ERROR'
  const engineName = error.context['parameter']
  if (code === 'API_INVALID_PARAMETER' && typeof engineName === 'string') {
    const parameter = renameParameter(engineName, names)
    const reason = error.message.startsWith(`${engineName}: `)
      ? error.message.slice(engineName.length + 2)
      : error.message
    return invalidParameter(parameter, reason)
  }
  const context = { ...error.context }
  if (typeof context['parameter'] === 'string') {
    context['parameter'] = renameParameter(context['parameter'], names)
  }
  return new ApiError(code, error.message, { cause: error, context })
}

/** `symbols[3]` -> `symbol[3]` when `symbols` -> `symbol`; `asOf.snapshotId` -> `as_of`. */
function renameParameter(name: string, names: Readonly<Record<string, string>>): string {
  if (Object.hasOwn(names, name)) return names[name]!
  const m = /^([A-Za-z]+)(.*)$/.exec(name)
  if (m && Object.hasOwn(names, m[1]!)) {
    const mapped = names[m[1]!]!
    return m[2]!.startsWith('.') ? mapped : `${mapped}${m[2]}`
  }
  return name
}

/** Any thrown value as an API error (unknown ones become `API_INTERNAL_ERROR`). */
export function toApiError(error: unknown, names?: Readonly<Record<string, string>>): ApiError {
  if (error instanceof ApiError) return error
  if (error instanceof QueryError) return fromQueryError(error, names)
  if (error instanceof K2Error && error.code.startsWith('QUERY_')) {
    return fromQueryError(error as QueryError, names)
  }
  return new ApiError('API_INTERNAL_ERROR', 'internal error', { cause: error })
}
