/**
 * `@k2/telemetry`: logging now; OpenTelemetry tracing and the prom-client registry with every
 * metric name as a constant follow with the observability issue (D8).
 */
export { createLogger } from './logger.js'
export type { LoggerOptions } from './logger.js'
