import type { MiddlewareHandler } from 'hono'

import { ApiError } from '../errors.js'
import { API_KEY_HEADER } from './api-key-auth.js'
import type { ApiEnv } from './env.js'

const WINDOW_MS = 60_000

/**
 * Per-key rate limit on `/v1/*` (D7): a fixed one-minute window per API key, `limit` requests
 * each. Every response carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
 * `X-RateLimit-Reset` (epoch seconds when the window ends); a refused one is 429 with
 * `Retry-After` (seconds). Runs after authentication, so only real keys take memory. Per process:
 * several API processes each allow `limit` (documented in the README).
 */
export function rateLimit(limit: number, now: () => number): MiddlewareHandler<ApiEnv> {
  const windows = new Map<string, { start: number; count: number }>()
  return async (c, next) => {
    const key = c.req.header(API_KEY_HEADER) ?? ''
    const t = now()
    let w = windows.get(key)
    if (w === undefined || t - w.start >= WINDOW_MS) {
      w = { start: t - (t % WINDOW_MS), count: 0 }
      windows.set(key, w)
    }
    w.count++
    const resetMs = w.start + WINDOW_MS
    const headers = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - w.count)),
      'X-RateLimit-Reset': String(Math.ceil(resetMs / 1000)),
    }
    // Set on the context so they reach the response whether the handler answers or throws.
    for (const [name, value] of Object.entries(headers)) c.header(name, value)
    if (w.count > limit) {
      const retryAfter = Math.max(1, Math.ceil((resetMs - t) / 1000))
      c.header('Retry-After', String(retryAfter))
      throw new ApiError('API_RATE_LIMITED', `rate limit of ${limit} requests per minute`, {
        context: { limit, retry_after_seconds: retryAfter },
      })
    }
    await next()
  }
}
