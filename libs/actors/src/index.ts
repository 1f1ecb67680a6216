/**
 * `@k2/actors`: the actor implementations of D5 (feed, writer, compactor, api host). For now the
 * thread-agnostic core of the writer actors: a buffering trade writer that commits to Iceberg on
 * rows/bytes/age and keeps exactly-once progress markers in the snapshot summaries (D6).
 */
export { ActorsError, ACTORS_ERROR_CODES } from './errors.js'
export type { ActorsErrorCode } from './errors.js'
export * from './writer/index.js'
