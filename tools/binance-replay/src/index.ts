// Public API of @k2/tools-binance-replay for tests, e2e and benchmarks. Re-exports only:
// importing this module never starts anything (the CLI entry point is main.ts).
export { startReplayExchange, type ReplayExchange } from './exchange.js'
export { DEFAULTS, type ReplayExchangeOptions } from './options.js'
export {
  FAULT_KINDS,
  MAX_MALFORMED_COUNT,
  type FaultKind,
  type FaultRequest,
} from './fault-request.js'
export { DEFAULT_SHUTDOWN_GRACE_MS, type FaultResult } from './faults.js'
export { MALFORMED_KINDS, type MalformedKind } from './malformed-frames.js'
export type { ExchangeStats, SymbolStats } from './stats.js'
export type { DisconnectReason } from './connection.js'
export {
  DEFAULT_TRADES_LIMIT,
  MAX_TRADES_LIMIT,
  TRADES_WEIGHT,
  USED_WEIGHT_HEADER,
  type HistoricalTrade,
} from './rest-api.js'
export { DEFAULT_RETAINED_TRADES } from './trade-store.js'
export { REPLAY_ERROR_CODES, ReplayError, type ReplayErrorCode } from './errors.js'
export type { RecordingLine } from './recording.js'
export { tradeStreamName } from './binance-frames.js'
