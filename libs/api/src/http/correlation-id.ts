import { randomUUID } from 'node:crypto'

import type { MiddlewareHandler } from 'hono'

import type { ApiEnv } from './env.js'

/** The header a correlation id comes in and goes out on (D7). */
export const CORRELATION_HEADER = 'X-Correlation-ID'

/** What a caller's id may look like (anything else is replaced: ids end up in logs). */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** Takes the caller's `X-Correlation-ID` (or makes one) and echoes it on the response. */
export function correlationId(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const given = c.req.header(CORRELATION_HEADER)
    const id = given !== undefined && SAFE_ID.test(given) ? given : randomUUID()
    c.set('correlationId', id)
    c.header(CORRELATION_HEADER, id)
    await next()
    c.res.headers.set(CORRELATION_HEADER, id)
  }
}
