/**
 * `@k2/codecs`: Avro for K2's v2 records (D2, D3): the schemas from `schemas/`, exact logical types
 * (decimal -> ExactDecimal, timestamp-micros -> µs), both Kafka framings (Confluent wire format with a
 * schema registry, Avro single-object encoding without one) and writer -> reader schema resolution.
 */
export { CodecsError, CODECS_ERROR_CODES } from './errors.js'
export type { CodecsErrorCode } from './errors.js'
export * from './codec/index.js'
export * from './framing/index.js'
export * from './logical-types/index.js'
export * from './registry/index.js'
export * from './schemas/index.js'
