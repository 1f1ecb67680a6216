import { z } from 'zod'

import { ok } from '../http/envelope.js'
import { DOCS_PAGE_HTML } from '../openapi/docs-page.js'
import type { HealthReport } from '../options.js'
import type { RouteDeps } from './deps.js'
import { defineRoute, type RouteDefinition } from './route.js'
import { HealthSchema } from './schemas.js'

/** Health that never throws: a failing check is itself an unhealthy report. */
async function safeHealth(deps: RouteDeps): Promise<HealthReport> {
  try {
    return await deps.health()
  } catch (error) {
    deps.logger.warn({ err: error }, 'health check failed')
    return {
      status: 'unhealthy',
      dependencies: [{ name: 'health-check', status: 'unhealthy', message: String(error) }],
    }
  }
}

/** `/`, health, metrics, the OpenAPI document and the docs page (no API key). */
export function systemRoutes(
  deps: RouteDeps,
  openApiDocument: () => Record<string, unknown>,
): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/',
      operationId: 'root',
      tag: 'system',
      summary: 'Service name, version and links',
      auth: false,
      data: z.object({
        name: z.string(),
        version: z.string(),
        links: z.record(z.string(), z.string()),
      }),
      handle: (c) =>
        ok(c, {
          name: 'K2 market data API',
          version: deps.version,
          links: {
            docs: '/docs',
            openapi: '/openapi.json',
            health: '/health',
            metrics: '/metrics',
          },
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/health',
      operationId: 'health',
      tag: 'system',
      summary: 'Dependency checks (503 when unhealthy)',
      auth: false,
      raw: { mediaType: 'application/json', schema: HealthSchema },
      errors: [503],
      handle: async (c) => {
        const report = await safeHealth(deps)
        return c.json(
          {
            status: report.status,
            version: deps.version,
            timestamp: new Date().toISOString(),
            dependencies: report.dependencies,
          },
          report.status === 'unhealthy' ? 503 : 200,
        )
      },
    }),
    defineRoute({
      method: 'get',
      path: '/health/live',
      operationId: 'healthLive',
      tag: 'system',
      summary: 'Liveness: the process answers',
      auth: false,
      raw: { mediaType: 'application/json', schema: z.object({ status: z.string() }) },
      handle: (c) => c.json({ status: 'ok' }),
    }),
    defineRoute({
      method: 'get',
      path: '/health/ready',
      operationId: 'healthReady',
      tag: 'system',
      summary: 'Readiness: 200 when queries can be served, else 503',
      auth: false,
      raw: { mediaType: 'application/json', schema: z.object({ status: z.string() }) },
      errors: [503],
      handle: async (c) => {
        const report = await safeHealth(deps)
        const ready = report.status !== 'unhealthy'
        return c.json({ status: ready ? 'ready' : 'not_ready' }, ready ? 200 : 503)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/metrics',
      operationId: 'metrics',
      tag: 'system',
      summary: 'Prometheus metrics',
      auth: false,
      raw: { mediaType: 'text/plain' },
      handle: async (c) =>
        c.body(await deps.metrics(), 200, {
          'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      operationId: 'openapi',
      tag: 'system',
      summary: 'This OpenAPI 3 document',
      auth: false,
      raw: { mediaType: 'application/json' },
      handle: (c) => c.json(openApiDocument()),
    }),
    defineRoute({
      method: 'get',
      path: '/docs',
      operationId: 'docs',
      tag: 'system',
      summary: 'Interactive API docs (self-contained HTML)',
      auth: false,
      raw: { mediaType: 'text/html' },
      handle: (c) => c.html(DOCS_PAGE_HTML),
    }),
  ]
}
