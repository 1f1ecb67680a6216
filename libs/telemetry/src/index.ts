/**
 * `@k2/telemetry`: logging, and every metric of D8 as a constant with typed prom-client accessors
 * and the merge of worker registries into one `/metrics`. OpenTelemetry tracing follows with the
 * observability issue (D8).
 */
export { createLogger } from './logger.js'
export type { LoggerOptions } from './logger.js'
export * from './metrics/index.js'
export { TelemetryError, TELEMETRY_ERROR_CODES } from './errors.js'
export type { TelemetryErrorCode } from './errors.js'
