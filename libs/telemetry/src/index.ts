/**
 * `@k2/telemetry`: logging, every metric of D8 as a constant with typed prom-client accessors and
 * the merge of worker registries into one `/metrics`, and OpenTelemetry tracing (D8) behind a
 * small K2 API (`createTracing`, `traceparent` helpers): OpenTelemetry is confined to this lib.
 */
export { createLogger } from './logger.js'
export type { LoggerOptions } from './logger.js'
export * from './metrics/index.js'
export * from './tracing/index.js'
export { TelemetryError, TELEMETRY_ERROR_CODES } from './errors.js'
export type { TelemetryErrorCode } from './errors.js'
