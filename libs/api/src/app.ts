import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'

import { NOOP_LOGGER } from '@k2/core'

import { ApiError, toApiError } from './errors.js'
import { API_KEY_HEADER, apiKeyAuth } from './http/api-key-auth.js'
import { CORRELATION_HEADER, correlationId } from './http/correlation-id.js'
import { errorBody } from './http/envelope.js'
import type { ApiEnv } from './http/env.js'
import { httpMetrics } from './http/http-metrics.js'
import { rateLimit } from './http/rate-limit.js'
import { buildOpenApiDocument } from './openapi/document.js'
import { validateApiConfig, type ApiAppOptions } from './options.js'
import { aggregateRoutes } from './routes/aggregate-routes.js'
import { catalogRoutes } from './routes/catalog-routes.js'
import type { RouteDeps } from './routes/deps.js'
import { marketRoutes } from './routes/market-routes.js'
import { honoPath, mountRoutes, type RouteDefinition } from './routes/route.js'
import { systemRoutes } from './routes/system-routes.js'

/** The API app and the route definitions it serves (the OpenAPI document's source). */
export type ApiApp = Hono<ApiEnv> & { readonly definitions: readonly RouteDefinition[] }

/**
 * The K2 REST API (D7) as a Hono app over a `@k2/query` engine. Middleware, in order: request
 * metrics, correlation id, CORS, body-size limit, then on `/v1/*` the API key (401/403) and the
 * per-key rate limit (429). Every route validates its inputs with the zod schemas that also
 * generate `/openapi.json`; every error goes through one funnel (`onError`) that answers
 * `{success:false, error:{code, message, details?}}` with the status of its code, and logs
 * unexpected ones (500) with the correlation id.
 */
export function createApiApp(options: ApiAppOptions): ApiApp {
  const config = validateApiConfig(options.config)
  const logger = (options.logger ?? NOOP_LOGGER).child({ component: 'api' })
  const now = options.now ?? Date.now
  const deps: RouteDeps = {
    engine: options.engine,
    logger,
    health: options.health,
    metrics: options.metrics,
    version: options.version ?? '0.1.0',
  }
  const app = new Hono<ApiEnv>()

  if (options.httpMetrics) app.use('*', httpMetrics(options.httpMetrics))
  app.use('*', correlationId())
  app.use(
    '*',
    cors({
      origin: config.corsOrigins.includes('*') ? '*' : [...config.corsOrigins],
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Accept', API_KEY_HEADER, CORRELATION_HEADER],
      exposeHeaders: [
        CORRELATION_HEADER,
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
        'Retry-After',
        'Content-Disposition',
      ],
      maxAge: 600,
    }),
  )
  app.use(
    '*',
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: () => {
        throw new ApiError(
          'API_PAYLOAD_TOO_LARGE',
          `the request body is larger than ${config.maxBodyBytes} bytes`,
          { context: { max_body_bytes: config.maxBodyBytes } },
        )
      },
    }),
  )
  app.use('/v1/*', apiKeyAuth(config.keys))
  app.use('/v1/*', rateLimit(config.rateLimitPerMinute, now))

  let document: Record<string, unknown> | undefined
  const definitions: RouteDefinition[] = []
  definitions.push(
    ...systemRoutes(deps, () => (document ??= buildOpenApiDocument(definitions, deps))),
    ...marketRoutes(deps),
    ...aggregateRoutes(deps),
    ...catalogRoutes(deps),
  )
  mountRoutes(app, definitions)

  const paths = definitions.map((d) => ({
    method: d.method.toUpperCase(),
    pattern: honoPath(d.path),
  }))
  app.notFound((c) => {
    const path = c.req.path
    const known = paths.some((p) => matches(p.pattern, path))
    const error = known
      ? new ApiError('API_METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${path}`)
      : new ApiError('API_NOT_FOUND', `no route ${c.req.method} ${path}`)
    return c.json(errorBody(error, c.get('correlationId') ?? ''), error.status as 404)
  })

  app.onError((err, c) => {
    const error = toApiError(err)
    const correlation = c.get('correlationId') ?? ''
    if (error.status >= 500) {
      logger.error(
        {
          err: error.code === 'API_INTERNAL_ERROR' ? (error.cause ?? err) : err,
          code: error.code,
          correlation_id: correlation,
          method: c.req.method,
          path: c.req.path,
        },
        'request failed',
      )
    }
    if (error.code === 'API_UNAVAILABLE') c.header('Retry-After', '5')
    return c.json(errorBody(error, correlation), error.status as 400)
  })

  return Object.assign(app, { definitions: Object.freeze([...definitions]) })
}

/** Whether a Hono pattern (`/v1/bars/:interval`) matches a path. */
function matches(pattern: string, path: string): boolean {
  const a = pattern.split('/')
  const b = path.replace(/\/+$/, '').split('/')
  if (path === '/') return pattern === '/'
  return a.length === b.length && a.every((part, i) => part.startsWith(':') || part === b[i])
}
