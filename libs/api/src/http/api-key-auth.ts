import { createHash, timingSafeEqual } from 'node:crypto'

import type { MiddlewareHandler } from 'hono'

import { ApiError } from '../errors.js'
import type { ApiEnv } from './env.js'

/** The header carrying the API key (the old K2 API's). */
export const API_KEY_HEADER = 'X-API-Key'

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest()

/**
 * `X-API-Key` check (D7): 401 without a key, 403 with a wrong one. Keys are compared as SHA-256
 * digests in constant time, so response time does not leak how much of a key matched.
 */
export function apiKeyAuth(keys: readonly string[]): MiddlewareHandler<ApiEnv> {
  const digests = keys.map(digest)
  return async (c, next) => {
    const key = c.req.header(API_KEY_HEADER)
    if (key === undefined || key === '') {
      throw new ApiError('API_UNAUTHORIZED', `missing ${API_KEY_HEADER} header`)
    }
    const given = digest(key)
    if (!digests.some((d) => timingSafeEqual(d, given))) {
      throw new ApiError('API_FORBIDDEN', `invalid ${API_KEY_HEADER}`)
    }
    await next()
  }
}
