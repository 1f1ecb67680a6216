/**
 * `@k2/core`: the domain model of K2 (v2 trades, quotes, reference data), exact decimals, µs time,
 * deterministic ids, typed errors with codes and the one retry policy. Imports nothing of ours (D1).
 */
export * from './errors/index.js'
export * from './decimal/index.js'
export * from './time/index.js'
export * from './ids/index.js'
export * from './model/index.js'
export * from './retry/index.js'
export * from './logging/index.js'
export * from './workers/index.js'
