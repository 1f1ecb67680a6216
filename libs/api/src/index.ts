/**
 * `@k2/api`: K2's REST API (DESIGN.md D7) as a Hono app over `@k2/query`. Routes are defined once
 * with zod schemas that both validate requests and generate the OpenAPI document; one error
 * funnel maps query and API errors to statuses; middleware for API keys, per-key rate limits,
 * correlation ids, CORS, body limits and request metrics. Hono is confined to this lib (D1).
 */
export { createApiApp } from './app.js'
export type { ApiApp } from './app.js'
export { startApiServer } from './server.js'
export type { ApiServer } from './server.js'
export { API_DEFAULTS, validateApiConfig } from './options.js'
export type { ApiAppOptions, ApiConfig, DependencyHealth, HealthReport } from './options.js'
export { ApiError, API_ERROR_CODES, fromQueryError, toApiError } from './errors.js'
export type { ApiErrorCode } from './errors.js'
export { buildOpenApiDocument } from './openapi/document.js'
export { parseInstantText } from './params.js'
export type { Format } from './params.js'
export type { Envelope, EnvelopeMeta, Pagination } from './http/envelope.js'
export type { RouteDefinition } from './routes/route.js'
