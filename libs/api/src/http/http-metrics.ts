import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'

import type { K2Metrics } from '@k2/telemetry'

import type { ApiEnv } from './env.js'

/**
 * Counts requests and times them (D8 `k2_http_requests_total{method,route,status}`,
 * `k2_http_request_duration_seconds{method,route}`). `route` is the matched route pattern
 * (`/v1/summary/:symbol/:date`), never the raw path, so label values stay few; unmatched paths
 * are `unmatched`.
 */
export function httpMetrics(
  metrics: Pick<K2Metrics, 'httpRequests' | 'httpRequestDuration'>,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const started = performance.now()
    try {
      await next()
    } finally {
      const matched = routePath(c, -1)
      const route = matched === '/*' || matched === '*' || matched === '' ? 'unmatched' : matched
      const method = c.req.method
      metrics.httpRequests.inc({ method, route, status: String(c.res.status) })
      metrics.httpRequestDuration.observe({ method, route }, (performance.now() - started) / 1000)
    }
  }
}
