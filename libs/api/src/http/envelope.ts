import type { Context } from 'hono'

import type { ApiError } from '../errors.js'
import type { ApiEnv } from './env.js'

/** Pagination of a keyset-paginated result (no offsets: D7 pitfall). */
export interface Pagination {
  readonly limit: number
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly next_cursor: string | null
  readonly has_more: boolean
  /** Rows matching the filters in the whole range (replay only). */
  readonly total?: number
}

/** The `meta` of every envelope. */
export interface EnvelopeMeta {
  readonly correlation_id: string
  /** Response time, ISO-8601 UTC. */
  readonly timestamp: string
  /** The snapshot the data was read from (reproducible reads; decimal string). */
  readonly snapshot_id?: string | null
}

/** The success envelope of D7. */
export interface Envelope<T> {
  readonly success: true
  readonly data: T
  readonly pagination?: Pagination
  readonly meta: EnvelopeMeta
}

/** `meta` for the current request. */
export function envelopeMeta(
  c: Context<ApiEnv>,
  extra: { snapshot_id?: string | null } = {},
): EnvelopeMeta {
  return {
    correlation_id: c.get('correlationId'),
    timestamp: new Date().toISOString(),
    ...extra,
  }
}

/** A JSON success response `{success, data, pagination?, meta}`. */
export function ok<T>(
  c: Context<ApiEnv>,
  data: T,
  options: { pagination?: Pagination; snapshotId?: string | null } = {},
): Response {
  const body: Envelope<T> = {
    success: true,
    data,
    ...(options.pagination ? { pagination: options.pagination } : {}),
    meta: envelopeMeta(
      c,
      options.snapshotId !== undefined ? { snapshot_id: options.snapshotId } : {},
    ),
  }
  return c.json(body)
}

/** The error body of D7 `{success:false, error:{code, message, details?}}` (+ correlation id). */
export function errorBody(error: ApiError, correlationId: string) {
  const details = { ...error.context }
  return {
    success: false as const,
    error: {
      code: error.code,
      message: error.message,
      ...(Object.keys(details).length > 0 ? { details } : {}),
    },
    meta: { correlation_id: correlationId, timestamp: new Date().toISOString() },
  }
}
