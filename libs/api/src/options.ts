import type { Logger } from '@k2/core'
import type { QueryEngine } from '@k2/query'
import type { K2Metrics } from '@k2/telemetry'

import { ApiError } from './errors.js'

/** Limits and access rules of the API (from `K2_API_*`, D10). */
export interface ApiConfig {
  /** Accepted `X-API-Key` values. */
  readonly keys: readonly string[]
  /** Requests per minute per key on `/v1/*` (default 100). */
  readonly rateLimitPerMinute: number
  /** Allowed CORS origins; `['*']` = any. */
  readonly corsOrigins: readonly string[]
  /** Largest request body (default 10 MiB). */
  readonly maxBodyBytes: number
}

/** Defaults of {@link ApiConfig} (D7), the same as `@k2/config`'s. */
export const API_DEFAULTS = Object.freeze({
  rateLimitPerMinute: 100,
  corsOrigins: Object.freeze(['*']) as readonly string[],
  maxBodyBytes: 10 * 1024 * 1024,
})

/** One dependency's health. */
export interface DependencyHealth {
  readonly name: string
  readonly status: 'healthy' | 'degraded' | 'unhealthy'
  readonly latency_ms?: number
  readonly message?: string
}

/** What `/health` shows; `/health/ready` is 503 unless `status` is healthy or degraded. */
export interface HealthReport {
  readonly status: 'healthy' | 'degraded' | 'unhealthy'
  readonly dependencies: readonly DependencyHealth[]
}

/** Input of `createApiApp`. */
export interface ApiAppOptions {
  readonly engine: QueryEngine
  readonly config: Partial<ApiConfig> & Pick<ApiConfig, 'keys'>
  /** Dependency checks behind `/health` and `/health/ready`. */
  readonly health: () => Promise<HealthReport>
  /** Prometheus text of `/metrics`. */
  readonly metrics: () => Promise<string>
  /** HTTP request metrics (`k2_http_requests_total`, `k2_http_request_duration_seconds`). */
  readonly httpMetrics?: Pick<K2Metrics, 'httpRequests' | 'httpRequestDuration'>
  readonly logger?: Logger
  /** Shown by `GET /` and `/health`. */
  readonly version?: string
  /** Clock (ms) of the rate limiter and envelopes; tests move it. */
  readonly now?: () => number
}

/** Checks {@link ApiConfig} up front, naming the failing option (STYLE.md habit 7). */
export function validateApiConfig(config: ApiAppOptions['config']): ApiConfig {
  const bad = (option: string, message: string) =>
    new ApiError('API_INVALID_PARAMETER', `${option}: ${message}`, { context: { option } })
  if (!Array.isArray(config.keys) || config.keys.length === 0) {
    throw bad('keys', 'needs at least one API key')
  }
  if (config.keys.some((k) => typeof k !== 'string' || k.length === 0)) {
    throw bad('keys', 'keys must be non-empty strings')
  }
  const rate = config.rateLimitPerMinute ?? API_DEFAULTS.rateLimitPerMinute
  if (!Number.isInteger(rate) || rate < 1)
    throw bad('rateLimitPerMinute', 'must be an integer >= 1')
  const body = config.maxBodyBytes ?? API_DEFAULTS.maxBodyBytes
  if (!Number.isInteger(body) || body < 1) throw bad('maxBodyBytes', 'must be an integer >= 1')
  const origins = config.corsOrigins ?? API_DEFAULTS.corsOrigins
  if (origins.length === 0) throw bad('corsOrigins', 'needs at least one origin (or *)')
  return {
    keys: [...config.keys],
    rateLimitPerMinute: rate,
    corsOrigins: origins,
    maxBodyBytes: body,
  }
}
