import type { BreakerState } from './circuit-breaker.js'
import type { FeedStatus } from './feed-status.js'

/** Why a feed opened a new connection (the `reason` label of `k2_binance_reconnects_total`). */
export const RECONNECT_REASONS = [
  /** The server or the network closed the connection. */
  'closed',
  /** The silence watchdog gave up on the connection. */
  'silence',
  /** The exchange announced a planned close (Binance `serverShutdown`): make-before-break. */
  'server_shutdown',
  /** The connection reached `maxConnectionAgeMs`: make-before-break. */
  'max_age',
  /** The previous attempt to connect failed. */
  'connect_failed',
] as const

/** A reason from {@link RECONNECT_REASONS}. */
export type ReconnectReason = (typeof RECONNECT_REASONS)[number]

/**
 * Size classes of a sequence gap (the `severity` label of `k2_sequence_gaps_detected_total`):
 * `minor` up to 10 missing trades, `major` up to 1000 (one backfill page), `critical` beyond.
 */
export type GapSeverity = 'minor' | 'major' | 'critical'

/** The severity of a gap of `size` missing trades. */
export function gapSeverity(size: number): GapSeverity {
  if (size <= 10) return 'minor'
  if (size <= 1000) return 'major'
  return 'critical'
}

/**
 * Hooks for metrics (D8). `@k2/exchanges` has no metrics library: the composition root passes an
 * observer that updates prom-client instruments. Each call says which metric it feeds; calls are
 * synchronous, cheap and must not throw (`messageReceived` is on the per-frame path).
 */
export interface FeedObserver {
  /** `k2_binance_connection_status`: 1 when `connected`, else 0 (the status is passed as is). */
  connectionStatus(status: FeedStatus): void
  /** `k2_binance_messages_received_total{symbol}`: +1 per trade frame received. */
  messageReceived(symbol: string): void
  /** `k2_binance_message_errors_total{error_type}`: +1 per invalid frame; `errorType` is its code. */
  messageError(errorType: string): void
  /** `k2_binance_reconnects_total{reason}`: +1 per new connection opened to replace another. */
  reconnect(reason: ReconnectReason): void
  /**
   * `k2_binance_connection_errors_total{error_type}`: +1 per failed connection attempt or lost
   * connection; `errorType` is one of `CONNECTION_ERROR_TYPES`.
   */
  connectionError(errorType: string): void
  /** `k2_binance_last_message_timestamp_seconds`: receipt time of the newest message (checks). */
  lastMessageTime(epochSeconds: number): void
  /** `k2_binance_reconnect_delay_seconds`: the backoff delay chosen before a reconnect. */
  reconnectDelay(seconds: number): void
  /** `k2_sequence_gaps_detected_total{exchange,symbol,severity}`: +1 per gap found. */
  gapDetected(symbol: string, size: number, severity: GapSeverity): void
  /** Trades of a gap recovered from REST (a counter next to the gap counter; no D8 name yet). */
  gapRepaired(symbol: string, count: number): void
  /** `k2_circuit_breaker_state{breaker_name}`: `BREAKER_STATE_VALUES[state]` (0/1/2). */
  circuitState(name: string, state: BreakerState): void
}

/** An observer that does nothing (the default). */
export const NOOP_FEED_OBSERVER: FeedObserver = Object.freeze({
  connectionStatus: () => {},
  messageReceived: () => {},
  messageError: () => {},
  reconnect: () => {},
  connectionError: () => {},
  lastMessageTime: () => {},
  reconnectDelay: () => {},
  gapDetected: () => {},
  gapRepaired: () => {},
  circuitState: () => {},
})

/**
 * A full observer from a partial one: missing hooks do nothing, present ones are bound to
 * `observer` (so a class instance works too).
 */
export function completeObserver(observer: Partial<FeedObserver> = {}): FeedObserver {
  const full: Record<string, unknown> = {}
  for (const [name, noop] of Object.entries(NOOP_FEED_OBSERVER)) {
    const hook: unknown = (observer as Record<string, unknown>)[name]
    full[name] = typeof hook === 'function' ? hook.bind(observer) : noop
  }
  return full as unknown as FeedObserver
}
