/**
 * `@k2/kafka`: the only user of kafkajs (D1). Topic naming and creation (D3), an idempotent producer
 * with a bounded queue and backpressure, a decoding consumer that reports undecodable records with
 * their position, and trace-context headers.
 */
export { KafkaError, KAFKA_ERROR_CODES, fromKafkaJsError } from './errors.js'
export type { KafkaErrorCode } from './errors.js'
export * from './client/index.js'
export * from './topics/index.js'
export * from './producer/index.js'
export * from './consumer/index.js'
