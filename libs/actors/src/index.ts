/**
 * `@k2/actors`: the actors of D5 and their thread-agnostic cores. `writer/`: the exactly-once
 * trade batch writer (commit policy, progress markers in snapshot summaries, D6);
 * `writer-actor/`, `kafka-writer-actor/`, `feed-actor/` (with its writer and Kafka sinks),
 * `compactor-actor/`, `api-actor/`: the actor protocols and modules the supervisor spawns; `transport/`: trade
 * batches across threads and the symbol -> writer routing of the embedded transport.
 */
export { ActorsError, ACTORS_ERROR_CODES } from './errors.js'
export type { ActorsErrorCode } from './errors.js'
export * from './writer/index.js'
export * from './kafka-ingest/index.js'
export * from './transport/index.js'
export * from './writer-actor/index.js'
export * from './kafka-writer-actor/index.js'
export * from './feed-actor/index.js'
export * from './compactor-actor/index.js'
export * from './api-actor/index.js'
export * from './sequence/index.js'
export * from './dead-letter/index.js'
export * from './tracing/index.js'
